/**
 * SpendAlert: an email when a project's spend in the interval passes a threshold.
 * - id: the alert id. Replaces on: `projectId`.
 * - update: one POST with the full body (the API replaces the whole alert).
 * - delete: DELETE. 404: done (alert or project gone).
 * - create after an ambiguous failure: adopts an alert of the project with identical fields.
 * - recipients are a set of lower-cased addresses: order and case never show as a change.
 * - createdAt: the API's alert has no creation time, so the provider notes when its create answered; a
 *   read within a minute of it takes a 404 for "not visible yet" and retries (see readVisible).
 */
import { z } from "zod";
import { type AdminClient, type ProjectSpendAlert, type SpendAlertCreateParams, createOnce, spendAlerts } from "../client";
import { email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";

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
  /** Unix seconds when this provider's create answered (the API does not say); null for alerts made by older versions. */
  createdAt: number | null;
}

function outputs(projectId: string, a: ProjectSpendAlert, createdAt: number | null): SpendAlertOutputs {
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

async function findIdentical(c: AdminClient, inputs: SpendAlertInputs): Promise<ProjectSpendAlert | undefined> {
  for await (const a of spendAlerts.list(c, inputs.projectId)) {
    // Normalized inputs have the shape of the outputs less the id, so they compare directly.
    if (sameValue({ ...outputs(inputs.projectId, a, null), alertId: null }, inputs)) return a;
  }
  return undefined;
}

export const spendAlert = defineResource<SpendAlertInputs, SpendAlertOutputs>({
  type: "SpendAlert",
  inputs: SpendAlertInputs,
  replaceOn: ["projectId"],
  describe: (props) => `spend alert at ${String(props.thresholdAmount ?? "?")} cents on project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const a = await createOnce(
      () => spendAlerts.create(c, inputs.projectId, body(inputs)),
      () => findIdentical(c, inputs),
    );
    return { id: a.id, outs: outputs(inputs.projectId, a, Math.floor(Date.now() / 1000)) };
  },

  async read(c, id, outs) {
    return outputs(outs.projectId, await spendAlerts.retrieve(c, outs.projectId, id), outs.createdAt ?? null);
  },

  async update(c, id, olds, inputs) {
    return outputs(olds.projectId, await spendAlerts.update(c, olds.projectId, id, body(inputs)), olds.createdAt ?? null);
  },

  async delete(c, id, outs) {
    await spendAlerts.delete(c, outs.projectId, id);
  },
});
