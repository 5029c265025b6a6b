import * as pulumi from "@pulumi/pulumi";
import { configure } from "../provider/credentials";
import {
  type AdminApiKeyInfo,
  type AuditLogInfo,
  type AuditLogQuery,
  type CostBucketInfo,
  type CostResultInfo,
  type CostsQuery,
  type OrganizationUserInfo,
  type ProjectApiKeyInfo,
  type UsageBucketInfo,
  type UsageQuery,
  type UsageResultInfo,
  listAdminApiKeys,
  listAuditLogs,
  listCosts,
  listOrganizationUsers,
  listProjectApiKeys,
  listUsage,
} from "../provider/reads";

export type { AdminApiKeyInfo, AuditLogInfo, AuditLogQuery, OrganizationUserInfo, ProjectApiKeyInfo };
export type { CostBucketInfo, CostResultInfo, CostsQuery, UsageBucketInfo, UsageQuery, UsageResultInfo };

// The program's own stack config (`openai:adminKey`, `openai:baseUrl`, …), read when a call is made, as
// the resources' provider reads it; the environment variables still apply when it is unset.
function withStackConfig<A extends unknown[], R>(read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => {
    configure({ get: (key) => pulumi.runtime.getConfig(key) });
    return read(...args);
  };
}

/**
 * Every member of the organization, or only those with the given addresses. One paged list call.
 * Usable as `pulumi.output(getOrganizationUsers())`.
 */
export const getOrganizationUsers: (args?: { emails?: string[] }) => Promise<OrganizationUserInfo[]> = withStackConfig(listOrganizationUsers);

/** Every API key of a project: redacted values, owner and last use. One paged list call. */
export const getProjectApiKeys: (args: { projectId: string }) => Promise<ProjectApiKeyInfo[]> = withStackConfig((args: { projectId: string }) =>
  listProjectApiKeys(args.projectId),
);

/** Every admin key of the organization: redacted values, owner and last use. One paged list call. */
export const getAdminApiKeys: () => Promise<AdminApiKeyInfo[]> = withStackConfig(listAdminApiKeys);

/**
 * Audit log entries, newest first, that pass every filter given (time range, projects, event types,
 * actors, resources); every page read: all of them, at most 1000 (a log with more fails naming that bound,
 * never a cut list), or the newest `limit`. `since` and
 * `until` take `"2026-11-01"`, `"2026-11-01T00:00:00Z"` or Unix seconds.
 */
export const getAuditLogs: (query?: AuditLogQuery) => Promise<AuditLogInfo[]> = withStackConfig(listAuditLogs);

/**
 * Usage of one kind (`completions`, `embeddings`, `moderations`, `images`, `audio_speeches`, `audio_transcriptions`,
 * `vector_stores`, `code_interpreter_sessions`, `file_search_calls`, `web_search_calls`, `decisions`) over a range,
 * in buckets of `1m`, `1h` or `1d` (default), grouped and filtered as asked. `startTime`/`endTime` take `"2026-11-01"`,
 * `"2026-11-01T00:00:00Z"` or Unix seconds; the end defaults to now. Every page is read, at most 10 pages: a range that
 * needs more (over 310 days, 1,680 hours or 14,400 minutes) is refused before any request.
 */
export const getUsage: (query: UsageQuery) => Promise<UsageBucketInfo[]> = withStackConfig(listUsage);

/**
 * Costs over a range, in day buckets, grouped by `project_id`, `user_id`, `line_item`, `api_key_id` or `api_source`
 * and filtered by projects, API keys or line items. Dates as for {@link getUsage}; at most 1,800 days in one read.
 */
export const getCosts: (query: CostsQuery) => Promise<CostBucketInfo[]> = withStackConfig(listCosts);
