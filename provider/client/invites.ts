import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

export const INVITE_ROLES = ["reader", "owner"] as const;
export const INVITE_PROJECT_ROLES = ["member", "owner"] as const;

export const InviteProject = z.object({
  id: z.string(),
  role: z.enum(INVITE_PROJECT_ROLES),
});
export type InviteProject = z.infer<typeof InviteProject>;

/** An invitation to the organization. Invites cannot be updated; an accepted one cannot be deleted. */
export const Invite = z.object({
  id: z.string(),
  object: z.literal("organization.invite"),
  email: z.string(),
  role: z.enum(INVITE_ROLES),
  status: z.enum(["accepted", "expired", "pending"]),
  /** Unix seconds. Some docs call it `invited_at`; either is accepted. */
  created_at: z.number().nullish(),
  invited_at: z.number().nullish(),
  expires_at: z.number().nullish(),
  accepted_at: z.number().nullish(),
  projects: z.array(InviteProject).nullish(),
});
export type Invite = z.infer<typeof Invite>;

export const InviteDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.invite.deleted"),
  deleted: z.boolean(),
});
export type InviteDeleted = z.infer<typeof InviteDeleted>;

export interface InviteCreateParams {
  email: string;
  role: (typeof INVITE_ROLES)[number];
  /** Always sent: omitting it silently adds the person to the default project. */
  projects: InviteProject[];
}

/** Calls on `/organization/invites`. */
export const invites = {
  create: (c: AdminClient, body: InviteCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/invites`, body, schema: Invite, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/invites/${id}`, schema: Invite, idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/invites/${id}`, schema: InviteDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/invites`, schema: listOf(Invite) }),
  /** The invite from the run's listing of every invite; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) => fromListing(c, "/organization/invites", () => invites.list(c), id, () => invites.retrieve(c, id)),
};
