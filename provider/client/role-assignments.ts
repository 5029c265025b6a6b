import { z } from "zod";
import { type AdminClient, type ApiPath, apiPath } from "./http";
import { nextListOf } from "./list";
import { fromListing } from "./listed";
import { Role } from "./roles";

/** Who can be given an organization role: a group or a person. */
export const ROLE_PRINCIPALS = ["groups", "users"] as const;
export type RolePrincipal = (typeof ROLE_PRINCIPALS)[number];

/** A role as an assignment answers it (the role's details; the assignment has no id of its own). */
export const AssignedRole = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  resource_type: z.string(),
  predefined_role: z.boolean(),
  description: z.string().nullish(),
});
export type AssignedRole = z.infer<typeof AssignedRole>;

const Assignment = z.object({ object: z.string(), role: Role });
export const RoleAssignmentDeleted = z.object({ object: z.string(), deleted: z.boolean() });

/**
 * Where a principal's roles live: in the organization, or in one project (`/projects/{id}/…`). Each path is made
 * from one whole template, so the limiter paces the endpoint, not each principal (two paths glued together would
 * be a string, which the client refuses).
 */
function base(principal: RolePrincipal, principalId: string, projectId?: string): ApiPath {
  if (projectId === undefined) return principal === "groups" ? apiPath`/organization/groups/${principalId}/roles` : apiPath`/organization/users/${principalId}/roles`;
  return principal === "groups" ? apiPath`/projects/${projectId}/groups/${principalId}/roles` : apiPath`/projects/${projectId}/users/${principalId}/roles`;
}

function one(principal: RolePrincipal, principalId: string, roleId: string, projectId?: string): ApiPath {
  if (projectId === undefined) {
    return principal === "groups" ? apiPath`/organization/groups/${principalId}/roles/${roleId}` : apiPath`/organization/users/${principalId}/roles/${roleId}`;
  }
  return principal === "groups"
    ? apiPath`/projects/${projectId}/groups/${principalId}/roles/${roleId}`
    : apiPath`/projects/${projectId}/users/${principalId}/roles/${roleId}`;
}

/** Calls on `/organization/{groups|users}/{id}/roles`, or with `projectId` on `/projects/{id}/{groups|users}/{id}/roles`. */
export const roleAssignments = {
  assign: (c: AdminClient, principal: RolePrincipal, principalId: string, roleId: string, projectId?: string) =>
    c.request({ method: "POST", path: base(principal, principalId, projectId), body: { role_id: roleId }, schema: Assignment, idempotent: false }),
  retrieve: (c: AdminClient, principal: RolePrincipal, principalId: string, roleId: string, projectId?: string) =>
    c.request({ method: "GET", path: one(principal, principalId, roleId, projectId), schema: AssignedRole, idempotent: true }),
  /** The roles given to the principal, in the organization or (with `projectId`) in one project. */
  list: (c: AdminClient, principal: RolePrincipal, principalId: string, projectId?: string) => c.paginate({ path: base(principal, principalId, projectId), schema: nextListOf(AssignedRole) }),
  /** The assignment from the run's listing of the principal's roles; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, principal: RolePrincipal, principalId: string, roleId: string, projectId?: string) =>
    fromListing(c, base(principal, principalId, projectId), () => roleAssignments.list(c, principal, principalId, projectId), roleId, () =>
      roleAssignments.retrieve(c, principal, principalId, roleId, projectId),
    ),
  unassign: (c: AdminClient, principal: RolePrincipal, principalId: string, roleId: string, projectId?: string) =>
    c.request({ method: "DELETE", path: one(principal, principalId, roleId, projectId), schema: RoleAssignmentDeleted, idempotent: true }),
};
