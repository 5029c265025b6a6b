import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { spendAlertFields } from "./spend-alerts";
import { fields, invalid, oneOf, required } from "./validate";

// Retention types an organization can be set to, as the official `openai` package declares them.
const ORGANIZATION_RETENTION_TYPES = [
  "zero_data_retention", "modified_abuse_monitoring", "enhanced_zero_data_retention", "enhanced_modified_abuse_monitoring",
] as const;

const limitSchema = z.object({ threshold_amount: z.number(), currency: z.literal("USD"), interval: z.literal("month") });
const alertSchema = z.object({
  id: z.string(),
  object: z.literal("organization.spend_alert"),
  threshold_amount: z.number(),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notification_channel: z.object({ type: z.literal("email"), recipients: z.array(z.string()), subject_prefix: z.string().nullable() }),
});
const shape = {
  organizationSpendLimit: limitSchema.nullable().default(null),
  projectSpendLimits: z.record(z.string(), limitSchema).default({}),
  organizationSpendAlerts: z.array(alertSchema).default([]),
  organizationDataRetention: z.enum(ORGANIZATION_RETENTION_TYPES).nullable().default(null),
};
type Limit = z.infer<typeof limitSchema>;
type Alert = z.infer<typeof alertSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

function limitFields(body: unknown): Limit {
  const b = fields(body, ["threshold_amount", "currency", "interval"]);
  const threshold = required(b, "threshold_amount");
  if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
    throw invalid("threshold_amount", "expected a positive integer number of cents");
  }
  return { threshold_amount: threshold, currency: oneOf(required(b, "currency"), ["USD"], "currency"), interval: oneOf(required(b, "interval"), ["month"], "interval") };
}

// No spend is ever made here, so a limit never reaches enforcement.
const limitView = <O extends string>(object: O, l: Limit) => ({ object, ...l, enforcement: { status: "inactive" } });

function alert(org: Org, id: string): Alert {
  const found = own(org).organizationSpendAlerts.find((a) => a.id === id);
  if (!found) throw new ApiError(404, `No spend alert found with id '${id}'.`);
  return found;
}

const PROJECT_LIMIT = "/organization/projects/{project_id}/spend_limit";

/** The organization's own billing controls (hard limits, alerts) and data retention, and each project's hard limit. */
export const organizationPolicies: Family = {
  state: shape,
  fresh: () => ({ organizationSpendLimit: null, projectSpendLimits: {}, organizationSpendAlerts: [], organizationDataRetention: null }),
  routes: {
    "GET /organization/spend_limit": ({ org }) => {
      const l = own(org).organizationSpendLimit;
      if (!l) throw new ApiError(404, "No hard spend limit is set for this organization.");
      return limitView("organization.spend_limit", l);
    },
    "POST /organization/spend_limit": ({ org, body }) => {
      own(org).organizationSpendLimit = limitFields(body);
      return limitView("organization.spend_limit", own(org).organizationSpendLimit!);
    },
    "DELETE /organization/spend_limit": ({ org }) => {
      if (!own(org).organizationSpendLimit) throw new ApiError(404, "No hard spend limit is set for this organization.");
      own(org).organizationSpendLimit = null;
      return { object: "organization.spend_limit.deleted", deleted: true };
    },
    [`GET ${PROJECT_LIMIT}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      const l = own(org).projectSpendLimits[project_id];
      if (!l) throw new ApiError(404, `No hard spend limit is set for project '${project_id}'.`);
      return limitView("project.spend_limit", l);
    },
    [`POST ${PROJECT_LIMIT}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      own(org).projectSpendLimits[project_id] = limitFields(body);
      return limitView("project.spend_limit", own(org).projectSpendLimits[project_id]);
    },
    [`DELETE ${PROJECT_LIMIT}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      if (!own(org).projectSpendLimits[project_id]) throw new ApiError(404, `No hard spend limit is set for project '${project_id}'.`);
      delete own(org).projectSpendLimits[project_id];
      return { object: "project.spend_limit.deleted", deleted: true };
    },
    "GET /organization/spend_alerts": ({ org, query }) => {
      const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
      const alerts = [...own(org).organizationSpendAlerts];
      return org.page(order === "asc" ? alerts : alerts.reverse(), query);
    },
    "POST /organization/spend_alerts": ({ org, body }) => {
      const a: Alert = { ...spendAlertFields(body), id: org.newId("alert_"), object: "organization.spend_alert" };
      own(org).organizationSpendAlerts.push(a);
      return a;
    },
    "GET /organization/spend_alerts/{alert_id}": ({ org, params }) => alert(org, params.alert_id),
    "POST /organization/spend_alerts/{alert_id}": ({ org, params, body }) => Object.assign(alert(org, params.alert_id), spendAlertFields(body)),
    "DELETE /organization/spend_alerts/{alert_id}": ({ org, params }) => {
      const a = alert(org, params.alert_id);
      own(org).organizationSpendAlerts = own(org).organizationSpendAlerts.filter((x) => x !== a);
      return { id: a.id, object: "organization.spend_alert.deleted", deleted: true };
    },
    "GET /organization/data_retention": ({ org }) => {
      const type = own(org).organizationDataRetention;
      if (!type) throw new ApiError(404, "No data retention controls are configured for this organization.");
      return { object: "organization.data_retention", type };
    },
    "POST /organization/data_retention": ({ org, body }) => {
      const b = fields(body, ["retention_type"]);
      const type = oneOf(required(b, "retention_type"), ORGANIZATION_RETENTION_TYPES, "retention_type");
      own(org).organizationDataRetention = type;
      return { object: "organization.data_retention", type };
    },
  },
};
