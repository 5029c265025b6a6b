/**
 * OrganizationRoleAssignment: an organization role given to a group or to a person.
 * - id: `<groups|users>/<principalId>/<roleId>`. Replaces on every input (an assignment has nothing to update).
 * - create: one POST. delete: DELETE (the group or person stays; only the role is taken back). 404 on read: gone.
 * - create after an ambiguous failure: adopts the assignment if the role now shows on the group or person
 *   (keyed by principal and role: it cannot be doubled).
 * - adopt ({ import: "<groups|users>/<principalId>/<roleId>" }): one GET.
 */
import { z } from "zod";
import { type AssignedRole, type RolePrincipal, createOnce, isAdminError, roleAssignments } from "../client";
import { defineResource } from "../handler";
import { acrossInputs } from "../fields";

const id = (what: string) => z.string({ error: `must be the ${what} id` }).trim().min(1, `must be the ${what} id`);

export const OrganizationRoleAssignmentInputs = z
  .strictObject({ roleId: id("role"), groupId: id("group").optional(), userId: id("user").optional() })
  .refine(...acrossInputs<{ groupId?: unknown; userId?: unknown }>((i) => (i.groupId === undefined) !== (i.userId === undefined), "groupId", "name exactly one of groupId or userId"));
export type OrganizationRoleAssignmentInputs = z.infer<typeof OrganizationRoleAssignmentInputs>;

/** What state holds for a role assignment. */
export interface OrganizationRoleAssignmentOutputs extends Record<string, unknown> {
  roleId: string;
  groupId: string | null;
  userId: string | null;
  roleName: string;
  permissions: string[];
}

function principalOf(i: { groupId?: string | null; userId?: string | null }): [RolePrincipal, string] {
  return i.groupId ? ["groups", i.groupId] : ["users", i.userId as string];
}

function outputs(principal: [RolePrincipal, string], r: AssignedRole): OrganizationRoleAssignmentOutputs {
  return {
    roleId: r.id,
    groupId: principal[0] === "groups" ? principal[1] : null,
    userId: principal[0] === "users" ? principal[1] : null,
    roleName: r.name,
    permissions: [...r.permissions].sort(),
  };
}

const idOf = (p: [RolePrincipal, string], roleId: string) => `${p[0]}/${p[1]}/${roleId}`;

export const organizationRoleAssignment = defineResource<OrganizationRoleAssignmentInputs, OrganizationRoleAssignmentOutputs>({
  type: "OrganizationRoleAssignment",
  inputs: OrganizationRoleAssignmentInputs,
  replaceOn: ["roleId", "groupId", "userId"],
  unmanagedWhenUnset: ["groupId", "userId"],
  describe: (props) => `role ${String(props.roleId ?? "?")} of ${String(props.groupId ?? props.userId ?? "?")}`,

  async create(c, inputs) {
    const p = principalOf(inputs);
    const made = await createOnce<AssignedRole>(async () => (await roleAssignments.assign(c, p[0], p[1], inputs.roleId)).role, {
      what: `role ${inputs.roleId} of ${p[1]}`,
      candidates: async () => {
        try {
          return [await roleAssignments.retrieve(c, p[0], p[1], inputs.roleId)];
        } catch (e) {
          if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return [];
          throw e;
        }
      },
      retrieve: () => roleAssignments.retrieve(c, p[0], p[1], inputs.roleId),
      importLine: () => `{ import: "${idOf(p, inputs.roleId)}" }`,
    });
    return { id: idOf(p, inputs.roleId), outs: outputs(p, made) };
  },

  async adopt(c, importId) {
    const [principal, principalId, roleId] = importId.split("/");
    if ((principal !== "groups" && principal !== "users") || !principalId || !roleId) {
      throw new Error('a role assignment is adopted with { import: "groups/<groupId>/<roleId>" } or { import: "users/<userId>/<roleId>" }');
    }
    const p: [RolePrincipal, string] = [principal, principalId];
    return { id: importId, outs: outputs(p, await roleAssignments.retrieve(c, principal, principalId, roleId)) };
  },

  async read(c, _id, outs) {
    const p = principalOf(outs);
    return outputs(p, await roleAssignments.retrieve(c, p[0], p[1], outs.roleId));
  },

  async update() {
    throw new Error("OpenAI OrganizationRoleAssignment: an assignment has nothing to update; every change replaces it");
  },

  async delete(c, _id, outs) {
    const p = principalOf(outs);
    await roleAssignments.unassign(c, p[0], p[1], outs.roleId);
  },
});
