/**
 * One example of every resource, for the conformance suite: the inputs that make one in an org holding the
 * {@link Parents}, and what little the suite cannot derive from the resource's definition. A resource registered in
 * provider/index.ts without an entry here fails the suite by name.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Props } from "../../provider";
import { resources } from "../../provider";
import type { EmulatorControl } from "../../emulator";

/** What the examples live under, made afresh in each resource's org. */
export interface Parents {
  projectId: string;
  groupId: string;
  /** A person in the org (ada@example.com), for memberships and assignments. */
  userId: string;
  /** grace@example.com: in the org, and no example takes her over but OrganizationUser. */
  otherEmail: string;
  /** A custom organization role. */
  roleId: string;
  /** A workload identity provider with no rules, of an issuer no example uses, for a federation rule to live under. */
  providerId: string;
  /** A service account of the project, for a federation rule to act as. */
  serviceAccountId: string;
}

/** What one create answered. */
export interface Made {
  id: string;
  outs: Props;
}

export interface Example {
  /** Inputs as a user writes them; the suite passes them through `check` first, as the engine does. */
  inputs: Props;
  /** A change that updates in place (no replace), so the update call's requests are checked too. */
  update?: Props;
  /** The id `pulumi import` and the import option take for the object made, when it is not the resource's id. */
  importId?: (made: Made) => string;
  /** Outputs an adoption cannot answer as a read does, each with the reason. */
  notAdopted?: Record<string, string>;
  /** Why the delete sends no request, for a resource whose delete only leaves Pulumi state. */
  deleteSendsNothing?: string;
  /** Outputs a create answers null and the first read fills, each with the reason. */
  filledByRead?: Record<string, string>;
}

/** Makes the parents in an empty org, through the handlers and the emulator's control API. */
export async function makeParents(ctl: EmulatorControl): Promise<Parents> {
  const projectId = (await resources.Project.create({ name: "conformance", externalKeyId: null })).id;
  const groupId = (await resources.Group.create({ name: "conformance-group" })).id;
  const userId = (await ctl.addUser({ email: "ada@example.com", name: "Ada" })).id;
  const otherEmail = (await ctl.addUser({ email: "grace@example.com", name: "Grace" })).email;
  const roleId = (await resources.OrganizationRole.create({ name: "conformance-role", permissions: ["api.audit_logs.read"], description: null })).id;
  const providerId = (await resources.WorkloadIdentityProvider.create({ name: "conformance-issuer", issuer: "https://issuer.conformance.example", audience: "conformance" })).id;
  const serviceAccountId = (await resources.ProjectServiceAccount.create({ projectId, name: "conformance-federated" })).id;
  return { projectId, groupId, userId, otherEmail, roleId, providerId, serviceAccountId };
}

// The spend limits record the limit that was there before the resource took it over, to put back on delete: a
// create finds none of ours, an adoption finds the object itself.
const previousOnAdopt = { previous: "the limit found before the takeover: none for a create, the object itself for an adoption" };

/** A trust anchor valid for a century from the fixtures' making, so the certificate's check does not refuse it. */
const TRUST_ANCHOR = readFileSync(join(__dirname, "../fixtures/certificates/trust-anchor-a.pem"), "utf8");

const underProject = (made: Made) => `${String(made.outs.projectId)}/${made.id}`;

