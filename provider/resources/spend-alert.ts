/**
 * SpendAlert: an email when a project's spend in the interval passes a threshold.
 * - id: the alert id. Replaces on: `projectId`.
 * - update: one POST with the full body (the API replaces the whole alert).
 * - delete: DELETE. 404: done (alert or project gone).
 * - create: refused before any write when the project has an alert with the same threshold, currency,
 *   interval and recipients; after an ambiguous failure, adopts only a new alert matching every input.
 * - adopt ({ import: "<projectId>/<alertId>" }, or the alert id with `projectId`): the run's listing (client/listed.ts), else one GET.
 * - recipients are a set of lower-cased addresses: order and case never show as a change.
 * - createdAt: the API's alert has no creation time, so the provider notes when its create answered; a
 *   read within a minute of it takes a 404 for "not visible yet" and retries (see readVisible).
 */
import { z } from "zod";
import { type AdminClient, type ProjectSpendAlert, type SpendAlertCreateParams, spendAlerts } from "../client";
import { email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// Descriptions: the words of the TSDoc in sdk/spend-alert.ts; the provider plugin's package schema is generated from them.
export const SpendAlertInputs = z.strictObject({
  projectId: projectId.describe("The project (`proj_…`). Changing it replaces the alert."),
  thresholdAmount: z
    .number({ error: "must be a number of cents" })
    // Checked first and alone: 1e20 is whole, just past what JSON numbers carry exactly here.
    .max(Number.MAX_SAFE_INTEGER, { error: `is too large: at most ${Number.MAX_SAFE_INTEGER} cents`, abort: true })
    .int("must be a whole number of cents (5000 is $50.00)")
    .positive("must be more than 0 cents")
    .describe("The threshold in cents, a positive whole number: 50000 is $500.00. Updated in place."),
  currency: z.literal("USD", { error: "must be USD, the only currency the API supports" }).default("USD").describe("Only `USD` exists. Default `USD`."),
  interval: z.literal("month", { error: "must be month, the only interval the API supports" }).default("month").describe("Only `month` exists. Default `month`."),
  notificationChannel: z.strictObject(
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
  ).describe("Where a spend alert is sent."),
}).describe(
  "An email sent when a project's spend in the interval passes a threshold. Replaced when `projectId` changes; every other change is an update in place. Deleting it deletes the alert. Imported by `<projectId>/<alertId>`.",
);
export type SpendAlertInputs = z.infer<typeof SpendAlertInputs>;

/** What state holds for a spend alert. */
export const SpendAlertOutputs = z.object({
  alertId: z.string().describe("The alert id, also the resource id."),
  projectId: z.string(),
  thresholdAmount: z.number().describe("Cents."),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notificationChannel: z.object({ type: z.literal("email"), recipients: z.array(z.string()), subjectPrefix: z.string().nullable() }),
  createdAt: z
    .number()
    .nullable()
    .describe("Unix seconds when the provider made the alert (the API does not say); null for alerts made by older versions."),
});
export type SpendAlertOutputs = z.infer<typeof SpendAlertOutputs>;

export function outputs(projectId: string, a: Omit<ProjectSpendAlert, "object">, createdAt: number | null = null): SpendAlertOutputs {
  return {
    createdAt,
    alertId: a.id,
    projectId,
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

export function body(inputs: Omit<SpendAlertInputs, "projectId">): SpendAlertCreateParams {
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

/** One project's alerts, as this process knows them (a project this process made starts empty, unlisted). */
export function knownSpendAlerts(c: AdminClient, projectId: string): Collection<ProjectSpendAlert> {
  return collection(c, `spend_alerts:${projectId}`, () => spendAlerts.list(c, projectId));
}

/** An amount of cents as people read it, "$500.00 (50000 cents)", so a threshold meant in dollars shows as what it is. */
export function dollars(cents: unknown): string {
  if (typeof cents !== "number" || !Number.isFinite(cents)) return "?";
  return `${(cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" })} (${cents} cents)`;
}

export const spendAlert = defineResource<SpendAlertInputs, SpendAlertOutputs>({
  type: "SpendAlert",
  inputs: SpendAlertInputs,
  outputs: SpendAlertOutputs,
  replaceOn: ["projectId"],
  // The API reads an alert under its project, so `pulumi import` is given both.
  importId(id, inputs) {
    // The import option may give the alert id alone when the program names the project.
    if (!id.includes("/") && inputs?.projectId) return { id, outs: { projectId: inputs.projectId } };
    const [projectId, alertId, ...rest] = id.split("/");
    if (!projectId || !alertId || rest.length > 0) throw new Error(`OpenAI SpendAlert: import it by "<projectId>/<alertId>", got "${id}"`);
    return { id: alertId, outs: { projectId } };
  },
  describe: (props) => `spend alert at ${dollars(props.thresholdAmount)} on project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const recipients = (a: ProjectSpendAlert) => outputs(inputs.projectId, a).notificationChannel.recipients;
    const a = await guardedCreate({
      type: "SpendAlert",
      collection: knownSpendAlerts(c, inputs.projectId),
      what: `spend alert at ${inputs.thresholdAmount} cents on project ${inputs.projectId}`,
      duplicates: (x) =>
        x.threshold_amount === inputs.thresholdAmount &&
        x.currency === inputs.currency &&
        x.interval === inputs.interval &&
        sameValue(recipients(x), inputs.notificationChannel.recipients),
      describe: (x) => `an alert with the same threshold, currency, interval and recipients (${x.id})`,
      importId: (x) => `${inputs.projectId}/${x.id}`,
      // Normalized inputs have the shape of the outputs less the id, so they compare directly.
      matches: (x) => sameValue({ ...outputs(inputs.projectId, x), alertId: null }, inputs),
      create: () => spendAlerts.create(c, inputs.projectId, body(inputs)),
      retrieve: (id) => spendAlerts.retrieve(c, inputs.projectId, id),
    });
    return { id: a.id, outs: outputs(inputs.projectId, a, Math.floor(Date.now() / 1000)) };
  },

  async read(c, id, outs) {
    return outputs(outs.projectId, await spendAlerts.retrieveListed(c, outs.projectId, id), outs.createdAt ?? null);
  },

  async update(c, id, olds, inputs) {
    const a = await spendAlerts.update(c, olds.projectId, id, body(inputs));
    knownSpendAlerts(c, olds.projectId).put(a);
    return outputs(olds.projectId, a, olds.createdAt ?? null);
  },

  async delete(c, id, outs) {
    await spendAlerts.delete(c, outs.projectId, id);
    knownSpendAlerts(c, outs.projectId).remove(id);
  },
});
