/**
 * An emulator org holding every kind the export writes, built as a state file rather than through thousands of
 * HTTP calls: the emulator loads it checked against each family's schema, so it is an org the API could hold.
 */
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { FAMILIES } from "../emulator/families";
import { Org, prng } from "../emulator/org";
import { writeStateFile } from "../emulator/state-file";
import { repoRoot } from "./install";

/** The seeded certificate's body: a test trust anchor, valid for a century. */
const CERTIFICATE_PEM = () => fs.readFileSync(path.join(repoRoot(), "tests", "fixtures", "certificates", "trust-anchor-a.pem"), "utf8");

/** Names that have broken generated code somewhere: quotes, escapes, comment and template syntax, line separators. */
export const HOSTILE = [
  'quote " and \'single\'',
  "back\\slash \\u2028 \\n",
  "end */ comment /* start",
  "${globalThis.pwned = 1}",
  "$$ and $ and $${x}",
  "`tick` ${x}",
  "line\nbreak",
  "cr\r\nlf",
  "tab\tstop",
  "\u2028globalThis.pwned = 1 //",
  "para\u2029graph",
  "🚀 team 👩‍👩‍👧 🏴󠁧󠁢󠁥󠁮󠁧󠁿",
  "\u202Eevil\u202C rtl \u200F mark",
  "zero\u200Bwidth\uFEFF",
  "nul\u0000char \u0085 nel",
  "  outer spaces  ",
  "long ".repeat(51),
  "日本語のプロジェクト",
  "Ünïcödé",
  "module",
  "exports",
  "require",
  "eval",
  "arguments",
  "class",
  "x-1",
  "x1",
  "1st team",
  "openai",
  "# not a comment: yes",
];

const MODELS_SOME = ["gpt-4.1", "gpt-4.1-mini"];

/** What {@link orgState} put where, for assertions. */
export interface Seeded {
  projectIds: string[];
  userIds: string[];
  groupIds: string[];
  /** Of the project service accounts, and of the workload identity providers (what rules refer to). */
  accountIds: string[];
  providerIds: string[];
  /** Objects the export writes as resources (project rate limits included, project groups not). */
  objects: number;
}

/**
 * Writes to `file` an org of `projects` projects, each with every per-project kind, and `users` members, plus the
 * organization's own settings, groups, roles, assignments, admin keys and invites. `name(i)` names project `i`.
 */
