/**
 * What the two spend-alert resources share (SpendAlert, a project's, and OrganizationSpendAlert, the organization's;
 * the API's two alerts differ only in their `object`): the alert's inputs and rules, its outputs and their mapping,
 * and the create and update body.
 */
import { z } from "zod";
import type { OrganizationSpendAlert, ProjectSpendAlert, SpendAlertCreateParams } from "../client";
import { email } from "../fields";

/** The notification channel, defined once: both alerts send the same. */
const NotificationChannel = z
  .strictObject(
    {
      type: z.literal("email", { error: "must be email, the only channel the API supports" }).default("email").describe("Only `email` exists. Default `email`."),
      recipients: z
        .array(email, { error: "must be a list of email addresses" })
        .min(1, "must name at least one email address")
        .transform((r) => [...new Set(r)].sort())
        .describe("Email addresses; a set, compared without regard to order or case. At least one."),
      subjectPrefix: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null).describe("Put before the subject of the alert emails."),
    },
    { error: "is required: { recipients: [...] }" },
  )
  .describe("Where a spend alert is sent.");

/** An alert's inputs, less where it lives; each resource describes them in its own words. */
export const AlertFields = {
  thresholdAmount: z
    .number({ error: "must be a number of cents" })
    // Checked first and alone: 1e20 is whole, just past what JSON numbers carry exactly here.
    .max(Number.MAX_SAFE_INTEGER, { error: `is too large: at most ${Number.MAX_SAFE_INTEGER} cents`, abort: true })
    .int("must be a whole number of cents (5000 is $50.00)")
    .positive("must be more than 0 cents"),
  currency: z.literal("USD", { error: "must be USD, the only currency the API supports" }).default("USD"),
  interval: z.literal("month", { error: "must be month, the only interval the API supports" }).default("month"),
  notificationChannel: NotificationChannel,
};
export type AlertInputs = z.infer<z.ZodObject<typeof AlertFields>>;

/** An alert's outputs, less where it lives and when it was made. */
export const AlertValues = {
  thresholdAmount: z.number().describe("Cents."),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notificationChannel: z.object({ type: z.literal("email"), recipients: z.array(z.string()), subjectPrefix: z.string().nullable() }),
};
export type AlertValues = z.infer<z.ZodObject<typeof AlertValues>>;

/** The mapping of an alert, a project's or the organization's. */
export function alertValues(a: Omit<ProjectSpendAlert, "object"> | Omit<OrganizationSpendAlert, "object">): AlertValues & { alertId: string } {
  return {
    alertId: a.id,
    thresholdAmount: a.threshold_amount,
    currency: a.currency,
    interval: a.interval,
    notificationChannel: {
      type: a.notification_channel.type,
      recipients: [...new Set(a.notification_channel.recipients.map((r) => r.toLowerCase()))].sort(),
      subjectPrefix: a.notification_channel.subject_prefix ?? null,
    },
  };
}

/** The create and update body of an alert (the API replaces the whole alert on update). */
export function body(inputs: AlertInputs): SpendAlertCreateParams {
  const ch = inputs.notificationChannel;
  return {
    threshold_amount: inputs.thresholdAmount,
    currency: inputs.currency,
    interval: inputs.interval,
    notification_channel: {
      type: ch.type,
      recipients: ch.recipients,
      ...(ch.subjectPrefix === null ? {} : { subject_prefix: ch.subjectPrefix }),
    },
  };
}

/** An amount of cents as people read it, "$500.00 (50000 cents)", so a threshold meant in dollars shows as what it is. */
export function dollars(cents: unknown): string {
  if (typeof cents !== "number" || !Number.isFinite(cents)) return "?";
  return `${(cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" })} (${cents} cents)`;
}
