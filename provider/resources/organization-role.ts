/**
 * OrganizationRole: a custom role of the organization, a named set of permissions.
 * - id: the role id. Nothing replaces it: name, permissions and description are updated in place.
 * - create: refused before any write when a role of the same name exists, from one listing of the roles
 *   per process; then one POST. update: one POST. delete: DELETE. 404: gone / done.
 * - create after an ambiguous failure: adopts only a new role matching every input.
 * - adopt ({ import: "role_…" }): one GET; a predefined role is refused (it cannot be changed or deleted).
 * - permissions are a set: order never shows as a change.
 */
import { z } from "zod";
import { type AdminClient, type Role, roles } from "../client";
import { documented, objectName } from "../fields";
import { defineResource, madeAt, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// The SDK class's words (sdk/organization-role.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "name": "The role's name. Updated in place.",
  "permissions": "The permissions the role grants; a set. Updated in place.",
  "description": "What the role is for. Updated in place.",
  "(class)": "A custom role of the organization: a named set of permissions. Every change is an update in place; deleting it deletes the role. A create is refused, before any write, when a role of the same name exists. Adopt a custom role with `{ import: \"role_…\" }` (predefined roles cannot be changed, so they are not adopted)."
};

export const OrganizationRoleInputs = documented(DOCS, z.strictObject({
  name: objectName,
  permissions: z
    .array(z.string({ error: "must be a string" }).trim().min(1, "must not be blank"), { error: "must be a list of permissions" })
    .min(1, "must name at least one permission")
    .transform((p) => [...new Set(p)].sort()),
  description: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
}));
export type OrganizationRoleInputs = z.infer<typeof OrganizationRoleInputs>;

/** What state holds for a custom role, the organization's or (with `projectId`) a project's. */
export const OrganizationRoleOutputs = z.object({
  roleId: z.string().describe("The role id, also the resource id."),
  name: z.string(),
  permissions: z.array(z.string()).describe("The permissions the role grants, sorted."),
  description: z.string().nullable(),
  resourceType: z.string().describe("What the role applies to, as the API says: `api.organization` or `api.project`."),
  createdAt: madeAt,
});
export type OrganizationRoleOutputs = z.infer<typeof OrganizationRoleOutputs>;

/** The mapping of a role, the organization's or a project's. */
export const roleOutputs = (r: Role): OrganizationRoleOutputs => ({
  roleId: r.id,
  name: r.name,
  permissions: [...new Set(r.permissions)].sort(),
  description: r.description,
  resourceType: r.resource_type,
});

/** The create and update body of a role. */
export const roleBody = (i: OrganizationRoleInputs) => ({ role_name: i.name, permissions: i.permissions, description: i.description });

/** The organization's roles, as this process knows them. */
export function knownRoles(c: AdminClient): Collection<Role> {
  return collection(c, "roles", () => roles.list(c));
}

export const organizationRole = defineResource<OrganizationRoleInputs, OrganizationRoleOutputs>({
  type: "OrganizationRole",
  inputs: OrganizationRoleInputs,
  outputs: OrganizationRoleOutputs,
  replaceOn: [],
  describe: (props) => `role "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const r = await guardedCreate({
      type: "OrganizationRole",
      collection: knownRoles(c),
      what: `role "${inputs.name}"`,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `a ${x.predefined_role ? "predefined " : ""}role named "${x.name}" (${x.id})`,
      importId: (x) => x.id,
      matches: (x) => sameValue({ ...roleOutputs(x), roleId: null, resourceType: null }, inputs),
      create: () => roles.create(c, roleBody(inputs)),
      retrieve: (id) => roles.retrieve(c, id),
    });
    return { id: r.id, outs: roleOutputs(r) };
  },

  async adopt(c, id) {
    const r = await roles.retrieveListed(c, id);
    if (r.predefined_role) throw new Error(`role "${r.name}" is predefined: it cannot be changed or deleted, so it is not adopted`);
    return { id: r.id, outs: roleOutputs(r) };
  },

  async read(c, id) {
    return roleOutputs(await roles.retrieveListed(c, id));
  },

  async update(c, id, _olds, inputs) {
    const r = await roles.update(c, id, roleBody(inputs));
    knownRoles(c).put(r);
    return roleOutputs(r);
  },

  async delete(c, id) {
    await roles.delete(c, id);
    knownRoles(c).remove(id);
  },
});
