/**
 * Reads for programs: lists a program can use (`pulumi.output(getProjectApiKeys(…))`), through the same
 * client as the resources (its retries, pacing and paging). They write nothing and return plain
 * camelCase data; a key appears only redacted.
 */
import { z } from "zod";
import {
  type AdminApiKey,
  type AuditLog,
  BUCKET_WIDTHS,
  type Bucket,
  type BucketWidth,
  CONTEXT_LEVELS,
  COSTS_GROUP_BY,
  COSTS_PER_PAGE,
  type CostsResult,
  IMAGE_SIZES,
  IMAGE_SOURCES,
  type OrganizationUser,
  type ProjectApiKey,
  USAGE_DIMENSIONS,
  USAGE_FILTERS,
  USAGE_GROUP_BY,
  USAGE_KINDS,
  USAGE_METRICS,
  type UsageFilters,
  type UsageResult,
  adminApiKeys,
  auditLogs,
  costs,
  projectApiKeys,
  usage,
  users,
} from "./client";
import { getClient } from "./credentials";
import { iso, timeArg } from "./dates";
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

const TIME_FORMS = "an ISO date (`2026-11-01`, midnight UTC), an ISO time with its zone (`2026-11-01T00:00:00Z`) or Unix seconds";

const ids = (one: string, many: string) => z.array(z.string({ error: `must be ${one}` }).trim().min(1, `must be ${one}`), { error: `must be a list of ${many}` });

/** Arguments of {@link listOrganizationUsers}. */
export const OrganizationUsersArgs = z.strictObject({
  emails: z.array(email, { error: "must be a list of email addresses" }).optional()
    .describe("Only the members with these addresses, compared without regard to case. Default: every member."),
});

/** Arguments of {@link listProjectApiKeys}. */
export const ProjectApiKeysArgs = z.strictObject({ projectId: projectId.describe("The project (`proj_…`).") });

/** Arguments of {@link listAdminApiKeys}: none. */
export const AdminApiKeysArgs = z.strictObject({});

/** The most audit log entries one read returns when it has no `limit` (ten pages of 100). */
export const AUDIT_LOG_BOUND = 1000;

/** Filters of {@link listAuditLogs}; every one is optional and they combine. */
export const AuditLogQuery = z.strictObject({
  since: timeArg().optional().describe(`Only events at or after this time: ${TIME_FORMS}.`),
  until: timeArg().optional().describe(`Only events before this time: ${TIME_FORMS}. Must be after \`since\`.`),
  projectIds: ids("a project id", "project ids").optional().describe("Only events about these projects."),
  eventTypes: ids("an event type", "event types").optional().describe("E.g. `project.created`, `service_account.deleted`."),
  actorIds: ids("an id", "ids").optional().describe("User, service account or API key ids."),
  actorEmails: ids("an email address", "email addresses").optional().describe("Only events by these people."),
  resourceIds: ids("an id", "ids").optional().describe("Ids of the objects the events are about (a project id, …)."),
  limit: z.number({ error: "must be a number" }).int("must be a whole number").nonnegative("must not be negative").optional()
    .describe(
      `Take only this many entries, the newest. Default: every entry that passes the filters, at most ${AUDIT_LOG_BOUND}; ` +
        "a read that finds more fails naming that bound (narrow the range or the filters, or set a limit) rather than return a cut list.",
    ),
}).superRefine((q, ctx) => {
  if (q.since !== undefined && q.until !== undefined && q.until <= q.since) {
    ctx.addIssue({ code: "custom", path: ["until"], message: `must be after since (${iso(q.since)})` });
  }
});
export type AuditLogQuery = z.input<typeof AuditLogQuery>;

/** The most pages one usage or costs read asks for; a range that would need more is refused before any request. */
export const MAX_PAGES_PER_READ = 10;

type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
const camel = <S extends string>(s: S) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) as Camel<S>;

