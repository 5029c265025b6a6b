import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Where a spend alert is sent; defined once, used by the alert and its create/update params. */
export const NotificationChannel = z.object({
  type: z.literal("email"),
  recipients: z.array(z.string()),
  subject_prefix: z.string().nullish(),
});
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** A project spend alert. Amounts are in cents. */
export const ProjectSpendAlert = z.object({
  id: z.string(),
  object: z.literal("project.spend_alert"),
  /** Cents. */
  threshold_amount: z.number(),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notification_channel: NotificationChannel,
});
export type ProjectSpendAlert = z.infer<typeof ProjectSpendAlert>;

export const ProjectSpendAlertDeleted = z.object({
  id: z.string(),
  object: z.literal("project.spend_alert.deleted"),
  deleted: z.boolean(),
});
export type ProjectSpendAlertDeleted = z.infer<typeof ProjectSpendAlertDeleted>;

/** The full body of a create, and of an update (the API replaces the whole alert). */
export interface SpendAlertCreateParams {
  /** Cents. */
  threshold_amount: number;
  currency: "USD";
  interval: "month";
  notification_channel: NotificationChannel;
}
export type SpendAlertUpdateParams = SpendAlertCreateParams;

/** Calls on `/organization/projects/{id}/spend_alerts`. */
export const spendAlerts = {
  create: (c: AdminClient, projectId: string, body: SpendAlertCreateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/spend_alerts`,
      body,
      schema: ProjectSpendAlert,
      idempotent: false,
    }),
  retrieve: (c: AdminClient, projectId: string, alertId: string) =>
    c.request({
      method: "GET",
      path: apiPath`/organization/projects/${projectId}/spend_alerts/${alertId}`,
      schema: ProjectSpendAlert,
      idempotent: true,
    }),
  update: (c: AdminClient, projectId: string, alertId: string, body: SpendAlertUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/spend_alerts/${alertId}`,
      body,
      schema: ProjectSpendAlert,
      idempotent: true,
    }),
  delete: (c: AdminClient, projectId: string, alertId: string) =>
    c.request({
      method: "DELETE",
      path: apiPath`/organization/projects/${projectId}/spend_alerts/${alertId}`,
      schema: ProjectSpendAlertDeleted,
      idempotent: true,
    }),
  list: (c: AdminClient, projectId: string) =>
    c.paginate({
      path: apiPath`/organization/projects/${projectId}/spend_alerts`,
      schema: listOf(ProjectSpendAlert),
    }),
  /** The alert from the run's listing of its project's alerts; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, projectId: string, alertId: string) =>
    fromListing(c, apiPath`/organization/projects/${projectId}/spend_alerts`, () => spendAlerts.list(c, projectId), alertId, () =>
      spendAlerts.retrieve(c, projectId, alertId),
    ),
};
