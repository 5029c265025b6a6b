/**
 * Reads for programs: lists a program can use (`pulumi.output(getProjectApiKeys(…))`), through the same
 * client as the resources (its retries, pacing and paging). They write nothing and return plain
 * camelCase data; a key appears only redacted.
 */
import { z } from "zod";
import { type AdminApiKey, type AuditLog, type OrganizationUser, type ProjectApiKey, adminApiKeys, auditLogs, projectApiKeys, users } from "./client";
import { getClient } from "./credentials";
import { email, projectId } from "./fields";
import type { CheckFailure, Props } from "./handler";

/** A member of the organization. */
export const OrganizationUserInfo = z
  .object({
    userId: z.string().describe("The user id (`user-…`)."),
    email: z.string().nullable().describe("The person's address."),
    name: z.string().nullable().describe("The person's name."),
    role: z.string().nullable().describe("`reader` or `owner` of the organization."),
    addedAt: z.number().describe("Unix seconds when the person joined the organization."),
    isServiceAccount: z.boolean().describe("True for a service account's user."),
  })
  .meta({ title: "OrganizationUserInfo", description: "A member of the organization." });
export type OrganizationUserInfo = z.infer<typeof OrganizationUserInfo>;

/** A project API key: redacted, with its owner and last use. */
export const ProjectApiKeyInfo = z
  .object({
    apiKeyId: z.string().describe("The key id."),
    name: z.string().nullable().describe("The key's name."),
    redactedValue: z.string().describe("Like `sk-proj-...abcd`; the key itself is never shown."),
    createdAt: z.number().describe("Unix seconds."),
    lastUsedAt: z.number().nullable().describe("Unix seconds, or null when never used."),
    expiresAt: z.number().nullable().describe("Unix seconds, or null when it does not expire."),
    ownerType: z.enum(["user", "service_account"]).nullable().describe("`user` or `service_account`."),
    ownerId: z.string().nullable().describe("The user or service account id."),
    ownerName: z.string().nullable().describe("The owner's name."),
    ownerEmail: z.string().nullable().describe("Set for a user's key."),
  })
  .meta({ title: "ProjectApiKeyInfo", description: "A project API key: redacted, with its owner and last use." });
export type ProjectApiKeyInfo = z.infer<typeof ProjectApiKeyInfo>;

/** An organization admin key: redacted, with its owner and last use. */
export const AdminApiKeyInfo = z
  .object({
    adminApiKeyId: z.string().describe("The key id."),
    name: z.string().nullable().describe("The key's name."),
    redactedValue: z.string().describe("Like `sk-admin...abcd`; the key itself is never shown."),
    createdAt: z.number().describe("Unix seconds."),
    lastUsedAt: z.number().nullable().describe("Unix seconds, or null when never used."),
    expiresAt: z.number().nullable().describe("Unix seconds, or null when it does not expire."),
    ownerId: z.string().nullable().describe("The id of the user who owns the key."),
    ownerName: z.string().nullable().describe("The owner's name."),
  })
  .meta({ title: "AdminApiKeyInfo", description: "An organization admin key: redacted, with its owner and last use." });
export type AdminApiKeyInfo = z.infer<typeof AdminApiKeyInfo>;

/** One audit log entry. */
export const AuditLogInfo = z
  .object({
    auditLogId: z.string().describe("The entry's id."),
    type: z.string().describe("The event type, e.g. `project.created`."),
    effectiveAt: z.number().describe("Unix seconds."),
    projectId: z.string().nullable().describe("The project the event is about, if any."),
    projectName: z.string().nullable().describe("That project's name."),
    actor: z
      .object({
        type: z.string().nullable().describe("`session` or `api_key`."),
        userId: z.string().nullable().describe("The user who acted, if a user did."),
        email: z.string().nullable().describe("That user's address."),
        apiKeyId: z.string().nullable().describe("The API key used, for an `api_key` actor."),
        serviceAccountId: z.string().nullable().describe("The service account whose key was used, if any."),
        ipAddress: z.string().nullable().describe("Where a session acted from."),
      })
      .meta({ title: "AuditLogActor", description: "Who acted." }),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe("The event's own details, as the API sends them under the key named after `type`."),
  })
  .meta({ title: "AuditLogInfo", description: "One audit log entry." });
export type AuditLogInfo = z.infer<typeof AuditLogInfo>;

const ids = (one: string, many: string) => z.array(z.string({ error: `must be ${one}` }).trim().min(1, `must be ${one}`), { error: `must be a list of ${many}` });
const unixSeconds = z.number({ error: "must be a number of Unix seconds" }).int("must be whole Unix seconds").nonnegative("must not be negative");

/** Arguments of {@link listOrganizationUsers}. */
export const OrganizationUsersArgs = z.strictObject({
  emails: z.array(email, { error: "must be a list of email addresses" }).optional()
    .describe("Only the members with these addresses, compared without regard to case. Default: every member."),
});

/** Arguments of {@link listProjectApiKeys}. */
export const ProjectApiKeysArgs = z.strictObject({ projectId: projectId.describe("The project (`proj_…`).") });

/** Arguments of {@link listAdminApiKeys}: none. */
export const AdminApiKeysArgs = z.strictObject({});

