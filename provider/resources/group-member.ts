/**
 * GroupMember: a person of the organization in a group.
 * - id: the user id. Replaces on: `groupId`, `userId` (another membership; the old one is removed first).
 * - create: one POST, which answers only the pair: `email` and `name` are filled by the first read.
 * - delete: DELETE (the person stays in the organization). 404 on read: gone.
 * - create after an ambiguous failure: adopts the membership if the person is now in the group
 *   (keyed by group and person: it cannot be doubled).
 * - adopt ({ import: "<groupId>/<userId>" }, or the user id with `groupId`): one GET.
 */
import { z } from "zod";
import { type AdminClient, type GroupMemberUser, groups, isAdminError } from "../client";
import { createOnce } from "../lost-create";
import { documented, scopedImportId } from "../fields";
import { defineResource, madeAt } from "../handler";
import { addOrTakeOver, existedBefore, memberOperations, noUpdate, orNone } from "../membership";

const id = (what: string) => z.string({ error: `is required: the ${what} id` }).trim().min(1, `is required: the ${what} id`);

// The words of the TSDoc npm run generate writes into sdk/group-member.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "groupId": "The group. Changing it replaces the membership.",
  "userId": "The person (`user-…`), already in the organization. Changing it replaces the membership.",
  "(class)": "A person of the organization in a group. Deleting it takes the person out of the group only. Replaced (the old membership removed first) when the group or the person changes. Adopt one with `{ import: \"<groupId>/<userId>\" }`."
};

export const GroupMemberInputs = documented(DOCS, z.strictObject({ groupId: id("group"), userId: id("user") }));
export type GroupMemberInputs = z.infer<typeof GroupMemberInputs>;

/** What state holds for a group membership. */
export const GroupMemberOutputs = z.object({
  groupId: z.string(),
  userId: z.string().describe("The user id, also the resource id."),
  email: z.string().nullable().describe("Filled by the first refresh (the add answers only the ids)."),
  name: z.string().nullable().describe("The person's name. Filled by the first refresh (the add answers only the ids)."),
  existedBefore,
  createdAt: madeAt,
});
export type GroupMemberOutputs = z.infer<typeof GroupMemberOutputs>;

const outputs = (groupId: string, u: GroupMemberUser, existedBefore: boolean): GroupMemberOutputs => ({
  groupId,
  userId: u.id,
  email: u.email?.toLowerCase() ?? null,
  name: u.name ?? null,
  existedBefore,
});

export const groupMember = defineResource<GroupMemberInputs, GroupMemberOutputs>({
  type: "GroupMember",
  inputs: GroupMemberInputs,
  outputs: GroupMemberOutputs,
  importId: scopedImportId("GroupMember", "groupId", "<groupId>/<userId>"),
  replaceOn: ["groupId", "userId"],
  importIdForm: "<groupId>/<userId>",
  lives: { path: "/organization/groups/{groupId}/users", under: "Group" },
  describe: (props) => `member ${String(props.userId ?? "?")} of group ${String(props.groupId ?? "?")}`,

  async create(c, inputs) {
    const { existedBefore } = await addOrTakeOver<unknown>(() => addOnce(c, inputs), () => orNone(() => groups.retrieveUser(c, inputs.groupId, inputs.userId)));
    return { id: inputs.userId, outs: { groupId: inputs.groupId, userId: inputs.userId, email: null, name: null, existedBefore } };
  },

  ...memberOperations<GroupMemberInputs, GroupMemberOutputs, GroupMemberUser>({
    parent: "groupId",
    retrieve: (c, groupId, userId) => groups.retrieveUserListed(c, groupId, userId),
    remove: (c, groupId, userId) => groups.removeUser(c, groupId, userId),
    idOf: (u) => u.id,
    outputs: (groupId, u, existedBefore) => outputs(groupId, u, existedBefore),
    describe: (userId, outs) => `OpenAI GroupMember ${userId} of group ${outs.groupId}`,
  }),
  update: noUpdate("GroupMember", "a membership has nothing to update"),
});

/** One POST, which answers only the pair: `email` and `name` are filled by the first read. */
function addOnce(c: AdminClient, inputs: GroupMemberInputs) {
  return createOnce(() => groups.addUser(c, inputs.groupId, inputs.userId), {
    what: `member ${inputs.userId} of group ${inputs.groupId}`,
    candidates: async () => {
      try {
        await groups.retrieveUser(c, inputs.groupId, inputs.userId);
        return [{ object: "group.user" as const, user_id: inputs.userId, group_id: inputs.groupId }];
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return [];
        throw e;
      }
    },
    retrieve: async () => ({ object: "group.user" as const, user_id: inputs.userId, group_id: inputs.groupId }),
    importLine: () => `{ import: "${inputs.groupId}/${inputs.userId}" }`,
  });
}
