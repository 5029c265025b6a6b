/**
 * What the export writes, whatever the language: one resource per object, each with the import id that adopts it
 * and inputs equal to what the organization holds (so that adoption is a read, never a write), children pointing
 * at their parents; and, per kind, what is left out and why. program.ts and yaml.ts only spell it.
 */
import {
  HOSTED_TOOLS,
  INVITE_ROLES,
  ORGANIZATION_ROLES,
  SERVICE_ACCOUNT_ROLES,
  type AssignedRole,
  type ExternalStorageConfiguration,
  type ProjectRateLimit,
  type RolePrincipal,
} from "../provider/client";
import { inputsOf as externalKeyInputs } from "../provider/resources/external-key";
import { inputsOf as externalStorageInputs } from "../provider/resources/external-storage";
import { RATE_LIMITS } from "../provider/resources/project-rate-limit";
import { inputsOf as identityProviderInputs } from "../provider/resources/workload-identity-provider";
import type { ResourceType } from "../provider/shim";
import { Names, slug } from "./names";
import type { Assignments, ExportedOrg, ExportedProject } from "./org";

/** A value that is another resource's id: `project.projectId` in TypeScript, `${project.id}` in YAML. */
export class Ref {
  constructor(
    readonly to: Planned,
    readonly output: string,
  ) {}
}

/**
 * A secret read from a file next to the program, which the user supplies: `path` is relative to the program's
 * folder and always `[a-z0-9/.-]` (see plan()). The export never writes the secret itself.
 */
export class SecretFile {
  constructor(readonly path: string) {}
}

export type Value = string | number | boolean | Ref | SecretFile | Value[] | { [key: string]: Value };

/** One resource of the program. */
export interface Planned {
  type: ResourceType;
  /** The logical name: unique in the program, `[a-z][a-z0-9-]*`. */
  name: string;
  inputs: Record<string, Value>;
  importId: string;
  /** Said in a comment above it (already a literal where it quotes a name: see names.ts). */
  note?: string;
  /** Written as a comment only: the resource cannot be adopted as it is (see `note`). */
  commentedOut?: boolean;
}

/** Objects of one kind not written as resources. */
export interface LeftOut {
  count: number;
  what: string;
  why: string;
}

export interface Plan {
  resources: Planned[];
  leftOut: LeftOut[];
  /** Archived projects, by name and id, for a comment. */
  archived: Array<{ name: string; id: string }>;
}

/** Every kind, in the order the summary names them. */
export const KINDS: ResourceType[] = [
  "OrganizationDataRetention",
  "OrganizationSpendLimit",
  "OrganizationSpendAlert",
  "OrganizationUser",
  "Group",
  "GroupMember",
  "OrganizationRole",
  "OrganizationRoleAssignment",
  "AdminApiKey",
  "ExternalKey",
  "Project",
  "ProjectModelPermissions",
  "DataRetention",
  "ProjectSpendLimit",
  "SpendAlert",
  "ProjectRateLimit",
  "ProjectUser",
  "ProjectServiceAccount",
  "ProjectGroup",
  "ProjectRole",
  "ProjectRoleAssignment",
  "ProjectHostedToolPermissions",
  "ProjectServiceTierSettings",
  "ExternalStorage",
  "Certificate",
  "WorkloadIdentityProvider",
  "FederationRule",
  "Invite",
];

/** A day, in seconds: OpenAI refuses a certificate expiring sooner, and so does the Certificate resource. */
const DAY_S = 24 * 60 * 60;

const lower = (s: string) => s.toLowerCase();
const sortedSet = (xs: string[]) => [...new Set(xs)].sort();

