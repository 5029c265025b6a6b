/**
 * OrganizationRoleAssignment: an organization role given to a group or to a person.
 * - id: `<groups|users>/<principalId>/<roleId>`. Replaces on every input (an assignment has nothing to update).
 * - create: one POST. delete: DELETE (the group or person stays; only the role is taken back). 404 on read: gone.
 * - create after an ambiguous failure: adopts the assignment if the role now shows on the group or person
 *   (keyed by principal and role: it cannot be doubled).
 * - adopt ({ import: "<groups|users>/<principalId>/<roleId>" }): one GET.
 */
import { z } from "zod";
import { type AdminClient, type AssignedRole, type RolePrincipal, isAdminError, roleAssignments } from "../client";
import { createOnce } from "../lost-create";
import { defineResource, madeAt } from "../handler";
import { acrossInputs, documented } from "../fields";
import { addOrTakeOver, existedBefore, orNone, removeUnlessPreexisting } from "../membership";

/** A required id input. */
export const idInput = (what: string) => z.string({ error: `must be the ${what} id` }).trim().min(1, `must be the ${what} id`);

// The SDK class's words (sdk/organization-role-assignment.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "roleId": "The role (`role_…`, custom or predefined). Changing it replaces the assignment.",
  "groupId": "The group that gets the role. Changing it replaces the assignment.",
  "userId": "The person (`user-…`) who gets the role. Changing it replaces the assignment.",
  "(class)": "An organization role given to a group or to a person. Deleting it takes the role back (the group or person stays). Any change replaces it, the old assignment removed first. Adopt one with `{ import: \"groups/<groupId>/<roleId>\" }` or `{ import: \"users/<userId>/<roleId>\" }`."
};

export const OrganizationRoleAssignmentInputs = documented(DOCS, z.strictObject({ roleId: idInput("role"), groupId: idInput("group").optional(), userId: idInput("user").optional() }))
  .refine(...acrossInputs<{ groupId?: unknown; userId?: unknown }>((i) => (i.groupId === undefined) !== (i.userId === undefined), "groupId", "name exactly one of groupId or userId"))
  .describe(DOCS["(class)"]);
export type OrganizationRoleAssignmentInputs = z.infer<typeof OrganizationRoleAssignmentInputs>;

/** What state holds for a role assignment, in the organization or (with `projectId`) in a project. */
export const OrganizationRoleAssignmentOutputs = z.object({
  roleId: z.string(),
  groupId: z.string().nullable(),
  userId: z.string().nullable(),
  roleName: z.string().describe("The role's name."),
  permissions: z.array(z.string()).describe("The permissions the role grants, sorted."),
  existedBefore,
  createdAt: madeAt,
});
export type OrganizationRoleAssignmentOutputs = z.infer<typeof OrganizationRoleAssignmentOutputs>;

/** The group or person an assignment names. */
export function principalOf(i: { groupId?: string | null; userId?: string | null }): [RolePrincipal, string] {
  return i.groupId ? ["groups", i.groupId] : ["users", i.userId as string];
}

/** The mapping of an assignment, in the organization or in a project. */
export function assignmentOutputs(principal: [RolePrincipal, string], r: AssignedRole, existedBefore: boolean): OrganizationRoleAssignmentOutputs {
  return {
    existedBefore,
    roleId: r.id,
    groupId: principal[0] === "groups" ? principal[1] : null,
    userId: principal[0] === "users" ? principal[1] : null,
    roleName: r.name,
    permissions: [...r.permissions].sort(),
  };
}

/** The id of an assignment: `<groups|users>/<principalId>/<roleId>`. */
export const idOf = (p: [RolePrincipal, string], roleId: string) => `${p[0]}/${p[1]}/${roleId}`;

/**
 * Assigns a role without ever assigning it twice: after an ambiguous failure the assignment is looked up
 * by principal and role (it is keyed by them) and adopted when there.
 */
export function assignOnce(c: AdminClient, p: [RolePrincipal, string], roleId: string, projectId?: string): Promise<{ member: AssignedRole; existedBefore: boolean }> {
  return addOrTakeOver(() => assignNew(c, p, roleId, projectId), () => orNone(() => roleAssignments.retrieve(c, p[0], p[1], roleId, projectId)));
}

function assignNew(c: AdminClient, p: [RolePrincipal, string], roleId: string, projectId?: string): Promise<AssignedRole> {
  const importId = (projectId === undefined ? "" : `${projectId}/`) + idOf(p, roleId);
  return createOnce<AssignedRole>(async () => (await roleAssignments.assign(c, p[0], p[1], roleId, projectId)).role, {
    what: `role ${roleId} of ${p[1]}`,
    candidates: async () => {
      try {
        return [await roleAssignments.retrieve(c, p[0], p[1], roleId, projectId)];
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return [];
        throw e;
      }
    },
    retrieve: () => roleAssignments.retrieve(c, p[0], p[1], roleId, projectId),
    importLine: () => `{ import: "${importId}" }`,
  });
}

/** What `read` needs, from an id `<groups|users>/<principalId>/<roleId>`. */
export function assignmentOf(id: string): { roleId: string; groupId?: string; userId?: string } {
  const [principal, principalId, roleId, ...rest] = id.split("/");
  if ((principal !== "groups" && principal !== "users") || !principalId || !roleId || rest.length > 0) {
    throw new Error('a role assignment is imported with "groups/<groupId>/<roleId>" or "users/<userId>/<roleId>"');
  }
  return { roleId, ...(principal === "groups" ? { groupId: principalId } : { userId: principalId }) };
}

export const organizationRoleAssignment = defineResource<OrganizationRoleAssignmentInputs, OrganizationRoleAssignmentOutputs>({
  type: "OrganizationRoleAssignment",
  inputs: OrganizationRoleAssignmentInputs,
  outputs: OrganizationRoleAssignmentOutputs,
  importId: (id) => ({ id, outs: assignmentOf(id) }),
  replaceOn: ["roleId", "groupId", "userId"],
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

  async update() {
    throw new Error("OpenAI OrganizationRoleAssignment: an assignment has nothing to update; every change replaces it");
  },

  async delete(c, id, outs) {
    const p = principalOf(outs);
    await removeUnlessPreexisting(`OpenAI OrganizationRoleAssignment ${id}`, outs, () => roleAssignments.unassign(c, p[0], p[1], outs.roleId));
  },
});
