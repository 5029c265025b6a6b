/**
 * What the engine runs. The shim that `sdk/` hands to `pulumi.dynamic.Resource` requires this module
 * by the package's name at call time, so the client, schemas and key live here and are never
 * serialized into state.
 */
import type { DefinedResource } from "./handler";
import { dataRetentionResource } from "./resources/data-retention";
import { invite } from "./resources/invite";
import { project } from "./resources/project";
import { projectModelPermissions } from "./resources/project-model-permissions";
import { spendAlert } from "./resources/spend-alert";
import { projectUser } from "./resources/project-user";
import { projectServiceAccount } from "./resources/project-service-account";
import { projectRateLimit } from "./resources/project-rate-limit";
import { organizationUser } from "./resources/organization-user";
import { adminApiKey } from "./resources/admin-api-key";
import { organizationSpendAlert } from "./resources/organization-spend-alert";
import { organizationSpendLimit } from "./resources/organization-spend-limit";
import { projectSpendLimit } from "./resources/project-spend-limit";
import { organizationDataRetentionResource } from "./resources/organization-data-retention";
import { group } from "./resources/group";
import { groupMember } from "./resources/group-member";
import { organizationRole } from "./resources/organization-role";
import { organizationRoleAssignment } from "./resources/organization-role-assignment";
import { projectGroup } from "./resources/project-group";
import { projectRole } from "./resources/project-role";
import { projectRoleAssignment } from "./resources/project-role-assignment";
import { externalKey } from "./resources/external-key";
import { externalStorageResource } from "./resources/external-storage";
import { workloadIdentityProvider } from "./resources/workload-identity-provider";
import { federationRule } from "./resources/federation-rule";
import { certificate } from "./resources/certificate";
import { projectHostedToolPermissions } from "./resources/project-hosted-tool-permissions";
import { projectServiceTierSettings } from "./resources/project-service-tier-settings";

export { configure } from "./credentials";
export { UNKNOWN, type ResourceHandler, type DefinedResource, type Props, type CheckFailure } from "./handler";
export { shim, type ResourceType } from "./shim";

/** The handler of every resource type, by the name users see. */
export const resources: Record<string, DefinedResource> = {
  Project: project,
  ProjectModelPermissions: projectModelPermissions,
  SpendAlert: spendAlert,
  DataRetention: dataRetentionResource,
  Invite: invite,
  ProjectUser: projectUser,
  ProjectServiceAccount: projectServiceAccount,
  ProjectRateLimit: projectRateLimit,
  OrganizationUser: organizationUser,
  AdminApiKey: adminApiKey,
  OrganizationSpendAlert: organizationSpendAlert,
  OrganizationSpendLimit: organizationSpendLimit,
  ProjectSpendLimit: projectSpendLimit,
  OrganizationDataRetention: organizationDataRetentionResource,
  Group: group,
  GroupMember: groupMember,
  OrganizationRole: organizationRole,
  OrganizationRoleAssignment: organizationRoleAssignment,
  ProjectGroup: projectGroup,
  ProjectRole: projectRole,
  ProjectRoleAssignment: projectRoleAssignment,
  ExternalKey: externalKey,
  ExternalStorage: externalStorageResource,
  WorkloadIdentityProvider: workloadIdentityProvider,
  FederationRule: federationRule,
  Certificate: certificate,
  ProjectHostedToolPermissions: projectHostedToolPermissions,
  ProjectServiceTierSettings: projectServiceTierSettings,
};