export function writeOrgState(file: string, opts: { projects: number; users: number; name?: (i: number) => string; seed?: number }): Seeded {
  const org = new Org({ families: FAMILIES, random: prng(opts.seed ?? 5) });
  const s = org.state as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const now = org.now();
  const name = opts.name ?? ((i: number) => `team ${i}`);
  let objects = 0;
  const count = (n = 1) => (objects += n);

  s.organizationDataRetention = "zero_data_retention";
  s.organizationSpendLimit = { threshold_amount: 5_000_000, currency: "USD", interval: "month" };
  s.organizationSpendAlerts = [alert(org, "organization.spend_alert", 1_000_000, ["cfo@example.com", "FinOps@Example.com"], "[org]")];
  count(3);

  // The emulator's owner is a member already; the rest join as readers.
  const userIds: string[] = [s.users[0].id];
  for (let i = 1; i < opts.users; i++) {
    const u = { id: org.newId("user-"), object: "organization.user", name: `Person ${i}`, email: `person${i}@example.com`, role: i % 5 ? "reader" : "owner", added_at: now };
    s.users.push(u);
    userIds.push(u.id);
  }
  count(opts.users);

  const groupIds: string[] = [];
  const groupCount = Math.max(2, Math.ceil(opts.users / 10));
  for (let i = 0; i < groupCount; i++) {
    const g = { id: org.newId("group_"), name: i === 0 ? HOSTILE[i % HOSTILE.length] : `group ${i}`, created_at: now, is_scim_managed: false, group_type: "group" };
    s.groups.push(g);
    groupIds.push(g.id);
    s.groupMembers[g.id] = [userIds[i % userIds.length], userIds[(i + 1) % userIds.length]].filter((v, k, a) => a.indexOf(v) === k);
    count(1 + s.groupMembers[g.id].length);
  }
  const customRole = { id: org.newId("role_"), object: "role", name: "Billing viewer \u2028 */", description: 'reads "billing"', permissions: ["api.usage.read", "api.billing.read"], resource_type: "api.organization", predefined_role: false };
  s.roles.push(customRole);
  s.roleAssignments[`groups/${groupIds[0]}`] = [customRole.id];
  s.roleAssignments[`users/${userIds[1 % userIds.length]}`] = ["role_reader"];
  count(3);

  s.adminApiKeys.push(
    { id: org.newId("key_"), object: "organization.admin_api_key", name: "ci key", redacted_value: "sk-admin...abcd", created_at: now, expires_at: null, last_used_at: null, owner_id: userIds[0] },
    // No name: the resource needs one, so the export leaves it out.
    { id: org.newId("key_"), object: "organization.admin_api_key", name: null, redacted_value: "sk-admin...efgh", created_at: now, expires_at: null, last_used_at: null, owner_id: userIds[0] },
  );
  count(1);

  // A customer-managed key: the projects with external_key_id "ekey_1" (below) are encrypted with it.
  s.externalKeys.push({
    id: "ekey_1", object: "organization.external_key", name: "prod kms", type: "aws", purpose: "ekm", external_id: "org-emulator",
    kms_arn: "arn:aws:kms:us-east-1:123456789012:key/prod", role_arn: "arn:aws:iam::123456789012:role/openai-ekm", created_at: now,
  });
  count(1);

  const projectIds: string[] = [s.defaultProjectId];
  const accountIds: string[] = [];
  count(1 + 8); // the default project and its rate limits
  for (let i = 0; i < opts.projects; i++) {
    const id = org.newId("proj_");
    s.projects.push({ id, object: "organization.project", name: name(i), created_at: now, archived_at: null, status: "active", external_key_id: i % 7 === 3 ? "ekey_1" : null, ...(i % 5 === 2 ? { residency: "EU_STORAGE_PROCESSING" } : {}) });
    projectIds.push(id);
    s.modelPermissions[id] = { object: "project.model_permissions", mode: i % 2 ? "deny_list" : "allow_list", model_ids: MODELS_SOME };
    s.dataRetention[id] = { object: "project.data_retention", type: i % 3 ? "zero_data_retention" : "none" };
    s.projectSpendLimits[id] = { threshold_amount: 100_000 + i, currency: "USD", interval: "month" };
    s.spendAlerts[id] = [alert(org, "project.spend_alert", 10_000 + i, [`finops+${i}@example.com`], null), alert(org, "project.spend_alert", 50_000 + i, ["Ops@Example.com"], name(i))];
    s.rateLimits[id] = { "gpt-4o": { max_requests_per_1_minute: 500 + i } };
    const members = [userIds[i % userIds.length], userIds[(i + 2) % userIds.length]].filter((v, k, a) => a.indexOf(v) === k);
    s.projectUsers[id] = members.map((u, k) => ({ user_id: u, role: k === 0 ? "owner" : "member", added_at: now }));
    s.serviceAccounts[id] = [{ id: org.newId("svc_acct_"), object: "organization.project.service_account", name: `bot ${name(i)}`.slice(0, 255), role: "member", created_at: now }];
    accountIds.push(s.serviceAccounts[id][0].id);
    const role = { id: org.newId("role_"), object: "role", name: `deployer ${i}`, description: null, permissions: ["api.project.deploy"], resource_type: "api.project", predefined_role: false };
    s.projectRoles[id] = [role];
    s.roleAssignments[`${id}:users/${members[0]}`] = [role.id, "role_project_member"];
    s.projectGroups[id] = [{ group_id: groupIds[i % groupIds.length], role: "role_project_member", created_at: now }];
    // Project, policy, retention, limit, 2 alerts, 8 rate limits, members, account, role, 2 assignments.
    count(1 + 1 + 1 + 1 + 2 + 8 + members.length + 1 + 1 + 2);
    // Singletons differ from a new project's on some projects only: a project as new has nothing to write.
    if (i % 2 === 0) {
      s.hostedToolPermissions[id] = { file_search: { enabled: true }, web_search: { enabled: false }, image_generation: { enabled: true }, mcp: { enabled: false }, code_interpreter: { enabled: true } };
      count();
    }
    if (i % 3 === 1) {
      s.serviceTierSettings[id] = { object: "project.service_tier_settings", default: "scale", enabled_tiers: ["flex"] };
      count();
    }
  }

  if (opts.projects > 0) {
    const first = projectIds[1];
    s.externalStorage.push({
      id: org.newId("extstorage_"), object: "organization.external_storage", project_id: first, created_at: now, geography: "US", status: "validated",
      provider: { type: "aws", bucket: "acme-openai-data", role_arn: "arn:aws:iam::123456789012:role/openai-storage", account_id: "123456789012", external_id: "org-emulator", region: "us-east-1" },
    });
    // A trust anchor, active for the organization and in the first project; a name that once broke comments.
    const pem = CERTIFICATE_PEM();
    const x509 = new X509Certificate(pem);
    const certificate = { id: org.newId("cert_"), name: HOSTILE[2], created_at: now, content: pem, valid_at: Math.floor(Date.parse(x509.validFrom) / 1000), expires_at: Math.floor(Date.parse(x509.validTo) / 1000), active: true };
    s.certificates.push(certificate);
    s.projectCertificates[first] = [certificate.id];
    count(2);
  }
  // Two identity providers (discovery, and uploaded keys whose member names are not identifiers) and a rule.
  const providerIds = [org.newId("wip_"), org.newId("wip_")];
  const base = { object: "organization.workload_identity_provider", type: "oidc", enabled: true, created_at: now, updated_at: now };
  s.workloadIdentityProviders.push(
    { ...base, id: providerIds[0], name: "GitHub Actions", issuer: "https://token.actions.githubusercontent.com", audience: "https://github.com/acme", description: null, attribute_transformations: [], verification: { type: "discovery", discovery_url: null } },
    {
      ...base, id: providerIds[1], name: HOSTILE[0], issuer: "https://issuer.example.com", audience: "openai", description: HOSTILE[9], enabled: false,
      attribute_transformations: [{ attribute: "repo", expression: "claims.repository" }],
      verification: { type: "uploaded_jwks", jwks: { keys: [{ kty: "RSA", kid: "k1", e: "AQAB", n: "sXch", "x5t#S256": "abc" }] } },
    },
  );
  count(2);
  if (opts.projects > 0) {
    s.federationRules[providerIds[0]] = [{
      id: org.newId("wifr_"), object: "organization.workload_identity_federation_rule", workload_identity_provider_id: providerIds[0], project_id: projectIds[1],
      service_account_id: accountIds[0], attribute_matchers: { sub: "repo:acme/app:ref:refs/heads/main", "claims.job-ref": HOSTILE[3], run_attempt: 1 }, name: "deploy from main",
      description: null, enabled: true, permissions: { type: "restricted", scopes: ["api.model.request", "api.files.read"] }, created_at: now, updated_at: now,
    }];
    count(1);
  }

  s.invites.push(
    { id: org.newId("invite-"), object: "organization.invite", email: "New.Person@Example.com", role: "reader", status: "pending", created_at: now, expires_at: now + 86_400, accepted_at: null, projects: projectIds.slice(1, 3).map((p) => ({ id: p, role: "member" })) },
    { id: org.newId("invite-"), object: "organization.invite", email: "joined@example.com", role: "reader", status: "accepted", created_at: now, expires_at: now + 86_400, accepted_at: now, projects: [] },
  );
  count(1);
  // An archived project: never a resource.
  s.projects.push({ id: org.newId("proj_"), object: "organization.project", name: "gone\u2028globalThis.pwned = 1", created_at: now, archived_at: now, status: "archived", external_key_id: null });

  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeStateFile(file, s);
  return { projectIds, userIds, groupIds, accountIds, providerIds, objects };
}

/**
 * Puts the seeded certificate's body where an exported program reads it (a `secretFile(...)` or `fn::readFile`):
 * the export never writes a body, so its user supplies the file, as this does.
 */
export function supplySecretFiles(programDir: string): string[] {
  const program = ["index.ts", "Pulumi.yaml"].map((f) => path.join(programDir, f)).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, "utf8")).join("\n");
  const files = [...program.matchAll(/secretFile\("([a-z0-9/.-]+)"\)|"fn::readFile": "\.\/([a-z0-9/.-]+)"/g)].map((m) => m[1] ?? m[2]);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(programDir, f)), { recursive: true });
    fs.writeFileSync(path.join(programDir, f), CERTIFICATE_PEM());
  }
  return files;
}

function alert(org: Org, object: string, threshold: number, recipients: string[], prefix: string | null) {
  return { id: org.newId("alert_"), object, threshold_amount: threshold, currency: "USD", interval: "month", notification_channel: { type: "email", recipients, subject_prefix: prefix } };
}