const METRIC_DOCS: Record<(typeof USAGE_METRICS)[number], string> = {
  input_tokens: "Input tokens, cached and cache-write included (completions, decisions, embeddings, moderations).",
  output_tokens: "Output tokens across text, audio and images (completions, decisions).",
  input_cached_tokens: "Cached input tokens (completions, decisions).",
  input_uncached_tokens: "Uncached input tokens, cache-write excluded (completions, decisions).",
  input_text_tokens: "Uncached text input tokens (completions, decisions).",
  input_cached_text_tokens: "Cached text input tokens (completions, decisions).",
  input_audio_tokens: "Uncached audio input tokens (completions, decisions).",
  input_cached_audio_tokens: "Cached audio input tokens (completions, decisions).",
  input_image_tokens: "Uncached image input tokens (completions, decisions).",
  input_cached_image_tokens: "Cached image input tokens (completions, decisions).",
  input_cache_write_tokens: "Input tokens written to the cache (completions, decisions).",
  input_cache_write_30m_tokens: "Input tokens written to the cache for 30 minutes (completions, decisions).",
  input_cache_write_12h_tokens: "Input tokens written to the cache for 12 hours (completions, decisions).",
  output_text_tokens: "Text output tokens (completions, decisions).",
  output_audio_tokens: "Audio output tokens (completions, decisions).",
  output_image_tokens: "Image output tokens (completions, decisions).",
  num_model_requests: "Requests made to a model.",
  images: "Images processed (images).",
  characters: "Characters processed (audio speeches).",
  seconds: "Seconds processed (audio transcriptions).",
  usage_bytes: "Vector store usage in bytes (vector stores).",
  num_sessions: "Code interpreter sessions (code interpreter sessions).",
  num_requests: "Tool calls (file search calls, web search calls).",
};
const DIMENSION_DOCS: Record<(typeof USAGE_DIMENSIONS)[number], string> = {
  project_id: "The project, when grouped by `project_id`; else null.",
  user_id: "The user, when grouped by `user_id`; else null.",
  api_key_id: "The API key, when grouped by `api_key_id`; else null.",
  model: "The model, when grouped by `model`; else null.",
  batch: "Whether these were batch jobs, when grouped by `batch`; else null.",
  service_tier: "The service tier, when grouped by `service_tier`; else null.",
  api_source: "`agents_api` or `unlabeled`, when grouped by `api_source`; else null.",
  size: "The image size, when grouped by `size`; else null.",
  source: "`image.generation`, `image.edit` or `image.variation`, when grouped by `source`; else null.",
  vector_store_id: "The vector store, when grouped by `vector_store_id`; else null.",
  context_level: "The web search context size, when grouped by `context_level`; else null.",
};

/** One group's sums in a usage bucket; a field the kind does not count, or a grouping not asked for, is null. */
export const UsageResultInfo = z
  .object({
    ...Object.fromEntries(USAGE_DIMENSIONS.map((d) => [camel(d), (d === "batch" ? z.boolean() : z.string()).nullable().describe(DIMENSION_DOCS[d])])),
    ...Object.fromEntries(USAGE_METRICS.map((m) => [camel(m), z.number().nullable().describe(METRIC_DOCS[m])])),
  })
  .meta({ title: "UsageResultInfo", description: "One group's sums in a usage bucket; what the kind does not count, or a grouping not asked for, is null." });
export type UsageResultInfo = { [D in (typeof USAGE_DIMENSIONS)[number] as Camel<D>]: D extends "batch" ? boolean | null : string | null } & {
  [M in (typeof USAGE_METRICS)[number] as Camel<M>]: number | null;
};

const bucketOf = <R extends z.ZodType>(title: string, what: string, result: R) =>
  z
    .object({
      startTime: z.number().describe("Where the bucket starts, in Unix seconds (inclusive)."),
      endTime: z.number().describe("Where it ends, in Unix seconds (exclusive)."),
      results: z.array(result).describe(`One entry per group (one when nothing is grouped); empty when the bucket has no ${what}.`),
    })
    .meta({ title, description: `One time bucket of ${what}.` });

/** One time bucket of usage. */
export const UsageBucketInfo = bucketOf("UsageBucketInfo", "usage", UsageResultInfo);
export interface UsageBucketInfo {
  startTime: number;
  endTime: number;
  results: UsageResultInfo[];
}