/** Turns what was read into resources; nothing here calls the API. */
export function plan(org: ExportedOrg): Plan {
  const names = new Names("-");
  const resources: Planned[] = [];
  const leftOut: LeftOut[] = [];
  const leave = (count: number, what: string, why: string) => {
    const same = leftOut.find((l) => l.what === what && l.why === why);
    if (same) same.count += count;
    else if (count > 0) leftOut.push({ count, what, why });
  };
  const add = (type: ResourceType, wanted: string, inputs: Record<string, Value>, importId: string, extra: Partial<Planned> = {}): Planned => {
    const r: Planned = { type, name: names.take(wanted), inputs, importId, ...extra };
    resources.push(r);
    return r;
  };

  // The organization's own settings.
  if (org.retention) add("OrganizationDataRetention", "organization-data-retention", { retentionType: org.retention }, "organization");
  if (org.spendLimit) {
    if (org.spendLimit.currency === "USD" && org.spendLimit.interval === "month" && org.spendLimit.threshold_amount > 0) {
      add("OrganizationSpendLimit", "organization-spend-limit", { thresholdAmount: org.spendLimit.threshold_amount }, "organization");
    } else leave(1, "organization spend limit", "a currency, interval or amount the resource cannot express");
  }
  for (const a of org.spendAlerts) {
    add("OrganizationSpendAlert", `organization-alert-${a.threshold_amount}`, alertInputs(a), a.id);
  }

  // People, groups and roles: what projects and invites point at.
  const userRef = new Map<string, Planned>();
  const serviceAccountUsers = org.users.filter((u) => u.is_service_account);
  const people = org.users.filter((u) => !u.is_service_account);
  const noRole = people.filter((u) => !(ORGANIZATION_ROLES as readonly string[]).includes(u.role ?? ""));
  for (const u of people) {
    if (noRole.includes(u)) continue;
    const r = add("OrganizationUser", `user-${slug(u.email ?? u.name ?? "", "member")}`, { userId: u.id, role: u.role! }, u.id, {
      note: "adopt only: deleting it leaves the person in the organization (removeFromOrganizationOnDelete is false)",
    });
    userRef.set(u.id, r);
  }
  leave(noRole.length, "members", "their organization role is neither reader nor owner");
  leave(serviceAccountUsers.length, "service-account members", "managed as the project's ProjectServiceAccount");
  const userId = (id: string): Value => (userRef.has(id) ? new Ref(userRef.get(id)!, "userId") : id);

  const groupRef = new Map<string, Planned>();
  for (const { group } of org.groups) groupRef.set(group.id, add("Group", `group-${slug(group.name, "group")}`, { name: group.name }, group.id));
  const groupId = (id: string): Value => (groupRef.has(id) ? new Ref(groupRef.get(id)!, "groupId") : id);
  for (const { group, members } of org.groups) {
    for (const m of members) {
      add("GroupMember", `${groupRef.get(group.id)!.name}-${slug(m.email ?? m.name ?? "", "member")}`, { groupId: groupId(group.id), userId: userId(m.id) }, `${group.id}/${m.id}`);
    }
  }

  const roleRef = new Map<string, Planned>();
  const custom = org.roles.filter((r) => !r.predefined_role);
  for (const r of custom) roleRef.set(r.id, add("OrganizationRole", `role-${slug(r.name, "role")}`, roleInputs(r), r.id));
  leave(org.roles.length - custom.length, "predefined organization roles", "managed by OpenAI");
  const principalInputs = (a: Assignments): Record<string, Value> =>
    a.principal === "groups" ? { groupId: groupId(a.principalId) } : { userId: userId(a.principalId) };
  const principalName = (a: Assignments) => (a.principal === "groups" ? groupRef : userRef).get(a.principalId)?.name ?? slug(a.principalId, a.principal);
  for (const a of org.assignments) {
    for (const role of a.roles) {
      add(
        "OrganizationRoleAssignment",
        `${principalName(a)}-${slug(role.name, "role")}`,
        { roleId: roleRef.has(role.id) ? new Ref(roleRef.get(role.id)!, "roleId") : role.id, ...principalInputs(a) },
        `${a.principal}/${a.principalId}/${role.id}`,
      );
    }
  }

  const named = org.adminKeys.filter((k) => k.name != null && k.name.trim() !== "");
  for (const k of named) add("AdminApiKey", `admin-key-${slug(k.name!, "key")}`, { name: k.name! }, k.id);
  leave(org.adminKeys.length - named.length, "admin keys", "they have no name, and the AdminApiKey resource needs one");

  // External keys: projects encrypted with one refer to it.
  const keyRef = new Map<string, Planned>();
  for (const k of org.externalKeys) {
    keyRef.set(k.id, add("ExternalKey", slug(`external key ${k.name}`, "external-key"), plain(externalKeyInputs(k)), k.id));
  }

  // Projects and what hangs off them.
  const projectRef = new Map<string, Planned>();
  const accountRef = new Map<string, Planned>();
  const storageOf = new Map<string, ExternalStorageConfiguration[]>();
  for (const s of org.externalStorage) storageOf.set(s.project_id, [...(storageOf.get(s.project_id) ?? []), s]);
  let groupsNoted = 0;
  let predefinedProjectRoles = 0;
  for (const p of org.projects) {
    const r = addProject(p);
    projectRef.set(p.project.id, r);
  }
  leave(org.archived.length, "archived projects", "they can never be changed again; --include-archived lists them in a comment");

  function addProject(x: ExportedProject): Planned {
    const { project } = x;
    const inputs: Record<string, Value> = { name: project.name ?? "" };
    if (project.external_key_id) {
      const key = keyRef.get(project.external_key_id);
      inputs.externalKeyId = key ? new Ref(key, "externalKeyId") : project.external_key_id;
    }
    if (project.residency) inputs.residency = project.residency;
    const p = add("Project", slug(project.name ?? "", "project"), inputs, project.id);
    const base = p.name;
    const projectId = new Ref(p, "projectId");

    // An empty deny list is the API's "no policy": nothing to manage.
    if (x.permissions.model_ids.length > 0) {
      add("ProjectModelPermissions", `${base}-models`, { projectId, mode: x.permissions.mode, modelIds: sortedSet(x.permissions.model_ids) }, project.id);
    } else if (x.permissions.mode === "allow_list") {
      leave(1, "model permissions", "an allow list of no models cannot be written (modelIds needs one)");
    }
    if (x.retention !== "organization_default") add("DataRetention", `${base}-retention`, { projectId, retentionType: x.retention }, project.id);
    if (x.spendLimit) {
      add("ProjectSpendLimit", `${base}-spend-limit`, { projectId, thresholdAmount: x.spendLimit.threshold_amount }, project.id);
    }
    for (const a of x.alerts) add("SpendAlert", `${base}-alert-${a.threshold_amount}`, { projectId, ...alertInputs(a) }, `${project.id}/${a.id}`);
    for (const l of x.rateLimits) {
      const limits = limitInputs(l);
      if (Object.keys(limits).length > 0) add("ProjectRateLimit", `${base}-limits-${slug(l.model, "model")}`, { projectId, model: l.model, ...limits }, `${project.id}/${l.id}`);
    }
    for (const u of x.users) {
      add("ProjectUser", `${base}-member-${slug(u.email ?? u.name ?? "", "member")}`, { projectId, userId: userId(u.id), role: u.role }, `${project.id}/${u.id}`);
    }
    for (const s of x.serviceAccounts) {
      if (!(SERVICE_ACCOUNT_ROLES as readonly string[]).includes(s.role)) {
        leave(1, "service accounts", "their project role is neither member nor owner");
        continue;
      }
      const account = add("ProjectServiceAccount", `${base}-account-${slug(s.name, "account")}`, { projectId, name: s.name, role: s.role }, `${project.id}/${s.id}`, {
        note: "its key cannot be read back: apiKey stays null; replacing this resource makes a new account and key",
      });
      accountRef.set(s.id, account);
    }
    for (const g of x.groups) {
      groupsNoted++;
      add("ProjectGroup", `${base}-group-${slug(g.group_name, "group")}`, { projectId, groupId: groupId(g.group_id), role: "<the project role the group holds>" }, `${project.id}/${g.group_id}`, {
        commentedOut: true,
        note: "the API never shows which role a group was given: write it in and uncomment to manage this access",
      });
    }
    const projectRoleRef = new Map<string, Planned>();
    const customRoles = x.roles.filter((r) => !r.predefined_role);
    for (const r of customRoles) projectRoleRef.set(r.id, add("ProjectRole", `${base}-role-${slug(r.name, "role")}`, { projectId, ...roleInputs(r) }, `${project.id}/${r.id}`));
    predefinedProjectRoles += x.roles.length - customRoles.length;
    for (const a of x.assignments) {
      for (const role of a.roles) {
        add(
          "ProjectRoleAssignment",
          `${base}-${principalName(a)}-${slug(role.name, "role")}`,
          { projectId, roleId: projectRoleRef.has(role.id) ? new Ref(projectRoleRef.get(role.id)!, "roleId") : role.id, ...principalInputs(a) },
          `${project.id}/${assignmentId(a.principal, a.principalId, role)}`,
        );
      }
    }
    // Like model permissions: a project as a new one has it (every tool, the standard tier) has nothing to manage.
    const tools = HOSTED_TOOLS.map((t) => [camel(t), x.hostedTools[t].enabled] as const);
    if (tools.some(([, enabled]) => !enabled)) add("ProjectHostedToolPermissions", `${base}-hosted-tools`, { projectId, ...Object.fromEntries(tools) }, project.id);
    const tiers = x.serviceTiers;
    if (tiers.default !== "standard" || tiers.enabled_tiers !== "all") {
      const enabledTiers = tiers.enabled_tiers === "all" ? ["all"] : sortedSet(tiers.enabled_tiers);
      add("ProjectServiceTierSettings", `${base}-service-tiers`, { projectId, defaultTier: tiers.default, enabledTiers }, project.id);
    }
    for (const s of storageOf.get(project.id) ?? []) {
      add("ExternalStorage", `${base}-storage-${s.provider.type}`, { ...plain(externalStorageInputs(s)), projectId }, s.id);
    }
    return p;
  }
  leave(org.externalStorage.filter((s) => !projectRef.has(s.project_id)).length, "external storage of archived projects", "an archived project can never be changed again");
  leave(predefinedProjectRoles, "predefined project roles", "managed by OpenAI");
  leave(groupsNoted, "project groups (written as comments)", "the API never shows which role a group was given");

  // Certificates: the body is a secret (the state and every message keep it hidden), so the program never holds it:
  // each reads its PEM from a file the user puts next to the program, and adoption refuses a file whose
  // fingerprint differs from the organization's certificate.
  const now = Date.now() / 1000;
  for (const { certificate: c, fingerprint } of org.certificates) {
    const expires = c.certificate_details.expires_at;
    if (expires != null && expires - now < DAY_S) {
      leave(1, "certificates", "expired or expiring within a day: OpenAI and the Certificate resource refuse such a body");
      continue;
    }
    const inputs: Record<string, Value> = {};
    if (c.name != null) inputs.name = c.name;
    const r = add("Certificate", slug(`certificate ${c.name ?? ""}`, "certificate"), inputs, c.id);
    // The logical name is `[a-z0-9-]`: the path is plain in every language and in a comment.
    const file = `certificates/${r.name}.pem`;
    inputs.content = new SecretFile(file);
    if (c.active) inputs.active = true;
    const activeIn = org.projects.filter((p) => p.activeCertificates.includes(c.id) && projectRef.has(p.project.id));
    if (activeIn.length > 0) inputs.projectIds = activeIn.map((p) => new Ref(projectRef.get(p.project.id)!, "projectId"));
    r.note = `its body is never written: put its PEM (fingerprint ${fingerprint ?? "unknown"}) in ${file} next to this program`;
  }

  // Workload identity providers, then their rules, which refer to a project and its service account.
  for (const { provider, rules } of org.identityProviders) {
    const inputs = plain(identityProviderInputs(provider) as unknown as Record<string, unknown>);
    if (Array.isArray(inputs.attributeTransformations) && inputs.attributeTransformations.length === 0) delete inputs.attributeTransformations;
    const p = add("WorkloadIdentityProvider", slug(`identity provider ${provider.name}`, "identity-provider"), inputs, provider.id);
    for (const rule of rules) {
      const ruleInputs: Record<string, Value> = {
        providerId: new Ref(p, "workloadIdentityProviderId"),
        projectId: projectRef.has(rule.project_id) ? new Ref(projectRef.get(rule.project_id)!, "projectId") : rule.project_id,
        serviceAccountId: accountRef.has(rule.service_account_id) ? new Ref(accountRef.get(rule.service_account_id)!, "serviceAccountId") : rule.service_account_id,
        attributeMatchers: plain(rule.attribute_matchers),
      };
      if (rule.name != null) ruleInputs.name = rule.name;
      if (rule.description != null) ruleInputs.description = rule.description;
      ruleInputs.enabled = rule.enabled;
      if (rule.permissions.type === "restricted") ruleInputs.scopes = sortedSet(rule.permissions.scopes);
      add("FederationRule", `${p.name}-rule-${slug(rule.name ?? "", "rule")}`, ruleInputs, `${provider.id}/${rule.id}`);
    }
  }

  const pending = org.invites.filter((i) => i.status === "pending");
  for (const i of pending) {
    const inputs: Record<string, Value> = { email: lower(i.email), role: i.role };
    const ps = [...(i.projects ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (ps.length > 0) inputs.projects = ps.map((x) => ({ id: projectRef.has(x.id) ? new Ref(projectRef.get(x.id)!, "projectId") : x.id, role: x.role }));
    if ((INVITE_ROLES as readonly string[]).includes(i.role)) add("Invite", `invite-${slug(i.email, "someone")}`, inputs, i.id);
    else leave(1, "invites", "their role is neither reader nor owner");
  }
  leave(org.invites.length - pending.length, "accepted or expired invites", "nothing is left to manage (an accepted one is a member now)");

  return { resources, leftOut, archived: org.archived.map((p) => ({ name: p.name ?? "", id: p.id })) };
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A JSON value as a program value: nulls (an unset input) left out. */
function plain(o: Record<string, unknown>): Record<string, Value> {
  // fromEntries makes own properties: a key "__proto__" (a JWK or a claim may hold any name) stays a key.
  return Object.fromEntries(Object.entries(o).flatMap(([k, v]) => {
    const x = toValue(v);
    return x === undefined ? [] : [[k, x] as const];
  }));
}

function toValue(v: unknown): Value | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toValue).filter((x): x is Value => x !== undefined);
  if (typeof v === "object") return plain(v as Record<string, unknown>);
  return undefined;
}

function assignmentId(principal: RolePrincipal, principalId: string, role: AssignedRole): string {
  return `${principal}/${principalId}/${role.id}`;
}

function alertInputs(a: { threshold_amount: number; notification_channel: { recipients: string[]; subject_prefix?: string | null } }): Record<string, Value> {
  const ch = a.notification_channel;
  const channel: Record<string, Value> = { recipients: sortedSet(ch.recipients.map(lower)) };
  if (ch.subject_prefix != null) channel.subjectPrefix = ch.subject_prefix;
  return { thresholdAmount: a.threshold_amount, notificationChannel: channel };
}

function roleInputs(r: { name: string; permissions: string[]; description: string | null }): Record<string, Value> {
  const inputs: Record<string, Value> = { name: r.name, permissions: sortedSet(r.permissions) };
  if (r.description != null) inputs.description = r.description;
  return inputs;
}

/** The limits the resource can hold: a zero (a limit the model does not use) is left unmanaged, since inputs must be positive. */
function limitInputs(l: ProjectRateLimit): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [input, api] of Object.entries(RATE_LIMITS)) {
    const v = l[api];
    if (typeof v === "number" && v > 0) out[input] = v;
  }
  return out;
}
