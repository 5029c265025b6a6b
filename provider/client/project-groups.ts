import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { fromListing } from "./listed";
import { nextListOf } from "./list";

/** A group's access to a project. The answer does not say which role the group was granted. */
export const ProjectGroup = z.object({
  object: z.literal("project.group"),
  project_id: z.string(),
  group_id: z.string(),
  group_name: z.string(),
  group_type: z.string().optional(),
  /** Unix seconds. */
  created_at: z.number(),
});
export type ProjectGroup = z.infer<typeof ProjectGroup>;

export const ProjectGroupDeleted = z.object({ object: z.literal("project.group.deleted"), deleted: z.boolean() });

/** Calls on `/organization/projects/{id}/groups`. */
export const projectGroups = {
  /** Grants the group access with `role`, the identifier of a project role. */
  add: (c: AdminClient, projectId: string, body: { group_id: string; role: string }) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${projectId}/groups`, body, schema: ProjectGroup, idempotent: false }),
  retrieve: (c: AdminClient, projectId: string, groupId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/groups/${groupId}`, schema: ProjectGroup, idempotent: true }),
  list: (c: AdminClient, projectId: string) => c.paginate({ path: apiPath`/organization/projects/${projectId}/groups`, schema: nextListOf(ProjectGroup) }),
  /** The group's access from the run's listing of the project's groups; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, projectId: string, groupId: string) =>
    fromListing(c, apiPath`/organization/projects/${projectId}/groups`, () => projectGroups.list(c, projectId), groupId, () => projectGroups.retrieve(c, projectId, groupId), (g) => g.group_id),
  remove: (c: AdminClient, projectId: string, groupId: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/projects/${projectId}/groups/${groupId}`, schema: ProjectGroupDeleted, idempotent: true }),
};