/** Every resource's example, by the type name it is registered under. */
export const examples: Record<string, (p: Parents) => Example> = {
  Project: () => ({ inputs: { name: "conformance-project" }, update: { name: "conformance-renamed" } }),
  ProjectModelPermissions: (p) => ({
    inputs: { projectId: p.projectId, mode: "allow_list", modelIds: ["gpt-4.1"] },
    update: { modelIds: ["gpt-4o"] },
  }),
  SpendAlert: (p) => ({
    inputs: { projectId: p.projectId, thresholdAmount: 50_000, notificationChannel: { recipients: ["ops@example.com"] } },
    update: { thresholdAmount: 60_000 },
    importId: underProject,
  }),
  DataRetention: (p) => ({ inputs: { projectId: p.projectId, retentionType: "zero_data_retention" }, update: { retentionType: "none" } }),
  Invite: (p) => ({ inputs: { email: "new@example.com", role: "reader", projects: [{ id: p.projectId, role: "member" }] } }),
  ProjectUser: (p) => ({
    inputs: { projectId: p.projectId, email: "ada@example.com", role: "member" },
    update: { role: "owner" },
    importId: underProject,
  }),
  ProjectServiceAccount: (p) => ({
    inputs: { projectId: p.projectId, name: "ci-bot" },
    importId: underProject,
    notAdopted: {
      apiKey: "the key made with the account: the API shows its value once, in the create's answer",
      apiKeyId: "the key made with the account: only the create's answer says which it is",
    },
  }),
  ProjectRateLimit: (p) => ({
    inputs: { projectId: p.projectId, model: "gpt-4o", maxRequestsPer1Minute: 500 },
    update: { maxRequestsPer1Minute: 400 },
    importId: underProject,
    notAdopted: { previous: "the limits found before the takeover: the model's defaults for a create, none for an adoption" },
  }),
  // Removed on delete, so that the delete's request is checked too.
  OrganizationUser: (p) => ({
    inputs: { email: p.otherEmail, role: "reader", removeFromOrganizationOnDelete: true },
    update: { role: "owner" },
    notAdopted: { removeFromOrganizationOnDelete: "the program's choice, not the organization's: `pulumi import` answers the default" },
  }),
  AdminApiKey: () => ({
    inputs: { name: "ci-admin" },
    notAdopted: { apiKey: "the key's value: the API shows it once, in the create's answer" },
  }),
  OrganizationSpendAlert: () => ({
    inputs: { thresholdAmount: 500_000, notificationChannel: { recipients: ["cfo@example.com"] } },
    update: { thresholdAmount: 600_000 },
  }),
  OrganizationSpendLimit: () => ({ inputs: { thresholdAmount: 1_000_000 }, update: { thresholdAmount: 2_000_000 }, notAdopted: previousOnAdopt }),
  ProjectSpendLimit: (p) => ({
    inputs: { projectId: p.projectId, thresholdAmount: 100_000 },
    update: { thresholdAmount: 200_000 },
    notAdopted: previousOnAdopt,
  }),
  OrganizationDataRetention: () => ({
    inputs: { retentionType: "zero_data_retention" },
    update: { retentionType: "modified_abuse_monitoring" },
    deleteSendsNothing: "the API has no default to go back to: the setting stays and only leaves Pulumi state",
  }),
  Group: () => ({ inputs: { name: "platform" }, update: { name: "platform-2" } }),
  GroupMember: (p) => ({
    inputs: { groupId: p.groupId, userId: p.userId },
    importId: (made) => `${p.groupId}/${made.id}`,
    filledByRead: { email: "the add answers only the ids", name: "the add answers only the ids" },
  }),
  OrganizationRole: () => ({
    inputs: { name: "auditor", permissions: ["api.audit_logs.read"] },
    update: { permissions: ["api.audit_logs.read", "api.organization.projects.read"] },
  }),
  OrganizationRoleAssignment: (p) => ({ inputs: { roleId: p.roleId, groupId: p.groupId } }),
  ProjectGroup: (p) => ({
    inputs: { projectId: p.projectId, groupId: p.groupId, role: "member" },
    importId: underProject,
    // A known gap, not a choice: `pulumi import` answers no role, so its inputs fail their own check and, through
    // the provider plugin, an undefined output cannot be sent. Remove this line once the role is read back.
    notAdopted: { role: "the API does not answer the role a group was given in a project" },
  }),
  ProjectRole: (p) => ({
    inputs: { projectId: p.projectId, name: "deployer", permissions: ["api.project.deploy"] },
    update: { description: "ships" },
    importId: underProject,
  }),
  ProjectRoleAssignment: (p) => ({ inputs: { projectId: p.projectId, roleId: "role_project_member", userId: p.userId } }),
  ExternalKey: (p) => ({
    inputs: {
      name: "conformance-kms",
      type: "aws",
      externalId: p.projectId,
      kmsArn: "arn:aws:kms:us-east-1:123456789012:key/conformance",
      roleArn: "arn:aws:iam::123456789012:role/openai-ekm",
    },
    notAdopted: { validationStatus: "what OpenAI answered when the create asked it to use the key: an adoption does not ask" },
  }),
  ExternalStorage: (p) => ({
    inputs: { projectId: p.projectId, type: "aws", bucket: "conformance-bucket", roleArn: "arn:aws:iam::123456789012:role/openai-storage" },
  }),
  WorkloadIdentityProvider: () => ({
    inputs: { name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai" },
    update: { enabled: false, description: "CI" },
  }),
  FederationRule: (p) => ({
    inputs: { providerId: p.providerId, projectId: p.projectId, serviceAccountId: p.serviceAccountId, attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main" } },
    update: { name: "main", scopes: ["api.model.request"] },
    importId: (made) => `${p.providerId}/${made.id}`,
  }),
  // Activated in the project by the update, so the delete's deactivation is checked too.
  Certificate: (p) => ({
    inputs: { name: "conformance-anchor", content: TRUST_ANCHOR },
    update: { name: "conformance-anchor-2", projectIds: [p.projectId] },
  }),
  ProjectHostedToolPermissions: (p) => ({ inputs: { projectId: p.projectId, webSearch: false }, update: { mcp: false } }),
  ProjectServiceTierSettings: (p) => ({ inputs: { projectId: p.projectId, defaultTier: "scale" }, update: { enabledTiers: ["flex"] } }),
};
