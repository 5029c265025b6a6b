import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";
import { NotificationChannel, type SpendAlertCreateParams } from "./spend-alerts";

/** An organization-wide spend alert. Amounts are in cents; the body is the same as a project alert's. */
export const OrganizationSpendAlert = z.object({
  id: z.string(),
  object: z.literal("organization.spend_alert"),
  /** Cents. */
  threshold_amount: z.number(),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notification_channel: NotificationChannel,
});
export type OrganizationSpendAlert = z.infer<typeof OrganizationSpendAlert>;

export const OrganizationSpendAlertDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.spend_alert.deleted"),
  deleted: z.boolean(),
});

/** Calls on `/organization/spend_alerts`. */
export const organizationSpendAlerts = {
  create: (c: AdminClient, body: SpendAlertCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/spend_alerts`, body, schema: OrganizationSpendAlert, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/spend_alerts/${id}`, schema: OrganizationSpendAlert, idempotent: true }),
  update: (c: AdminClient, id: string, body: SpendAlertCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/spend_alerts/${id}`, body, schema: OrganizationSpendAlert, idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/spend_alerts/${id}`, schema: OrganizationSpendAlertDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/spend_alerts`, schema: listOf(OrganizationSpendAlert) }),
  /** The alert from the run's listing of the organization's alerts; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) =>
    fromListing(c, "/organization/spend_alerts", () => organizationSpendAlerts.list(c), id, () => organizationSpendAlerts.retrieve(c, id)),
};
