/**
 * OrganizationUser: the organization role of a person who is already a member.
 * - People join by invite (the `Invite` resource); this resource never makes anyone. create finds the
 *   person by `userId` (one GET) or by `email` (one filtered list call), fails clearly if they are not
 *   in the organization, and sets the role with one POST only when it differs.
 * - id: the user id. Replaces on: `userId`, `email` (another person).
 * - update: one POST of the role, or no call when only `removeFromOrganizationOnDelete` changed.
 * - delete: by default NO call: the person stays in the organization with their role and only leaves
 *   Pulumi state. With `removeFromOrganizationOnDelete: true` it DELETEs the user, which removes the
 *   person from the organization and every project in it. 404: done.
 * - 404 on read (the person left): gone.
 * - adopt ({ import: "user-…" }): the run's listing (client/listed.ts), else one GET, and no role change (the program must already match).
 */
import { z } from "zod";
import { type AdminClient, type OrganizationUser, ORGANIZATION_ROLES, users } from "../client";
import { email, oneOfUserIdOrEmail, documented } from "../fields";
import { defineResource, madeAt } from "../handler";

// The words of the TSDoc npm run generate writes into sdk/organization-user.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "userId": "The person's user id (`user-…`). Changing it replaces the resource.",
  "email": "The person's address; compared without regard to case. Changing it replaces the resource.",
  "role": "`reader` or `owner` of the organization. Updated in place.",
  "removeFromOrganizationOnDelete": "DANGER. When true, deleting this resource (including `pulumi destroy`, or removing it from the program) REMOVES THE PERSON FROM THE ORGANIZATION and from every project in it. Default false: deleting the resource only forgets the person, who keeps their membership and role.",
  "(class)": "The organization role of a person who is already a member. This resource never adds anyone: people join by Invite; creating it adopts the member named by `userId` or `email` (and fails if there is none) and sets their role. **Deleting it does not remove the person** unless `removeFromOrganizationOnDelete` is true, in which case the person loses access to the organization and all its projects. `{ import: \"user-…\" }` adopts the member by id without changing their role (the program must match it)."
};

export const OrganizationUserInputs = documented(DOCS, z
  .strictObject({
    userId: z.string({ error: "must be a user id (user-…)" }).trim().min(1, "must not be empty").optional(),
    email: email.optional(),
    role: z.enum(ORGANIZATION_ROLES, { error: `must be one of ${ORGANIZATION_ROLES.join(", ")}` }),
    removeFromOrganizationOnDelete: z.boolean({ error: "must be true or false" }).default(false),
  }))
  .refine(...oneOfUserIdOrEmail)
  .describe(DOCS["(class)"]);
export type OrganizationUserInputs = z.infer<typeof OrganizationUserInputs>;

/** What state holds for a member of the organization. */
export const OrganizationUserOutputs = z.object({
  userId: z.string().describe("The user id, also the resource id."),
  email: z.string().nullable().describe("Lower-cased."),
  name: z.string().nullable().describe("The person's name."),
  role: z.string().nullable(),
  addedAt: z.number().describe("Unix seconds when the person joined the organization."),
  removeFromOrganizationOnDelete: z.boolean(),
  createdAt: madeAt,
});
export type OrganizationUserOutputs = z.infer<typeof OrganizationUserOutputs>;

function outputs(u: OrganizationUser, removeFromOrganizationOnDelete: boolean): OrganizationUserOutputs {
  return {
    userId: u.id,
    email: u.email?.toLowerCase() ?? null,
    name: u.name ?? null,
    role: u.role ?? null,
    addedAt: u.added_at,
    removeFromOrganizationOnDelete,
  };
}

async function findByEmail(c: AdminClient, address: string): Promise<OrganizationUser | undefined> {
  for await (const u of users.list(c, { emails: [address] })) if (u.email?.toLowerCase() === address) return u;
  return undefined;
}

export const organizationUser = defineResource<OrganizationUserInputs, OrganizationUserOutputs>({
  type: "OrganizationUser",
  inputs: OrganizationUserInputs,
  outputs: OrganizationUserOutputs,
  replaceOn: ["userId", "email"],
  importIdForm: "user-…",
  lives: { path: "/organization/users" },
  unmanagedWhenUnset: ["userId", "email"],
  // The import id names the person by id; answering the address too would make inputs their own check refuses.
  notImported: ["email"],
  describe: (props) => `organization member ${String(props.email ?? props.userId ?? "?")}`,

  async create(c, inputs) {
    const found = inputs.userId !== undefined ? await users.retrieve(c, inputs.userId) : await findByEmail(c, inputs.email!);
    if (!found) {
      throw new Error(
        `OpenAI OrganizationUser: nobody with the address ${inputs.email} is in the organization; ` +
          "people join by invite (use an Invite resource), and this resource only manages the role of a member",
      );
    }
    const u = found.role === inputs.role ? found : await users.update(c, found.id, { role: inputs.role });
    return { id: u.id, outs: outputs(u, inputs.removeFromOrganizationOnDelete) };
  },

  async adopt(c, id, inputs) {
    const u = await users.retrieveListed(c, id);
    // `pulumi import` gives no inputs: the default, as the program would have it.
    return { id: u.id, outs: outputs(u, inputs.removeFromOrganizationOnDelete ?? false) };
  },

  async read(c, id, outs) {
    return outputs(await users.retrieveListed(c, id), outs.removeFromOrganizationOnDelete ?? false);
  },

  async update(c, id, olds, inputs) {
    if (olds.role === inputs.role) return { ...olds, removeFromOrganizationOnDelete: inputs.removeFromOrganizationOnDelete };
    return outputs(await users.update(c, id, { role: inputs.role }), inputs.removeFromOrganizationOnDelete);
  },

  async delete(c, id, outs) {
    if (outs.removeFromOrganizationOnDelete === true) await users.delete(c, id);
  },
});
