import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { fromListing } from "./listed";
import { nextListOf } from "./list";

/** A group of people in the organization. A SCIM-managed group is owned by the identity provider. */
export const Group = z.object({
  id: z.string(),
  name: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  is_scim_managed: z.boolean(),
  group_type: z.string().optional(),
});
export type Group = z.infer<typeof Group>;

export const GroupDeleted = z.object({ object: z.literal("group.deleted"), id: z.string(), deleted: z.boolean() });

/** A person in a group, as the group's member calls answer it. */
export const GroupMemberUser = z.object({ id: z.string(), name: z.string().nullish(), email: z.string().nullish() });
export type GroupMemberUser = z.infer<typeof GroupMemberUser>;

export const GroupUserAssignment = z.object({ object: z.literal("group.user"), user_id: z.string(), group_id: z.string() });
export const GroupUserDeleted = z.object({ object: z.literal("group.user.deleted"), deleted: z.boolean() });

/** Calls on `/organization/groups`. */
export const groups = {
  create: (c: AdminClient, body: { name: string }) =>
    c.request({ method: "POST", path: apiPath`/organization/groups`, body, schema: Group, idempotent: false }),
  retrieve: (c: AdminClient, id: string) => c.request({ method: "GET", path: apiPath`/organization/groups/${id}`, schema: Group, idempotent: true }),
  update: (c: AdminClient, id: string, body: { name: string }) =>
    c.request({ method: "POST", path: apiPath`/organization/groups/${id}`, body, schema: Group.omit({ group_type: true }), idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/groups/${id}`, schema: GroupDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/groups`, schema: nextListOf(Group) }),
  /** The group from the run's listing of every group; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) => fromListing(c, "/organization/groups", () => groups.list(c), id, () => groups.retrieve(c, id)),
  addUser: (c: AdminClient, groupId: string, userId: string) =>
    c.request({ method: "POST", path: apiPath`/organization/groups/${groupId}/users`, body: { user_id: userId }, schema: GroupUserAssignment, idempotent: false }),
  retrieveUser: (c: AdminClient, groupId: string, userId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/groups/${groupId}/users/${userId}`, schema: GroupMemberUser, idempotent: true }),
  listUsers: (c: AdminClient, groupId: string) => c.paginate({ path: apiPath`/organization/groups/${groupId}/users`, schema: nextListOf(GroupMemberUser) }),
  /** The member from the run's listing of the group's people; else its own GET (listed.ts). */
  retrieveUserListed: (c: AdminClient, groupId: string, userId: string) =>
    fromListing(c, apiPath`/organization/groups/${groupId}/users`, () => groups.listUsers(c, groupId), userId, () => groups.retrieveUser(c, groupId, userId)),
  removeUser: (c: AdminClient, groupId: string, userId: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/groups/${groupId}/users/${userId}`, schema: GroupUserDeleted, idempotent: true }),
};
