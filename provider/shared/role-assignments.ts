/**
 * What the two role-assignment resources share (OrganizationRoleAssignment, and ProjectRoleAssignment, the same in a
 * project): the id inputs and the one-principal rule, the outputs and their mapping, the id form, and the
 * assignment that never assigns twice.
 */
import { z } from "zod";
import { type AdminClient, type AssignedRole, type RolePrincipal, isAdminError, roleAssignments } from "../client";
import { createOnce } from "../lost-create";
import { acrossInputs } from "../fields";
import { madeAt } from "../handler";
import { addOrTakeOver, existedBefore, orNone } from "../membership";

/** A required id input. */
export const idInput = (what: string) => z.string({ error: `must be the ${what} id` }).trim().min(1, `must be the ${what} id`);

/** The rule of every assignment's inputs: exactly one principal. */
export const onePrincipal = acrossInputs<{ groupId?: unknown; userId?: unknown }>(
  (i) => (i.groupId === undefined) !== (i.userId === undefined),
  "groupId",
  "name exactly one of groupId or userId",
);

/** What state holds for a role assignment, in the organization or (with `projectId`) in a project. */
export const AssignmentOutputs = z.object({
  roleId: z.string(),
  groupId: z.string().nullable(),
  userId: z.string().nullable(),
  roleName: z.string().describe("The role's name."),
  permissions: z.array(z.string()).describe("The permissions the role grants, sorted."),
  existedBefore,
  createdAt: madeAt,
});
export type AssignmentOutputs = z.infer<typeof AssignmentOutputs>;

/** The group or person an assignment names. */
export function principalOf(i: { groupId?: string | null; userId?: string | null }): [RolePrincipal, string] {
  return i.groupId ? ["groups", i.groupId] : ["users", i.userId as string];
}

/** The mapping of an assignment, in the organization or in a project. */
export function assignmentOutputs(principal: [RolePrincipal, string], r: AssignedRole, existedBefore: boolean): AssignmentOutputs {
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
