import * as pulumi from "@pulumi/pulumi";
import { configure } from "../provider/credentials";
import {
  type AdminApiKeyInfo,
  type AuditLogInfo,
  type AuditLogQuery,
  type OrganizationUserInfo,
  type ProjectApiKeyInfo,
  listAdminApiKeys,
  listAuditLogs,
  listOrganizationUsers,
  listProjectApiKeys,
} from "../provider/reads";

export type { AdminApiKeyInfo, AuditLogInfo, AuditLogQuery, OrganizationUserInfo, ProjectApiKeyInfo };

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
 * actors, resources); paged by the client, stopping after `limit` (default 1000) entries.
 */
export const getAuditLogs: (query?: AuditLogQuery) => Promise<AuditLogInfo[]> = withStackConfig(listAuditLogs);
