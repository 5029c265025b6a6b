/**
 * An emulator org holding every kind the export writes, built as a state file rather than through thousands of
 * HTTP calls: the emulator loads it checked against each family's schema, so it is an org the API could hold.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FAMILIES } from "../emulator/families";
import { Org, prng } from "../emulator/org";
import { writeStateFile } from "../emulator/state-file";

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

  const projectIds: string[] = [s.defaultProjectId];
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
    const role = { id: org.newId("role_"), object: "role", name: `deployer ${i}`, description: null, permissions: ["api.project.deploy"], resource_type: "api.project", predefined_role: false };
    s.projectRoles[id] = [role];
    s.roleAssignments[`${id}:users/${members[0]}`] = [role.id, "role_project_member"];
    s.projectGroups[id] = [{ group_id: groupIds[i % groupIds.length], role: "role_project_member", created_at: now }];
    // Project, policy, retention, limit, 2 alerts, 8 rate limits, members, account, role, 2 assignments.
    count(1 + 1 + 1 + 1 + 2 + 8 + members.length + 1 + 1 + 2);
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
  return { projectIds, userIds, groupIds, objects };
}

function alert(org: Org, object: string, threshold: number, recipients: string[], prefix: string | null) {
  return { id: org.newId("alert_"), object, threshold_amount: threshold, currency: "USD", interval: "month", notification_channel: { type: "email", recipients, subject_prefix: prefix } };
}