/** One group's cost in a costs bucket. */
export const CostResultInfo = z
  .object({
    amount: z.number().nullable().describe("The cost, in `currency`."),
    currency: z.string().nullable().describe("Lowercase ISO-4217, e.g. `usd`."),
    lineItem: z.string().nullable().describe("The line item (e.g. `gpt-4o-mini, input`), when grouped by `line_item`; else null."),
    projectId: z.string().nullable().describe("The project, when grouped by `project_id`; else null."),
    userId: z.string().nullable().describe("The user, when grouped by `user_id`; else null."),
    apiKeyId: z.string().nullable().describe("The API key, when grouped by `api_key_id`; else null."),
    apiSource: z.string().nullable().describe("`agents_api` or `unlabeled`, when grouped by `api_source`; else null."),
    quantity: z.number().nullable().describe("How much of the line item, when grouped by `line_item`; else null."),
    quantityUnit: z.string().nullable().describe("The unit of `quantity` (`tokens`, `images`, …), or null when no single unit applies."),
  })
  .meta({ title: "CostResultInfo", description: "One group's cost in a costs bucket." });
export type CostResultInfo = z.infer<typeof CostResultInfo>;

/** One day bucket of costs. */
export const CostBucketInfo = bucketOf("CostBucketInfo", "costs", CostResultInfo);
export interface CostBucketInfo {
  startTime: number;
  endTime: number;
  results: CostResultInfo[];
}

const WIDTHS = Object.keys(BUCKET_WIDTHS) as BucketWidth[];
const ALL_GROUPINGS = [...new Set(Object.values(USAGE_GROUP_BY).flat())] as [string, ...string[]];
// The read's argument names of the API's filters.
const FILTER_ARGS = {
  projectIds: "project_ids",
  userIds: "user_ids",
  apiKeyIds: "api_key_ids",
  models: "models",
  batch: "batch",
  sizes: "sizes",
  sources: "sources",
  vectorStoreIds: "vector_store_ids",
  contextLevels: "context_levels",
} as const satisfies Record<string, keyof UsageFilters>;
const enumList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.array(z.enum(values, { error: `must be one of ${values.join(", ")}` }), { error: `must be a list of ${what}` });

/**
 * The range rules of a bucketed read, checked before any request: an end after its start, and no more buckets than
 * {@link MAX_PAGES_PER_READ} pages of the width hold (the end defaults to now, as the API's does).
 */
function checkRange(ctx: z.RefinementCtx, start: number, end: number | undefined, width: string, seconds: number, perPage: number): void {
  if (end !== undefined && end <= start) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: `must be after startTime (${iso(start)})` });
    return;
  }
  const buckets = Math.ceil(((end ?? Math.floor(Date.now() / 1000)) - start) / seconds);
  const max = MAX_PAGES_PER_READ * perPage;
  if (buckets > max) {
    const to = end === undefined ? "now (the default end)" : "endTime";
    const advice = width === "1d" ? "narrow the range" : "narrow the range or use wider buckets";
    ctx.addIssue({
      code: "custom",
      path: ["endTime"],
      message: `the range from startTime to ${to} holds ${buckets} buckets of ${width}; one read takes at most ${max} (${MAX_PAGES_PER_READ} pages of ${perPage}): ${advice}`,
    });
  }
}

const rangeArgs = {
  startTime: timeArg().describe(`Where the range starts (inclusive): ${TIME_FORMS}.`),
  endTime: timeArg().optional().describe(`Where it ends (exclusive): ${TIME_FORMS}. Default now. Must be after \`startTime\`.`),
};

