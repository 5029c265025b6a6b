import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { EMAIL, fields, invalid, nullableString, oneOf, required } from "./validate";

const spendAlertSchema = z.object({
  id: z.string(),
  object: z.literal("project.spend_alert"),
  threshold_amount: z.number(),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notification_channel: z.object({
    type: z.literal("email"),
    recipients: z.array(z.string()),
    subject_prefix: z.string().nullable(),
  }),
});
const shape = { spendAlerts: z.record(z.string(), z.array(spendAlertSchema)) };

/** A spend alert in API shape. */
export type SpendAlert = z.infer<typeof spendAlertSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** Create and update both take the full body. */
function spendAlertFields(body: unknown): Omit<SpendAlert, "id" | "object"> {
  const b = fields(body, ["threshold_amount", "currency", "interval", "notification_channel"]);
  const threshold = required(b, "threshold_amount");
  if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
    throw invalid("threshold_amount", "expected a positive integer number of cents");
  }
  oneOf(required(b, "currency"), ["USD"], "currency");
  oneOf(required(b, "interval"), ["month"], "interval");
  const channel = fields(required(b, "notification_channel"), ["type", "recipients", "subject_prefix"], "notification_channel");
  oneOf(required(channel, "type", "notification_channel.type"), ["email"], "notification_channel.type");
  const recipients = required(channel, "recipients", "notification_channel.recipients");
  if (!Array.isArray(recipients) || recipients.length === 0 || !recipients.every((r) => typeof r === "string" && EMAIL.test(r))) {
    throw invalid("notification_channel.recipients", "expected a non-empty list of email addresses");
  }
  return {
    threshold_amount: threshold,
    currency: "USD",
    interval: "month",
    notification_channel: {
      type: "email",
      recipients: [...recipients],
      subject_prefix: nullableString(channel.subject_prefix, "notification_channel.subject_prefix") ?? null,
    },
  };
}

function getSpendAlert(org: Org, projectId: string, alertId: string): SpendAlert {
  getProject(org, projectId);
  const alert = own(org).spendAlerts[projectId]?.find((a) => a.id === alertId);
  if (!alert) throw new ApiError(404, `No spend alert found with id '${alertId}'.`);
  return alert;
}

const LIST = "/organization/projects/{project_id}/spend_alerts";
const ONE = `${LIST}/{alert_id}`;

/** A project's spend alerts, kept in creation order. */
export const spendAlerts: Family = {
  state: shape,
  fresh: () => ({ spendAlerts: {} }),
  routes: {
    [`GET ${LIST}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
      const alerts = [...(own(org).spendAlerts[project_id] ?? [])];
      return org.page(order === "asc" ? alerts : alerts.reverse(), query);
    },
    [`POST ${LIST}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const checked = spendAlertFields(body);
      const alert: SpendAlert = { id: org.newId("alert_"), object: "project.spend_alert", ...checked };
      (own(org).spendAlerts[project_id] ??= []).push(alert);
      return alert;
    },
    [`GET ${ONE}`]: ({ org, params: { project_id, alert_id } }) => getSpendAlert(org, project_id, alert_id),
    [`POST ${ONE}`]: ({ org, params: { project_id, alert_id }, body }) => {
      writableProject(org, project_id, "modify");
      return Object.assign(getSpendAlert(org, project_id, alert_id), spendAlertFields(body));
    },
    [`DELETE ${ONE}`]: ({ org, params: { project_id, alert_id } }) => {
      const alert = getSpendAlert(org, project_id, alert_id);
      own(org).spendAlerts[project_id] = own(org).spendAlerts[project_id].filter((a) => a !== alert);
      return { id: alert_id, object: "project.spend_alert.deleted", deleted: true };
    },
  },
};
