/**
 * Reads for programs: lists a program can use (`pulumi.output(getProjectApiKeys(…))`), through the same
 * client as the resources (its retries, pacing and paging). They write nothing and return plain
 * camelCase data; a key appears only redacted.
 */
import { type AdminApiKey, type AuditLog, type OrganizationUser, type ProjectApiKey, adminApiKeys, auditLogs, projectApiKeys, users } from "./client";
import { getClient } from "./credentials";

/** A member of the organization. */
export interface OrganizationUserInfo {
  userId: string;
  email: string | null;
  name: string | null;
  role: string | null;
  /** Unix seconds. */
  addedAt: number;
  isServiceAccount: boolean;
}

/** A project API key: redacted, with its owner and last use. */
export interface ProjectApiKeyInfo {
  apiKeyId: string;
  name: string | null;
  redactedValue: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds, or null when never used. */
  lastUsedAt: number | null;
  /** Unix seconds, or null when it does not expire. */
  expiresAt: number | null;
  ownerType: "user" | "service_account" | null;
  /** The user or service account id. */
  ownerId: string | null;
  ownerName: string | null;
  /** Set for a user's key. */
  ownerEmail: string | null;
}

/** An organization admin key: redacted, with its owner and last use. */
export interface AdminApiKeyInfo {
  adminApiKeyId: string;
  name: string | null;
  redactedValue: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds, or null when never used. */
  lastUsedAt: number | null;
  /** Unix seconds, or null when it does not expire. */
  expiresAt: number | null;
  ownerId: string | null;
  ownerName: string | null;
}

/** One audit log entry. */
export interface AuditLogInfo {
  auditLogId: string;
  /** The event type, e.g. `project.created`. */
  type: string;
  /** Unix seconds. */
  effectiveAt: number;
  projectId: string | null;
  projectName: string | null;
  actor: {
    /** `session` or `api_key`. */
    type: string | null;
    userId: string | null;
    email: string | null;
    apiKeyId: string | null;
    serviceAccountId: string | null;
    ipAddress: string | null;
  };
  /** The event's own details, as the API sends them under the key named after `type`. */
  details: Record<string, unknown> | null;
}

/** Filters of {@link getAuditLogs}; every one is optional and they combine. */
export interface AuditLogQuery {
  /** Only events at or after this time, in Unix seconds. */
  since?: number;
  /** Only events before this time, in Unix seconds. */
  until?: number;
  projectIds?: string[];
  /** E.g. `project.created`, `service_account.deleted`. */
  eventTypes?: string[];
  /** User, service account or API key ids. */
  actorIds?: string[];
  actorEmails?: string[];
  /** Ids of the objects the events are about (a project id, …). */
  resourceIds?: string[];
  /** Stop after this many entries (newest first). Default 1000. */
  limit?: number;
}

async function take<T, R>(items: AsyncIterable<T>, map: (item: T) => R, limit = Infinity): Promise<R[]> {
  const out: R[] = [];
  if (limit <= 0) return out;
  for await (const item of items) {
    out.push(map(item));
    // Stopping here, not at the next item, spares the call for a page that would not be used.
    if (out.length >= limit) break;
  }
  return out;
}

function userInfo(u: OrganizationUser): OrganizationUserInfo {
  return {
    userId: u.id,
    email: u.email ?? null,
    name: u.name ?? null,
    role: u.role ?? null,
    addedAt: u.added_at,
    isServiceAccount: u.is_service_account ?? false,
  };
}

function projectKeyInfo(k: ProjectApiKey): ProjectApiKeyInfo {
  const owner = k.owner.service_account ?? k.owner.user ?? null;
  return {
    apiKeyId: k.id,
    name: k.name ?? null,
    redactedValue: k.redacted_value,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at ?? null,
    expiresAt: k.expires_at ?? null,
    ownerType: k.owner.type ?? null,
    ownerId: owner?.id ?? null,
    ownerName: owner?.name ?? null,
    ownerEmail: k.owner.user?.email ?? null,
  };
}

function adminKeyInfo(k: AdminApiKey): AdminApiKeyInfo {
  return {
    adminApiKeyId: k.id,
    name: k.name ?? null,
    redactedValue: k.redacted_value,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at ?? null,
    expiresAt: k.expires_at,
    ownerId: k.owner.id ?? null,
    ownerName: k.owner.name ?? null,
  };
}

function auditLogInfo(e: AuditLog): AuditLogInfo {
  const user = e.actor?.session?.user ?? e.actor?.api_key?.user;
  const details = (e as Record<string, unknown>)[e.type];
  return {
    auditLogId: e.id,
    type: e.type,
    effectiveAt: e.effective_at,
    projectId: e.project?.id ?? null,
    projectName: e.project?.name ?? null,
    actor: {
      type: e.actor?.type ?? null,
      userId: user?.id ?? null,
      email: user?.email ?? null,
      apiKeyId: e.actor?.api_key?.id ?? null,
      serviceAccountId: e.actor?.api_key?.service_account?.id ?? null,
      ipAddress: e.actor?.session?.ip_address ?? null,
    },
    details: details !== null && typeof details === "object" ? (details as Record<string, unknown>) : null,
  };
}

/** Every member of the organization, or only those with the given addresses. */
export async function listOrganizationUsers(opts: { emails?: string[] } = {}): Promise<OrganizationUserInfo[]> {
  return take(users.list(getClient(), { emails: opts.emails?.map((e) => e.trim().toLowerCase()) }), userInfo);
}

/** Every API key of a project (redacted). */
export async function listProjectApiKeys(projectId: string): Promise<ProjectApiKeyInfo[]> {
  return take(projectApiKeys.list(getClient(), projectId), projectKeyInfo);
}

/** Every admin key of the organization (redacted). */
export async function listAdminApiKeys(): Promise<AdminApiKeyInfo[]> {
  return take(adminApiKeys.list(getClient()), adminKeyInfo);
}

/** Audit log entries, newest first, that pass every filter given. */
export async function listAuditLogs(q: AuditLogQuery = {}): Promise<AuditLogInfo[]> {
  const filters = {
    effective_at: q.since === undefined && q.until === undefined ? undefined : { gte: q.since, lt: q.until },
    project_ids: q.projectIds,
    event_types: q.eventTypes,
    actor_ids: q.actorIds,
    actor_emails: q.actorEmails,
    resource_ids: q.resourceIds,
  };
  return take(auditLogs.list(getClient(), filters), auditLogInfo, q.limit ?? 1000);
}