/** Arguments of {@link listUsage}. */
export const UsageQuery = z
  .strictObject({
    kind: z.enum(USAGE_KINDS, { error: `must be one of ${USAGE_KINDS.join(", ")}` }).describe(`Which usage: ${USAGE_KINDS.join(", ")}.`),
    ...rangeArgs,
    bucketWidth: z
      .enum(WIDTHS as [BucketWidth, ...BucketWidth[]], { error: "must be one of 1m, 1h, 1d (a minute, an hour, a day)" })
      .default("1d")
      .describe(
        `The width of each bucket: \`1m\`, \`1h\` or \`1d\` (default). One read covers at most ${WIDTHS.map((w) => `${MAX_PAGES_PER_READ * BUCKET_WIDTHS[w].perPage} buckets of ${w}`).join(", ")}.`,
      ),
    groupBy: enumList(ALL_GROUPINGS, "groupings")
      .optional()
      .describe(
        "Group each bucket's results by these, in the API's names: " +
          USAGE_KINDS.map((k) => `${k}: ${USAGE_GROUP_BY[k].join(", ")}`).join("; ") +
          ". Default: one result per bucket.",
      ),
    projectIds: ids("a project id", "project ids").optional().describe("Only usage of these projects (every kind)."),
    userIds: ids("a user id", "user ids").optional().describe("Only usage by these users (not vector stores, code interpreter sessions)."),
    apiKeyIds: ids("an API key id", "API key ids").optional().describe("Only usage through these API keys (not vector stores, code interpreter sessions)."),
    models: ids("a model", "models").optional().describe("Only usage of these models (completions, decisions, embeddings, moderations, images, audio, web search calls)."),
    batch: z.boolean({ error: "must be true or false" }).optional().describe("True: batch jobs only; false: no batch jobs (completions, decisions). Default both."),
    sizes: enumList(IMAGE_SIZES, "image sizes").optional().describe(`Only images of these sizes (images): ${IMAGE_SIZES.join(", ")}.`),
    sources: enumList(IMAGE_SOURCES, "image sources").optional().describe(`Only images from these sources (images): ${IMAGE_SOURCES.join(", ")}.`),
    vectorStoreIds: ids("a vector store id", "vector store ids").optional().describe("Only calls on these vector stores (file search calls)."),
    contextLevels: enumList(CONTEXT_LEVELS, "context levels").optional().describe(`Only web searches of these context sizes (web search calls): ${CONTEXT_LEVELS.join(", ")}.`),
  })
  .superRefine((q, ctx) => {
    const takes = USAGE_GROUP_BY[q.kind] as readonly string[];
    (q.groupBy ?? []).forEach((g, i) => {
      if (!takes.includes(g)) ctx.addIssue({ code: "custom", path: ["groupBy", i], message: `${g} is not a grouping of ${q.kind} usage, which takes ${takes.join(", ")}` });
    });
    const filters = USAGE_FILTERS[q.kind] as ReadonlyArray<keyof UsageFilters>;
    for (const [arg, filter] of Object.entries(FILTER_ARGS)) {
      if (q[arg as keyof typeof FILTER_ARGS] !== undefined && !filters.includes(filter)) {
        const accepted = Object.entries(FILTER_ARGS).filter(([, f]) => filters.includes(f)).map(([a]) => a);
        ctx.addIssue({ code: "custom", path: [arg], message: `is not a filter of ${q.kind} usage, which takes ${accepted.join(", ")}` });
      }
    }
    checkRange(ctx, q.startTime, q.endTime, q.bucketWidth, BUCKET_WIDTHS[q.bucketWidth].seconds, BUCKET_WIDTHS[q.bucketWidth].perPage);
  });
export type UsageQuery = z.input<typeof UsageQuery>;

/** Arguments of {@link listCosts}. */
export const CostsQuery = z
  .strictObject({
    ...rangeArgs,
    bucketWidth: z
      .literal("1d", { error: "must be 1d: costs come only in day buckets" })
      .default("1d")
      .describe(`Costs come only in day buckets: \`1d\`. One read covers at most ${MAX_PAGES_PER_READ * COSTS_PER_PAGE} days.`),
    groupBy: enumList(COSTS_GROUP_BY, "groupings")
      .optional()
      .describe(`Group each day's costs by these, in the API's names: ${COSTS_GROUP_BY.join(", ")}. Default: one total per day.`),
    projectIds: ids("a project id", "project ids").optional().describe("Only costs of these projects."),
    apiKeyIds: ids("an API key id", "API key ids").optional().describe("Only costs of these API keys."),
    lineItems: ids("a line item", "line items").optional().describe("Only these line items, each written in full as the API names it (e.g. `gpt-4o-mini, input`)."),
  })
  .superRefine((q, ctx) => checkRange(ctx, q.startTime, q.endTime, "1d", BUCKET_WIDTHS["1d"].seconds, COSTS_PER_PAGE));
export type CostsQuery = z.input<typeof CostsQuery>;

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

function usageResultInfo(r: UsageResult): UsageResultInfo {
  const out: Record<string, string | number | boolean | null> = {};
  for (const d of USAGE_DIMENSIONS) out[camel(d)] = r[d] ?? null;
  for (const m of USAGE_METRICS) out[camel(m)] = r[m] ?? null;
  return out as UsageResultInfo;
}

