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
import { type AdminClient, type ProjectSpendAlert, spendAlerts } from "../client";
import { documented, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, childCollection, guardedCreate } from "../lookup";
import { AlertFields, AlertValues, alertValues, body, dollars } from "../shared/spend-alerts";

// The words of the TSDoc npm run generate writes into sdk/spend-alert.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the alert.",
  "thresholdAmount": "The threshold in cents, a positive whole number: 50000 is $500.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "(class)": "An email sent when a project's spend in the interval passes a threshold. Replaced when `projectId` changes; every other change is an update in place. Deleting it deletes the alert. Imported by `<projectId>/<alertId>`.",
};

export const SpendAlertInputs = documented(DOCS, z.strictObject({ projectId, ...AlertFields }));
export type SpendAlertInputs = z.infer<typeof SpendAlertInputs>;

/** What state holds for a spend alert. */
export const SpendAlertOutputs = z.object({
  alertId: z.string().describe("The alert id, also the resource id."),
  projectId: z.string(),
  ...AlertValues,
  createdAt: z
    .number()
    .nullable()
    .describe("Unix seconds when the provider made the alert (the API does not say); null for alerts made by older versions."),
});
export type SpendAlertOutputs = z.infer<typeof SpendAlertOutputs>;

function outputs(projectId: string, a: ProjectSpendAlert, createdAt: number | null = null): SpendAlertOutputs {
  const { alertId, ...values } = alertValues(a);
  return { createdAt, alertId, projectId, ...values };
}

/** One project's alerts, as this process knows them (a project this process made starts empty, unlisted). */
export function knownSpendAlerts(c: AdminClient, projectId: string): Collection<ProjectSpendAlert> {
  return childCollection(c, { under: "Project", id: projectId, name: "spend_alerts" }, () => spendAlerts.list(c, projectId));
}

export const spendAlert = defineResource<SpendAlertInputs, SpendAlertOutputs>({
  type: "SpendAlert",
  inputs: SpendAlertInputs,
  outputs: SpendAlertOutputs,
  replaceOn: ["projectId"],
  deletesFirst: true,
  importIdForm: "<projectId>/<alertId>",
  lives: { path: "/organization/projects/{projectId}/spend_alerts", under: "Project" },
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
