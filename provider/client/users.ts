import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { INVITE_ROLES } from "./invites";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Roles a person can hold in the organization: the same two an invite grants. */
export const ORGANIZATION_ROLES = INVITE_ROLES;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** A person in the organization. People join by invite; the API cannot create one. */
export const OrganizationUser = z.object({
  id: z.string(),
  object: z.literal("organization.user"),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string().nullish(),
  /** Unix seconds. */
  added_at: z.number(),
  is_default: z.boolean().optional(),
  is_service_account: z.boolean().optional(),
  is_scim_managed: z.boolean().optional(),
  api_key_last_used_at: z.number().nullish(),
});
export type OrganizationUser = z.infer<typeof OrganizationUser>;

export const OrganizationUserDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.user.deleted"),
  deleted: z.boolean(),
});

export interface UserUpdateParams {
  role: OrganizationRole;
}

/** Calls on `/organization/users`. */
export const users = {
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/users/${id}`, schema: OrganizationUser, idempotent: true }),
  update: (c: AdminClient, id: string, body: UserUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/users/${id}`, body, schema: OrganizationUser, idempotent: true }),
  /** Removes the person from the organization and from every project in it. */
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/users/${id}`, schema: OrganizationUserDeleted, idempotent: true }),
  /** Every person, or only those with the given addresses (the `emails[]` filter, as the official SDK sends it). */
  list: (c: AdminClient, opts: { emails?: string[] } = {}) =>
    c.paginate({ path: apiPath`/organization/users`, query: { "emails[]": opts.emails }, schema: listOf(OrganizationUser) }),
  /** The person from the run's listing of every member; else their own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) => fromListing(c, "/organization/users", () => users.list(c), id, () => users.retrieve(c, id)),
};
