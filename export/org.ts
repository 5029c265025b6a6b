/**
 * Reads everything `openai-admin-export` can write out, as the API answers it; what becomes a resource, and
 * what is left out and why, is decided in plan.ts. Calls go through the provider's client, so they are paced
 * and retried the same way, and the key never leaves it.
 */
import {
  type AdminApiKey,
  type AdminClient,
  type AssignedRole,
  type Certificate,
  type ExternalKey,
  type ExternalStorageConfiguration,
  type FederationRule,
  type Group,
  type GroupMemberUser,
  type Invite,
  type OrganizationRetentionType,
  type OrganizationSpendAlert,
  type OrganizationSpendLimit,
  type OrganizationUser,
  type Project,
  type ProjectGroup,
  type ProjectHostedToolPermissions,
  type ProjectModelPermissions,
  type ProjectRateLimit,
  type ProjectServiceAccount,
  type ProjectServiceTierSettings,
  type ProjectSpendAlert,
  type ProjectSpendLimit,
  type ProjectUser,
  type RETENTION_TYPES,
  type Role,
  type RolePrincipal,
  type WorkloadIdentityProvider,
  adminApiKeys,
  certificates,
  dataRetention,
  externalKeys,
  externalStorage,
  federationRules,
  groups,
  hostedToolPermissions,
  invites,
  isAdminError,
  modelPermissions,
  organizationDataRetention,
  organizationSpendAlerts,
  projectGroups,
  projectUsers,
  projects,
  rateLimits,
  roleAssignments,
  roles,
  serviceAccounts,
  serviceTierSettings,
  spendAlerts,
  spendLimits,
  users,
  workloadIdentityProviders,
} from "../provider/client";
import { fingerprintOf } from "../provider/resources/certificate";

/** The roles one group or person holds, in the organization or in one project. */
export interface Assignments {
  principal: RolePrincipal;
  principalId: string;
  roles: AssignedRole[];
}

/** One active project and what hangs off it. */
export interface ExportedProject {
  project: Project;
  permissions: ProjectModelPermissions;
  retention: (typeof RETENTION_TYPES)[number];
  /** Undefined when the project has no hard limit. */
  spendLimit?: ProjectSpendLimit;
  alerts: ProjectSpendAlert[];
  rateLimits: ProjectRateLimit[];
  users: ProjectUser[];
  serviceAccounts: ProjectServiceAccount[];
  groups: ProjectGroup[];
  /** Predefined ones too. */
  roles: Role[];
  /** Of the project's members and groups. */
  assignments: Assignments[];
  hostedTools: ProjectHostedToolPermissions;
  serviceTiers: ProjectServiceTierSettings;
  /** The ids of the certificates active in the project. */
  activeCertificates: string[];
}

/** A certificate as listed (with `active` for the organization); its body is read only for its fingerprint. */
export interface ExportedCertificate {
  certificate: Certificate;
  /** SHA-256 fingerprint of its body; undefined when the API gave no body back. */
  fingerprint?: string;
}

/** What an export reads. */
export interface ExportedOrg {
  projects: ExportedProject[];
  /** Archived projects: they can be shown but never managed. */
  archived: Project[];
  /** Every invite, whatever its status. */
  invites: Invite[];
  users: OrganizationUser[];
  groups: Array<{ group: Group; members: GroupMemberUser[] }>;
  /** Predefined ones too. */
  roles: Role[];
  /** Of every member and group. */
  assignments: Assignments[];
  adminKeys: AdminApiKey[];
  spendAlerts: OrganizationSpendAlert[];
  /** Undefined when the organization has no hard limit. */
  spendLimit?: OrganizationSpendLimit;
  /** Undefined when the organization's retention was never set. */
  retention?: OrganizationRetentionType;
  externalKeys: ExternalKey[];
  /** Every project's, archived ones' too (plan.ts keeps the active projects'). */
  externalStorage: ExternalStorageConfiguration[];
  certificates: ExportedCertificate[];
  identityProviders: Array<{ provider: WorkloadIdentityProvider; rules: FederationRule[] }>;
  /** API calls made. */
  calls: number;
}

// Projects read at once; the client's own cap on requests in flight still holds below it.
const PROJECTS_AT_ONCE = 8;

