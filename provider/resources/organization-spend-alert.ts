/**
 * OrganizationSpendAlert: an email when the organization's spend in the interval passes a threshold.
 * - id: the alert id. Nothing replaces it: every change is an update.
 * - update: one POST with the full body (the API replaces the whole alert). delete: DELETE. 404: done.
 * - create: refused before any write when the organization has an alert with the same threshold,
 *   currency, interval and recipients; after an ambiguous failure, adopts only a new alert matching every input.
 * - adopt ({ import: "<alertId>" }): the run's listing (client/listed.ts), else one GET.
 * - recipients are a set of lower-cased addresses: order and case never show as a change.
 */
import { z } from "zod";
import { type AdminClient, type OrganizationSpendAlert, organizationSpendAlerts } from "../client";
import { documented } from "../fields";
import { defineResource, madeAt, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";
import { AlertFields, AlertValues, alertValues, body } from "../shared/spend-alerts";

// The same inputs and rules as a project's alert, less the project.
// The words of the TSDoc npm run generate writes into sdk/organization-spend-alert.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "thresholdAmount": "The threshold in cents, a positive whole number: 500000 is $5,000.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "notificationChannel": "Who gets the email: `recipients` (a set of addresses), `subjectPrefix?`, `type?` (`email`).",
  "(class)": "An email sent when the whole organization's spend in the interval passes a threshold. Every change is an update in place. Deleting it deletes the alert. Adopt an existing alert with `{ import: \"<alertId>\" }`; a create is refused, before any write, when the organization already has an alert with the same threshold, currency, interval and recipients."
};

export const OrganizationSpendAlertInputs = documented(DOCS, z.strictObject(AlertFields));
export type OrganizationSpendAlertInputs = z.infer<typeof OrganizationSpendAlertInputs>;

/** What state holds for an organization spend alert: a project's alert's, less the project. */
export const OrganizationSpendAlertOutputs = z.object({ alertId: z.string().describe("The alert id, also the resource id."), ...AlertValues, createdAt: madeAt });
export type OrganizationSpendAlertOutputs = z.infer<typeof OrganizationSpendAlertOutputs>;

const outputs = (a: OrganizationSpendAlert): OrganizationSpendAlertOutputs => alertValues(a);

/** The organization's alerts, as this process knows them. */
export function knownOrganizationSpendAlerts(c: AdminClient): Collection<OrganizationSpendAlert> {
  return collection(c, "organization_spend_alerts", () => organizationSpendAlerts.list(c));
}

export const organizationSpendAlert = defineResource<OrganizationSpendAlertInputs, OrganizationSpendAlertOutputs>({
  type: "OrganizationSpendAlert",
  inputs: OrganizationSpendAlertInputs,
  outputs: OrganizationSpendAlertOutputs,
  replaceOn: [],
  deletesFirst: true,
  importIdForm: "<alertId>",
  lives: { path: "/organization/spend_alerts" },
  describe: (props) => `organization spend alert at ${String(props.thresholdAmount ?? "?")} cents`,

  async create(c, inputs) {
    const a = await guardedCreate({
      type: "OrganizationSpendAlert",
      collection: knownOrganizationSpendAlerts(c),
      what: `organization spend alert at ${inputs.thresholdAmount} cents`,
      duplicates: (x) => {
        const o = outputs(x);
        return (
          o.thresholdAmount === inputs.thresholdAmount &&
          o.currency === inputs.currency &&
          o.interval === inputs.interval &&
          sameValue(o.notificationChannel.recipients, inputs.notificationChannel.recipients)
        );
      },
      describe: (x) => `an alert with the same threshold, currency, interval and recipients (${x.id})`,
      importId: (x) => x.id,
      // Normalized inputs have the shape of the outputs less the id, so they compare directly.
      matches: (x) => sameValue({ ...outputs(x), alertId: null }, inputs),
      create: () => organizationSpendAlerts.create(c, body(inputs)),
      retrieve: (id) => organizationSpendAlerts.retrieve(c, id),
    });
    return { id: a.id, outs: outputs(a) };
  },

  async adopt(c, id) {
    const a = await organizationSpendAlerts.retrieveListed(c, id);
    return { id: a.id, outs: outputs(a) };
  },

  async read(c, id) {
    return outputs(await organizationSpendAlerts.retrieveListed(c, id));
  },

  async update(c, id, _olds, inputs) {
    const a = await organizationSpendAlerts.update(c, id, body(inputs));
    knownOrganizationSpendAlerts(c).put(a);
    return outputs(a);
  },

  async delete(c, id) {
    await organizationSpendAlerts.delete(c, id);
    knownOrganizationSpendAlerts(c).remove(id);
  },
});
