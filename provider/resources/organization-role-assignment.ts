/**
 * OrganizationRoleAssignment: an organization role given to a group or to a person.
 * - id: `<groups|users>/<principalId>/<roleId>`. Replaces on every input (an assignment has nothing to update).
 * - create: one POST. delete: DELETE (the group or person stays; only the role is taken back). 404 on read: gone.
 * - create after an ambiguous failure: adopts the assignment if the role now shows on the group or person
 *   (keyed by principal and role: it cannot be doubled).
 * - adopt ({ import: "<groups|users>/<principalId>/<roleId>" }): one GET.
 */
import { z } from "zod";
import { type RolePrincipal, roleAssignments } from "../client";
import { defineResource } from "../handler";
import { documented } from "../fields";
import { noUpdate, removeUnlessPreexisting } from "../membership";
import { AssignmentOutputs, assignOnce, assignmentOf, assignmentOutputs, idInput, idOf, onePrincipal, principalOf } from "../shared/role-assignments";

// The words of the TSDoc npm run generate writes into sdk/organization-role-assignment.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "roleId": "The role (`role_…`, custom or predefined). Changing it replaces the assignment.",
  "groupId": "The group that gets the role. Changing it replaces the assignment.",
  "userId": "The person (`user-…`) who gets the role. Changing it replaces the assignment.",
  "(class)": "An organization role given to a group or to a person. Deleting it takes the role back (the group or person stays). Any change replaces it, the old assignment removed first. Adopt one with `{ import: \"groups/<groupId>/<roleId>\" }` or `{ import: \"users/<userId>/<roleId>\" }`."
};

export const OrganizationRoleAssignmentInputs = documented(DOCS, z.strictObject({ roleId: idInput("role"), groupId: idInput("group").optional(), userId: idInput("user").optional() }))
  .refine(...onePrincipal)
  .describe(DOCS["(class)"]);
export type OrganizationRoleAssignmentInputs = z.infer<typeof OrganizationRoleAssignmentInputs>;

/** What state holds for an organization role assignment. */
export const OrganizationRoleAssignmentOutputs = AssignmentOutputs;
export type OrganizationRoleAssignmentOutputs = AssignmentOutputs;

export const organizationRoleAssignment = defineResource<OrganizationRoleAssignmentInputs, OrganizationRoleAssignmentOutputs>({
  type: "OrganizationRoleAssignment",
  inputs: OrganizationRoleAssignmentInputs,
  outputs: OrganizationRoleAssignmentOutputs,
  importId: (id) => ({ id, outs: assignmentOf(id) }),
  replaceOn: ["roleId", "groupId", "userId"],
  importIdForm: "<groups|users>/<principalId>/<roleId>",
  lives: { path: "/organization/{groups|users}/{principalId}/roles" },
  unmanagedWhenUnset: ["groupId", "userId"],
  describe: (props) => `role ${String(props.roleId ?? "?")} of ${String(props.groupId ?? props.userId ?? "?")}`,

  async create(c, inputs) {
    const p = principalOf(inputs);
    const { member, existedBefore } = await assignOnce(c, p, inputs.roleId);
    return { id: idOf(p, inputs.roleId), outs: assignmentOutputs(p, member, existedBefore) };
  },

  async adopt(c, importId) {
    const [principal, principalId, roleId] = importId.split("/");
    if ((principal !== "groups" && principal !== "users") || !principalId || !roleId) {
      throw new Error('a role assignment is adopted with { import: "groups/<groupId>/<roleId>" } or { import: "users/<userId>/<roleId>" }');
    }
    const p: [RolePrincipal, string] = [principal, principalId];
    return { id: importId, outs: assignmentOutputs(p, await roleAssignments.retrieveListed(c, principal, principalId, roleId), false) };
  },

  async read(c, _id, outs) {
    const p = principalOf(outs);
    return assignmentOutputs(p, await roleAssignments.retrieveListed(c, p[0], p[1], outs.roleId), outs.existedBefore ?? false);
  },

  update: noUpdate("OrganizationRoleAssignment", "an assignment has nothing to update"),

  async delete(c, id, outs) {
    const p = principalOf(outs);
    await removeUnlessPreexisting(`OpenAI OrganizationRoleAssignment ${id}`, outs, () => roleAssignments.unassign(c, p[0], p[1], outs.roleId));
  },
});
