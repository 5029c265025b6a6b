import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { INVITE_PROJECT_ROLES } from "./invites";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Roles a person can hold in a project: the same two an invite grants. */
export const PROJECT_ROLES = INVITE_PROJECT_ROLES;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** A person's membership of a project. */
export const ProjectUser = z.object({
  id: z.string(),
  object: z.literal("organization.project.user"),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string(),
  /** Unix seconds. */
  added_at: z.number(),
});
export type ProjectUser = z.infer<typeof ProjectUser>;

export const ProjectUserDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.project.user.deleted"),
  deleted: z.boolean(),
});

/** Adds a person already in the organization, named by `user_id` or `email`. */
export interface ProjectUserCreateParams {
  role: ProjectRole;
  user_id?: string;
  email?: string;
}

export interface ProjectUserUpdateParams {
  role: ProjectRole;
}

/** Calls on `/organization/projects/{id}/users`. */
export const projectUsers = {
  create: (c: AdminClient, projectId: string, body: ProjectUserCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${projectId}/users`, body, schema: ProjectUser, idempotent: false }),
  retrieve: (c: AdminClient, projectId: string, userId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/users/${userId}`, schema: ProjectUser, idempotent: true }),
  update: (c: AdminClient, projectId: string, userId: string, body: ProjectUserUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/users/${userId}`,
      body,
      schema: ProjectUser,
      idempotent: true,
    }),
  delete: (c: AdminClient, projectId: string, userId: string) =>
    c.request({
      method: "DELETE",
      path: apiPath`/organization/projects/${projectId}/users/${userId}`,
      schema: ProjectUserDeleted,
      idempotent: true,
    }),
  list: (c: AdminClient, projectId: string) =>
    c.paginate({ path: apiPath`/organization/projects/${projectId}/users`, schema: listOf(ProjectUser) }),
  /** The membership from the run's listing of the project's members; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, projectId: string, userId: string) =>
    fromListing(c, apiPath`/organization/projects/${projectId}/users`, () => projectUsers.list(c, projectId), userId, () =>
      projectUsers.retrieve(c, projectId, userId),
    ),
};
