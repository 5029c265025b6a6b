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
import { documented } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";
import { RoleFields, RoleOutputs, roleBody, roleOutputs } from "../shared/roles";

// The words of the TSDoc npm run generate writes into sdk/organization-role.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "name": "The role's name. Updated in place.",
  "permissions": "The permissions the role grants; a set. Updated in place.",
  "description": "What the role is for. Updated in place.",
  "(class)": "A custom role of the organization: a named set of permissions. Every change is an update in place; deleting it deletes the role. A create is refused, before any write, when a role of the same name exists. Adopt a custom role with `{ import: \"role_…\" }` (predefined roles cannot be changed, so they are not adopted)."
};

export const OrganizationRoleInputs = documented(DOCS, RoleFields);
export type OrganizationRoleInputs = z.infer<typeof OrganizationRoleInputs>;

/** What state holds for an organization role. */
export const OrganizationRoleOutputs = RoleOutputs;
export type OrganizationRoleOutputs = RoleOutputs;

/** The organization's roles, as this process knows them. */
export function knownRoles(c: AdminClient): Collection<Role> {
  return collection(c, "roles", () => roles.list(c));
}

export const organizationRole = defineResource<OrganizationRoleInputs, OrganizationRoleOutputs>({
  type: "OrganizationRole",
  inputs: OrganizationRoleInputs,
  outputs: OrganizationRoleOutputs,
  replaceOn: [],
  deletesFirst: true,
  importIdForm: "role_…",
  lives: { path: "/organization/roles" },
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
