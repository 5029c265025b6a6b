import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { nextListOf } from "./list";
import { fromListing } from "./listed";

/** A role: a named set of permissions. Predefined roles cannot be changed; custom ones can. */
export const Role = z.object({
  id: z.string(),
  object: z.literal("role"),
  name: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  resource_type: z.string(),
  predefined_role: z.boolean(),
});
export type Role = z.infer<typeof Role>;

export const RoleDeleted = z.object({ object: z.literal("role.deleted"), id: z.string(), deleted: z.boolean() });

export interface RoleCreateParams {
  role_name: string;
  permissions: string[];
  description?: string | null;
}

/** Where roles live: the organization's, or one project's (`/projects/{id}/roles`). */
const base = (projectId?: string) => (projectId === undefined ? apiPath`/organization/roles` : apiPath`/projects/${projectId}/roles`);
const one = (id: string, projectId?: string) => (projectId === undefined ? apiPath`/organization/roles/${id}` : apiPath`/projects/${projectId}/roles/${id}`);

/** Calls on `/organization/roles`, or with `projectId` on `/projects/{id}/roles`. */
export const roles = {
  create: (c: AdminClient, body: RoleCreateParams, projectId?: string) =>
    c.request({ method: "POST", path: base(projectId), body, schema: Role, idempotent: false }),
  retrieve: (c: AdminClient, id: string, projectId?: string) => c.request({ method: "GET", path: one(id, projectId), schema: Role, idempotent: true }),
  update: (c: AdminClient, id: string, body: Partial<RoleCreateParams>, projectId?: string) =>
    c.request({ method: "POST", path: one(id, projectId), body, schema: Role, idempotent: true }),
  delete: (c: AdminClient, id: string, projectId?: string) =>
    c.request({ method: "DELETE", path: one(id, projectId), schema: RoleDeleted, idempotent: true }),
  list: (c: AdminClient, projectId?: string) => c.paginate({ path: base(projectId), schema: nextListOf(Role) }),
  /** The role from the run's listing of the organization's (or the project's) roles; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string, projectId?: string) =>
    fromListing(c, base(projectId), () => roles.list(c, projectId), id, () => roles.retrieve(c, id, projectId)),
};
