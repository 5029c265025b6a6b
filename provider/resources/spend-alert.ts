/**
 * SpendAlert: an email when a project's spend in the interval passes a threshold.
 * - id: the alert id. Replaces on: `projectId`.
 * - update: one POST with the full body (the API replaces the whole alert).
 * - delete: DELETE. 404: done (alert or project gone).
 * - create: refused before any write when the project has an alert with the same threshold, currency,
 *   interval and recipients; after an ambiguous failure, adopts only a new alert matching every input.
 * - adopt ({ import: "<projectId>/<alertId>" }, or the alert id with `projectId`): one GET.
 * - recipients are a set of lower-cased addresses: order and case never show as a change.
 */
import { z } from "zod";
import { type AdminClient, type ProjectSpendAlert, type SpendAlertCreateParams, spendAlerts } from "../client";
import { email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

export const SpendAlertInputs = z.strictObject({
  projectId,
  thresholdAmount: z
    .number({ error: "must be a number of cents" })
    .int("must be a whole number of cents (5000 is $50.00)")
    .positive("must be more than 0 cents"),
  currency: z.literal("USD", { error: "must be USD, the only currency the API supports" }).default("USD"),
  interval: z.literal("month", { error: "must be month, the only interval the API supports" }).default("month"),
  notificationChannel: z.strictObject(
    {
      type: z.literal("email", { error: "must be email, the only channel the API supports" }).default("email"),
      recipients: z
        .array(email, { error: "must be a list of email addresses" })
        .min(1, "must name at least one email address")
        .transform((r) => [...new Set(r)].sort()),
      subjectPrefix: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
    },
    { error: "is required: { recipients: [...] }" },
  ),
});
export type SpendAlertInputs = z.infer<typeof SpendAlertInputs>;

/** What state holds for a spend alert. */
export interface SpendAlertOutputs extends Record<string, unknown> {
  alertId: string;
  projectId: string;
  /** Cents. */
  thresholdAmount: number;
  currency: "USD";
  interval: "month";
  notificationChannel: { type: "email"; recipients: string[]; subjectPrefix: string | null };
}

function outputs(projectId: string, a: ProjectSpendAlert): SpendAlertOutputs {
  return {
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

function body(inputs: SpendAlertInputs): SpendAlertCreateParams {
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

export const spendAlert = defineResource<SpendAlertInputs, SpendAlertOutputs>({
  type: "SpendAlert",
  inputs: SpendAlertInputs,
  replaceOn: ["projectId"],
  describe: (props) => `spend alert at ${String(props.thresholdAmount ?? "?")} cents on project ${String(props.projectId ?? "?")}`,

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
    return { id: a.id, outs: outputs(inputs.projectId, a) };
  },

  async adopt(c, id, inputs) {
    // `<projectId>/<alertId>` names both; a bare alert id takes the project from the inputs.
    const [project, alertId] = id.includes("/") ? id.split("/", 2) : [inputs.projectId, id];
    const a = await spendAlerts.retrieve(c, project, alertId);
    return { id: a.id, outs: outputs(project, a) };
  },

  async read(c, id, outs) {
    return outputs(outs.projectId, await spendAlerts.retrieve(c, outs.projectId, id));
  },

  async update(c, id, olds, inputs) {
    const a = await spendAlerts.update(c, olds.projectId, id, body(inputs));
    knownSpendAlerts(c, olds.projectId).put(a);
    return outputs(olds.projectId, a);
  },

  async delete(c, id, outs) {
    await spendAlerts.delete(c, outs.projectId, id);
    knownSpendAlerts(c, outs.projectId).remove(id);
  },
});
