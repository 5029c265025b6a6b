import { dataRetention } from "./data-retention";
import { invites } from "./invites";
import { modelPermissions } from "./model-permissions";
import { projects } from "./projects";
import type { Family } from "./router";
import { spendAlerts } from "./spend-alerts";
import { users } from "./users";
import { projectUsers } from "./project-users";
import { serviceAccounts } from "./service-accounts";
import { rateLimits } from "./rate-limits";
import { adminApiKeys } from "./admin-api-keys";
import { auditLogs } from "./audit-logs";
import { organizationPolicies } from "./organization-policies";
import { groupsAndRoles } from "./groups-and-roles";
import { externalKeys } from "./external-keys";
import { externalStorage } from "./external-storage";
import { workloadIdentity } from "./workload-identity";
import { certificates } from "./certificates";
import { hostedToolPermissions } from "./hosted-tool-permissions";
import { serviceTierSettings } from "./service-tier-settings";
import { usage } from "./usage";

/**
 * Every object family the emulator serves, one line each (see `router.ts` for what a family is).
 * Projects come first: a fresh org's default project is made before the others' parts.
 */
export const FAMILIES: Family[] = [
  projects,
  modelPermissions,
  spendAlerts,
  dataRetention,
  invites,
  users,
  projectUsers,
  serviceAccounts,
  rateLimits,
  adminApiKeys,
  auditLogs,
  organizationPolicies,
  groupsAndRoles,
  externalKeys,
  externalStorage,
  workloadIdentity,
  certificates,
  hostedToolPermissions,
  serviceTierSettings,
  usage,
];
