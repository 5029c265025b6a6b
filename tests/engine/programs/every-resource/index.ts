// One of each resource, steered by stack config so the real-engine suite can take every resource through an
// update, a rename and the import option with one program:
// - test:variant  "base" | "update": "update" changes one updatable input of each resource;
// - test:moved    JSON [logicalName…]: those resources are renamed to "<name>-moved" (a rename without an alias);
// - test:imports  JSON { logicalName: importId }: the import option, per resource.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as openai from "pulumi-openai-admin";

const cfg = new pulumi.Config("test");
const updated = cfg.get("variant") === "update";
const moved = new Set(JSON.parse(cfg.get("moved") ?? "[]") as string[]);
const imports = JSON.parse(cfg.get("imports") ?? "{}") as Record<string, string>;
const userId = cfg.require("userId");
const name = (n: string) => (moved.has(n) ? `${n}-moved` : n);
const opts = (n: string, o: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions =>
  imports[n] ? { ...o, import: imports[n] } : o;

const project = new openai.Project(name("project"), { name: "engine-team" }, opts("project"));
const projectId = project.projectId;
new openai.ProjectModelPermissions(name("models"), { projectId, mode: "allow_list", modelIds: updated ? ["gpt-4.1"] : ["gpt-4.1", "gpt-4.1-mini"] }, opts("models"));
new openai.SpendAlert(name("alert"), { projectId, thresholdAmount: updated ? 60_000 : 50_000, notificationChannel: { recipients: ["ops@example.com"] } }, opts("alert"));
new openai.DataRetention(name("retention"), { projectId, retentionType: updated ? "none" : "zero_data_retention" }, opts("retention"));
new openai.Invite(name("invite"), { email: "newcomer@example.com", role: "reader", projects: [{ id: projectId, role: "member" }] }, opts("invite"));
const member = new openai.ProjectUser(name("member"), { projectId, userId, role: updated ? "owner" : "member" }, opts("member"));
const bot = new openai.ProjectServiceAccount(name("bot"), { projectId, name: "ci-bot" }, opts("bot"));
new openai.ProjectRateLimit(name("rate"), { projectId, model: "gpt-4o", maxRequestsPer1Minute: updated ? 400 : 500 }, opts("rate"));
new openai.OrganizationUser(name("ada"), { userId, role: updated ? "owner" : "reader", removeFromOrganizationOnDelete: true }, opts("ada"));
const adminKey = new openai.AdminApiKey(name("admin-key"), { name: "ci-admin" }, opts("admin-key"));
new openai.OrganizationSpendAlert(name("org-alert"), { thresholdAmount: updated ? 600_000 : 500_000, notificationChannel: { recipients: ["cfo@example.com"] } }, opts("org-alert"));
new openai.OrganizationSpendLimit(name("org-limit"), { thresholdAmount: updated ? 2_000_000 : 1_000_000 }, opts("org-limit"));
new openai.ProjectSpendLimit(name("project-limit"), { projectId, thresholdAmount: updated ? 200_000 : 100_000 }, opts("project-limit"));
new openai.OrganizationDataRetention(name("org-retention"), { retentionType: updated ? "modified_abuse_monitoring" : "zero_data_retention" }, opts("org-retention"));
const group = new openai.Group(name("group"), { name: updated ? "platform-team" : "platform" }, opts("group"));
new openai.GroupMember(name("group-member"), { groupId: group.groupId, userId }, opts("group-member"));
const role = new openai.OrganizationRole(name("role"), { name: "auditor", permissions: updated ? ["api.audit_logs.read", "api.usage.read"] : ["api.audit_logs.read"] }, opts("role"));
new openai.OrganizationRoleAssignment(name("group-role"), { roleId: role.roleId, groupId: group.groupId }, opts("group-role"));
new openai.ProjectGroup(name("project-group"), { projectId, groupId: group.groupId, role: "member" }, opts("project-group"));
const projectRole = new openai.ProjectRole(name("project-role"), { projectId, name: "deployer", permissions: updated ? ["api.project.deploy", "api.project.read"] : ["api.project.deploy"] }, opts("project-role"));
new openai.ProjectRoleAssignment(name("project-user-role"), { projectId, roleId: projectRole.roleId, userId }, opts("project-user-role", { dependsOn: member }));
const role_ = "arn:aws:iam::123456789012:role/openai";
new openai.ExternalKey(name("external-key"), { name: "prod-kms", type: "aws", externalId: "org-emulator", kmsArn: "arn:aws:kms:us-east-1:123456789012:key/prod", roleArn: role_ }, opts("external-key"));
new openai.ExternalStorage(name("external-storage"), { projectId, type: "aws", bucket: "engine-logs", roleArn: role_ }, opts("external-storage"));
const wip = new openai.WorkloadIdentityProvider(name("wip"), { name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai", description: updated ? "CI and CD" : "CI" }, opts("wip"));
new openai.FederationRule(name("federation-rule"), { providerId: wip.workloadIdentityProviderId, projectId, serviceAccountId: bot.serviceAccountId, attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main" }, name: updated ? "deploy-main" : "deploy" }, opts("federation-rule"));
new openai.Certificate(name("certificate"), { name: updated ? "anchor-2" : "anchor", content: fs.readFileSync(path.join(__dirname, "trust-anchor.pem"), "utf8"), projectIds: [projectId] }, opts("certificate"));
new openai.ProjectHostedToolPermissions(name("hosted-tools"), { projectId, webSearch: false, mcp: updated }, opts("hosted-tools"));
new openai.ProjectServiceTierSettings(name("service-tiers"), { projectId, defaultTier: updated ? "scale" : "standard", enabledTiers: ["flex"] }, opts("service-tiers"));

export const serviceAccountKey = bot.apiKey;
export const adminApiKey = adminKey.apiKey;