/** Filters of {@link listAuditLogs}; every one is optional and they combine. */
export const AuditLogQuery = z.strictObject({
  since: unixSeconds.optional().describe("Only events at or after this time, in Unix seconds."),
  until: unixSeconds.optional().describe("Only events before this time, in Unix seconds."),
  projectIds: ids("a project id", "project ids").optional().describe("Only events about these projects."),
  eventTypes: ids("an event type", "event types").optional().describe("E.g. `project.created`, `service_account.deleted`."),
  actorIds: ids("an id", "ids").optional().describe("User, service account or API key ids."),
  actorEmails: ids("an email address", "email addresses").optional().describe("Only events by these people."),
  resourceIds: ids("an id", "ids").optional().describe("Ids of the objects the events are about (a project id, …)."),
  limit: z.number({ error: "must be a number" }).int("must be a whole number").nonnegative("must not be negative").optional()
    .describe("Stop after this many entries (newest first). Default 1000."),
});
export type AuditLogQuery = z.input<typeof AuditLogQuery>;

/** Every problem with a read's arguments, each naming the argument. */
export function argFailures(error: z.ZodError): CheckFailure[] {
  return error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => ({ property: [...i.path, k].join("."), reason: "is not an argument of this function" }))
      : [{ property: i.path.map(String).join(".") || "(arguments)", reason: i.message }],
  );
}

/** The arguments, valid, or an error naming every wrong one; thrown before any request. */
function valid<S extends z.ZodType>(fn: string, schema: S, args: unknown): z.infer<S> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const reasons = argFailures(parsed.error).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(`OpenAI ${fn}: invalid arguments, nothing was sent: ${reasons.join("; ")}`);
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
export async function listOrganizationUsers(args: z.input<typeof OrganizationUsersArgs> = {}): Promise<OrganizationUserInfo[]> {
  const { emails } = valid("getOrganizationUsers", OrganizationUsersArgs, args);
  return take(users.list(getClient(), { emails }), userInfo);
}

/** Every API key of a project (redacted). */
export async function listProjectApiKeys(project: string): Promise<ProjectApiKeyInfo[]> {
  const args = valid("getProjectApiKeys", ProjectApiKeysArgs, { projectId: project });
  return take(projectApiKeys.list(getClient(), args.projectId), projectKeyInfo);
}

/** Every admin key of the organization (redacted). */
export async function listAdminApiKeys(): Promise<AdminApiKeyInfo[]> {
  return take(adminApiKeys.list(getClient()), adminKeyInfo);
}

/** Audit log entries, newest first, that pass every filter given. */
export async function listAuditLogs(query: AuditLogQuery = {}): Promise<AuditLogInfo[]> {
  const q = valid("getAuditLogs", AuditLogQuery, query);
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

/**
 * A read offered to every language: the package schema's function `openai:index:<name>`, which the provider
 * plugin's Invoke answers. Its arguments and result are the zod schemas above, so the TypeScript functions,
 * the schema and the plugin cannot disagree. A list comes back as the one array property of the result.
 */
export interface ReadFunction {
  description: string;
  args: z.ZodObject;
  result: z.ZodObject;
  /** Runs the read with arguments already valid against `args`. */
  call(args: Props): Promise<Props>;
}

function defineRead<A extends z.ZodObject, R extends z.ZodObject>(f: {
  description: string;
  args: A;
  result: R;
  call(args: z.infer<A>): Promise<z.infer<R>>;
}): ReadFunction {
  return { description: f.description, args: f.args, result: f.result, call: (args) => f.call(args as z.infer<A>) };
}

/** Every read function, by the name users call it. */
export const readFunctions: Record<string, ReadFunction> = {
  getOrganizationUsers: defineRead({
    description: "Every member of the organization, or only those with the given addresses. One paged list call.",
    args: OrganizationUsersArgs,
    result: z.object({ users: z.array(OrganizationUserInfo).describe("The members, as the API lists them.") }),
    call: async (a) => ({ users: await listOrganizationUsers(a) }),
  }),
  getProjectApiKeys: defineRead({
    description: "Every API key of a project: redacted values, owner and last use. One paged list call.",
    args: ProjectApiKeysArgs,
    result: z.object({ apiKeys: z.array(ProjectApiKeyInfo).describe("The project's keys, redacted.") }),
    call: async (a) => ({ apiKeys: await listProjectApiKeys(a.projectId) }),
  }),
  getAdminApiKeys: defineRead({
    description: "Every admin key of the organization: redacted values, owner and last use. One paged list call.",
    args: AdminApiKeysArgs,
    result: z.object({ adminApiKeys: z.array(AdminApiKeyInfo).describe("The organization's admin keys, redacted.") }),
    call: async () => ({ adminApiKeys: await listAdminApiKeys() }),
  }),
  getAuditLogs: defineRead({
    description:
      "Audit log entries, newest first, that pass every filter given (time range, projects, event types, actors, resources); " +
      "paged by the client, stopping after `limit` (default 1000) entries.",
    args: AuditLogQuery,
    result: z.object({ auditLogs: z.array(AuditLogInfo).describe("The entries, newest first.") }),
    call: async (q) => ({ auditLogs: await listAuditLogs(q) }),
  }),
};
