// The resource classes and their types: generated from the definitions (npm run generate).
export * from "./resources";
export {
  getOrganizationUsers,
  getProjectApiKeys,
  getAdminApiKeys,
  getAuditLogs,
  type OrganizationUserInfo,
  type ProjectApiKeyInfo,
  type AdminApiKeyInfo,
  type AuditLogInfo,
  type AuditLogQuery,
} from "./reads";
export { getUsage, getCosts, type UsageQuery, type UsageBucketInfo, type UsageResultInfo, type CostsQuery, type CostBucketInfo, type CostResultInfo } from "./reads";
export { usd } from "./money";

import { refusePlainAdminKey } from "./admin-key";

// Before any resource: a plain-text key in the stack config would be written to the state as it is.
refusePlainAdminKey();
