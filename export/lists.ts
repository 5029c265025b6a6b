/**
 * The list calls only the export needs (the provider reads these objects one by one, by id), built on the
 * client's own paging so that they are paced, retried and checked like every other call.
 */
import { type AdminClient, type RolePrincipal, AssignedRole, GroupMemberUser, ProjectGroup, apiPath, nextListOf } from "../provider/client";

/** The people in a group. */
export const groupUsers = (c: AdminClient, groupId: string) => c.paginate({ path: apiPath`/organization/groups/${groupId}/users`, schema: nextListOf(GroupMemberUser) });

/** The groups with access to a project. */
export const projectGroups = (c: AdminClient, projectId: string) => c.paginate({ path: apiPath`/organization/projects/${projectId}/groups`, schema: nextListOf(ProjectGroup) });

/** The roles given to a group or person, in the organization or (with `projectId`) in one project. */
export function assignedRoles(c: AdminClient, principal: RolePrincipal, principalId: string, projectId?: string) {
  const path =
    projectId === undefined
      ? principal === "groups"
        ? apiPath`/organization/groups/${principalId}/roles`
        : apiPath`/organization/users/${principalId}/roles`
      : principal === "groups"
        ? apiPath`/projects/${projectId}/groups/${principalId}/roles`
        : apiPath`/projects/${projectId}/users/${principalId}/roles`;
  return c.paginate({ path, schema: nextListOf(AssignedRole) });
}
