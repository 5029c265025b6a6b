export { Project, type ProjectArgs, type ProjectResidency } from "./project";
export { ProjectModelPermissions, type ProjectModelPermissionsArgs } from "./project-model-permissions";
export { SpendAlert, type SpendAlertArgs, type SpendAlertNotificationChannelArgs } from "./spend-alert";
export { DataRetention, type DataRetentionArgs, type RetentionType } from "./data-retention";
export { Invite, type InviteArgs, type InviteProjectArgs } from "./invite";
export { ProjectUser, type ProjectUserArgs } from "./project-user";
export { ProjectServiceAccount, type ProjectServiceAccountArgs } from "./project-service-account";
export { ProjectRateLimit, type ProjectRateLimitArgs } from "./project-rate-limit";
export { OrganizationUser, type OrganizationUserArgs } from "./organization-user";
export { AdminApiKey, type AdminApiKeyArgs } from "./admin-api-key";
export { OrganizationSpendAlert, type OrganizationSpendAlertArgs } from "./organization-spend-alert";
export { OrganizationSpendLimit, type OrganizationSpendLimitArgs } from "./organization-spend-limit";
export { ProjectSpendLimit, type ProjectSpendLimitArgs } from "./project-spend-limit";
export { OrganizationDataRetention, type OrganizationDataRetentionArgs } from "./organization-data-retention";
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
export { Group, type GroupArgs } from "./group";
export { GroupMember, type GroupMemberArgs } from "./group-member";
export { OrganizationRole, type OrganizationRoleArgs } from "./organization-role";
export { OrganizationRoleAssignment, type OrganizationRoleAssignmentArgs } from "./organization-role-assignment";
export { ProjectGroup, type ProjectGroupArgs } from "./project-group";
export { ProjectRole, type ProjectRoleArgs } from "./project-role";
export { ProjectRoleAssignment, type ProjectRoleAssignmentArgs } from "./project-role-assignment";
export { ExternalKey, type ExternalKeyArgs } from "./external-key";
export { ExternalStorage, type ExternalStorageArgs } from "./external-storage";
export { WorkloadIdentityProvider, type WorkloadIdentityProviderArgs } from "./workload-identity-provider";
export { FederationRule, type FederationRuleArgs } from "./federation-rule";
export { Certificate, type CertificateArgs } from "./certificate";
export { ProjectHostedToolPermissions, type ProjectHostedToolPermissionsArgs } from "./project-hosted-tool-permissions";
export { ProjectServiceTierSettings, type ProjectServiceTierSettingsArgs } from "./project-service-tier-settings";
export { usd } from "./money";

import { refusePlainAdminKey } from "./admin-key";

// Before any resource: a plain-text key in the stack config would be written to the state as it is.
refusePlainAdminKey();