/** Reads the org; `progress` gets a line per step, for stderr (the real API allows a few calls a minute). */
export async function readOrg(c: AdminClient, opts: { progress?: (line: string) => void } = {}): Promise<ExportedOrg> {
  const progress = opts.progress ?? (() => undefined);
  const counter = countCalls(c);

  progress("listing projects, members, groups, roles, invites, admin keys, external keys and storage, certificates, identity providers and the organization's settings");
  const [listed, orgUsers, groupList, orgRoles, inviteList, adminKeys, orgAlerts, spendLimit, retention, keys, storage, certificateList, providers] = await Promise.all([
    all(projects.list(c, { includeArchived: true })),
    all(users.list(c)),
    all(groups.list(c)),
    all(roles.list(c)),
    all(invites.list(c)),
    all(adminApiKeys.list(c)),
    all(organizationSpendAlerts.list(c)),
    orNone(() => spendLimits.retrieveOrganization(c)),
    orNone(async () => (await organizationDataRetention.retrieve(c)).type),
    all(externalKeys.list(c)),
    all(externalStorage.list(c)),
    all(certificates.list(c)),
    all(workloadIdentityProviders.list(c)),
  ]);
  const active = listed.filter((p) => (p.status ?? (p.archived_at ? "archived" : "active")) === "active");
  const archived = listed.filter((p) => !active.includes(p));

  progress(`reading ${groupList.length} groups' members and the organization roles of ${orgUsers.length} members and ${groupList.length} groups, and ${active.length} projects`);
  // The organization's parts and the projects are read at once: each endpoint has its own limit, so an endpoint
  // busy with the organization's members must not leave the projects' endpoints idle.
  let done = 0;
  let said = Date.now();
  const [groupsRead, userAssignments, groupAssignments, certificatesRead, providersRead, exported] = await Promise.all([
    inBatches(groupList, PROJECTS_AT_ONCE, async (group) => ({ group, members: await all(groups.listUsers(c, group.id)) })),
    inBatches(orgUsers, PROJECTS_AT_ONCE, (u) => assignmentsOf(c, "users", u.id)),
    inBatches(groupList, PROJECTS_AT_ONCE, (g) => assignmentsOf(c, "groups", g.id)),
    // The body is read for its fingerprint alone, which the program's comment names so the user can find the right
    // file; the body itself is a secret and is never kept or written (see plan.ts).
    inBatches(certificateList, PROJECTS_AT_ONCE, async (certificate) => {
      const body = (await certificates.retrieve(c, certificate.id, { content: true })).certificate_details.content;
      return { certificate, fingerprint: body ? fingerprintOf(body) : undefined };
    }),
    inBatches(providers, PROJECTS_AT_ONCE, async (provider) => ({ provider, rules: await all(federationRules.list(c, provider.id)) })),
    inBatches(active, PROJECTS_AT_ONCE, async (project) => {
      const read = await readProject(c, project);
      done++;
      // One line a second at most: an org of thousands of projects would otherwise flood the terminal.
      if (done === active.length || Date.now() - said >= 1000) {
        said = Date.now();
        progress(`read ${done}/${active.length} projects (${counter.calls} API calls so far)`);
      }
      return read;
    }),
  ]);

  return {
    projects: exported,
    archived,
    invites: inviteList,
    users: orgUsers,
    groups: groupsRead,
    roles: orgRoles,
    assignments: [...userAssignments, ...groupAssignments],
    adminKeys,
    spendAlerts: orgAlerts,
    spendLimit,
    retention,
    externalKeys: keys,
    externalStorage: storage,
    certificates: certificatesRead,
    identityProviders: providersRead,
    calls: counter.calls,
  };
}

async function readProject(c: AdminClient, project: Project): Promise<ExportedProject> {
  const id = project.id;
  const [permissions, retention, spendLimit, alerts, limits, members, accounts, groupAccess, projectRoles, hostedTools, serviceTiers, projectCertificates] = await Promise.all([
    modelPermissions.retrieve(c, id),
    dataRetention.retrieve(c, id),
    orNone(() => spendLimits.retrieveProject(c, id)),
    all(spendAlerts.list(c, id)),
    all(rateLimits.list(c, id)),
    all(projectUsers.list(c, id)),
    all(serviceAccounts.list(c, id)),
    all(projectGroups.list(c, id)),
    all(roles.list(c, id)),
    hostedToolPermissions.retrieve(c, id),
    serviceTierSettings.retrieve(c, id),
    all(certificates.listProject(c, id)),
  ]);
  // A project's roles are read for its members and groups: asking for every person of the org in every project
  // would cost members × projects calls.
  const assignments = await Promise.all([
    ...members.map((u) => assignmentsOf(c, "users", u.id, id)),
    ...groupAccess.map((g) => assignmentsOf(c, "groups", g.group_id, id)),
  ]);
  return {
    project,
    permissions,
    retention: retention.type,
    spendLimit,
    alerts,
    rateLimits: limits,
    users: members,
    serviceAccounts: accounts,
    groups: groupAccess,
    roles: projectRoles,
    assignments,
    hostedTools,
    serviceTiers,
    activeCertificates: projectCertificates.filter((x) => x.active).map((x) => x.id),
  };
}

async function assignmentsOf(c: AdminClient, principal: RolePrincipal, principalId: string, projectId?: string): Promise<Assignments> {
  return { principal, principalId, roles: await all(roleAssignments.list(c, principal, principalId, projectId)) };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

/** The answer, or undefined on a 404 (the API's way of saying "none set"). */
async function orNone<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (e) {
    if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return undefined;
    throw e;
  }
}

/** Maps `items` with at most `n` calls of `fn` under way, keeping the order. */
async function inBatches<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** Counts the calls made through `c` (each page of a list is one), for the summary line. */
function countCalls(c: AdminClient): { calls: number } {
  const counter = { calls: 0 };
  const request = c.request.bind(c);
  // Paging goes through `this.request` too, so every page is counted once, whatever its size.
  c.request = (req) => {
    counter.calls++;
    return request(req);
  };
  return counter;
}
