/**
 * Group: a named group of people in the organization (members: GroupMember).
 * - id: the group id. Nothing replaces it: a new name is an update.
 * - create: refused before any write when a group of the same name exists (unless `allowDuplicateName`),
 *   from one listing of the groups per process; then one POST. update: one POST. delete: DELETE. 404: gone / done.
 * - create after an ambiguous failure: adopts only a new group of the name (not there before the create).
 * - adopt ({ import: "group_…" }): the run's listing (client/listed.ts), else one GET.
 */
import { z } from "zod";
import { type AdminClient, type Group, groups } from "../client";
import { documented, objectName } from "../fields";
import { defineResource } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// The words of the TSDoc npm run generate writes into sdk/group.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "name": "The group's name. Updated in place.",
  "allowDuplicateName": "Make the group even when one of the same name exists. Default false: such a create is refused before any write.",
  "(class)": "A group of people in the organization; add people with GroupMember. A new name is an update in place; deleting it deletes the group. Adopt one with `{ import: \"group_…\" }`."
};

export const GroupInputs = documented(DOCS, z.strictObject({
  name: objectName.max(255, "must be at most 255 characters"),
  /** Make the group even when one of the same name exists (names are not unique). */
  allowDuplicateName: z.boolean({ error: "must be true or false" }).optional(),
}));
export type GroupInputs = z.infer<typeof GroupInputs>;

/** What state holds for a group. */
export const GroupOutputs = z.object({
  groupId: z.string().describe("The group id, also the resource id."),
  name: z.string(),
  createdAt: z.number().describe("Unix seconds."),
  isScimManaged: z.boolean().describe("True when the identity provider (SCIM) owns the group."),
});
export type GroupOutputs = z.infer<typeof GroupOutputs>;

const outputs = (g: Group): GroupOutputs => ({ groupId: g.id, name: g.name, createdAt: g.created_at, isScimManaged: g.is_scim_managed });

/** The organization's groups, as this process knows them. */
export function knownGroups(c: AdminClient): Collection<Group> {
  return collection(c, "groups", () => groups.list(c));
}

export const group = defineResource<GroupInputs, GroupOutputs>({
  type: "Group",
  inputs: GroupInputs,
  outputs: GroupOutputs,
  replaceOn: [],
  deletesFirst: true,
  importIdForm: "group_…",
  lives: { path: "/organization/groups" },
  createOnly: ["allowDuplicateName"],
  describe: (props) => `group "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const g = await guardedCreate({
      type: "Group",
      collection: knownGroups(c),
      what: `group "${inputs.name}"`,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `a group named "${x.name}" (${x.id})`,
      importId: (x) => x.id,
      optOut: "set allowDuplicateName: true on the Group",
      allowDuplicate: inputs.allowDuplicateName === true,
      matches: (x) => x.name === inputs.name,
      create: () => groups.create(c, { name: inputs.name }),
      retrieve: (id) => groups.retrieve(c, id),
    });
    return { id: g.id, outs: outputs(g) };
  },

  async adopt(c, id) {
    const g = await groups.retrieveListed(c, id);
    return { id: g.id, outs: outputs(g) };
  },

  async read(c, id) {
    return outputs(await groups.retrieveListed(c, id));
  },

  async update(c, id, _olds, inputs) {
    const g = await groups.update(c, id, { name: inputs.name });
    knownGroups(c).put(g);
    return outputs(g);
  },

  async delete(c, id) {
    await groups.delete(c, id);
    knownGroups(c).remove(id);
  },
});
