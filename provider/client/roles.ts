import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { paginateNext } from "./next-cursor";

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

/** Calls on `/organization/roles`. */
export const roles = {
  create: (c: AdminClient, body: RoleCreateParams) => c.request({ method: "POST", path: "/organization/roles", body, schema: Role, idempotent: false }),
  retrieve: (c: AdminClient, id: string) => c.request({ method: "GET", path: apiPath`/organization/roles/${id}`, schema: Role, idempotent: true }),
  update: (c: AdminClient, id: string, body: Partial<RoleCreateParams>) =>
    c.request({ method: "POST", path: apiPath`/organization/roles/${id}`, body, schema: Role, idempotent: true }),
  delete: (c: AdminClient, id: string) => c.request({ method: "DELETE", path: apiPath`/organization/roles/${id}`, schema: RoleDeleted, idempotent: true }),
  list: (c: AdminClient) => paginateNext(c, "/organization/roles", Role),
};