function costResultInfo(r: CostsResult): CostResultInfo {
  return {
    amount: r.amount?.value ?? null,
    currency: r.amount?.currency ?? null,
    lineItem: r.line_item ?? null,
    projectId: r.project_id ?? null,
    userId: r.user_id ?? null,
    apiKeyId: r.api_key_id ?? null,
    apiSource: r.api_source ?? null,
    quantity: r.quantity ?? null,
    quantityUnit: r.quantity_unit ?? null,
  };
}

const bucketInfo =
  <R, I>(result: (r: R) => I) =>
  (b: Bucket<R>) => ({ startTime: b.start_time, endTime: b.end_time, results: b.results.map(result) });

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
  if (q.limit !== undefined) return take(auditLogs.list(getClient(), filters), auditLogInfo, q.limit);
  // One entry past the bound tells a log that holds more from one that holds exactly that many.
  const found = await take(auditLogs.list(getClient(), filters), auditLogInfo, AUDIT_LOG_BOUND + 1);
  if (found.length > AUDIT_LOG_BOUND) {
    throw new Error(
      `OpenAI getAuditLogs: more than ${AUDIT_LOG_BOUND} entries pass the filters, the most one read returns without a limit; ` +
        "narrow the range (since, until) or the filters, or set limit to take the newest ones",
    );
  }
  return found;
}

/**
 * Usage of one kind over a range, in time buckets, every page read (at most {@link MAX_PAGES_PER_READ}; a range that
 * needs more is refused before any request, and an API that still has more at the bound is an error, never a cut list).
 */
export async function listUsage(query: UsageQuery): Promise<UsageBucketInfo[]> {
  const q = valid("getUsage", UsageQuery, query);
  const params = {
    start_time: q.startTime,
    end_time: q.endTime,
    bucket_width: q.bucketWidth,
    group_by: q.groupBy,
    ...Object.fromEntries(Object.entries(FILTER_ARGS).map(([arg, filter]) => [filter, q[arg as keyof typeof FILTER_ARGS]])),
  };
  return take(usage.list(getClient(), q.kind, params, MAX_PAGES_PER_READ), bucketInfo(usageResultInfo));
}

/** Costs over a range, in day buckets, every page read, within the same bound as {@link listUsage}. */
export async function listCosts(query: CostsQuery): Promise<CostBucketInfo[]> {
  const q = valid("getCosts", CostsQuery, query);
  const params = { start_time: q.startTime, end_time: q.endTime, group_by: q.groupBy, project_ids: q.projectIds, api_key_ids: q.apiKeyIds, line_items: q.lineItems };
  return take(costs.list(getClient(), params, MAX_PAGES_PER_READ), bucketInfo(costResultInfo));
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
      `every page read: all of them, at most ${AUDIT_LOG_BOUND} (more is an error naming the bound), or the newest \`limit\`.`,
    args: AuditLogQuery,
    result: z.object({ auditLogs: z.array(AuditLogInfo).describe("The entries, newest first.") }),
    call: async (q) => ({ auditLogs: await listAuditLogs(q) }),
  }),
  getUsage: defineRead({
    description:
      `Usage of one kind (${USAGE_KINDS.join(", ")}) over a date range, in buckets of a minute, an hour or a day, ` +
      `grouped and filtered as asked; every page read, at most ${MAX_PAGES_PER_READ} pages (a longer range is refused before any request).`,
    args: UsageQuery,
    result: z.object({ buckets: z.array(UsageBucketInfo).describe("The buckets of the range, oldest first.") }),
    call: async (q) => ({ buckets: await listUsage(q) }),
  }),
  getCosts: defineRead({
    description:
      "Costs over a date range, in day buckets, grouped by project, user, line item, API key or API source and filtered as asked; " +
      `every page read, at most ${MAX_PAGES_PER_READ} pages (a longer range is refused before any request).`,
    args: CostsQuery,
    result: z.object({ buckets: z.array(CostBucketInfo).describe("The day buckets of the range, oldest first.") }),
    call: async (q) => ({ buckets: await listCosts(q) }),
  }),
};
