import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";

const ActorUser = z.object({ id: z.string().nullish(), email: z.string().nullish() });

/**
 * One audit log entry. Besides these fields, an entry carries its details under a key named after its
 * `type` (e.g. `"project.created": {...}`); they are kept as the API sends them.
 */
export const AuditLog = z.looseObject({
  id: z.string(),
  type: z.string(),
  /** Unix seconds. */
  effective_at: z.number(),
  project: z.object({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
  actor: z
    .object({
      type: z.string().nullish(),
      session: z.object({ user: ActorUser.nullish(), ip_address: z.string().nullish() }).nullish(),
      api_key: z
        .object({
          id: z.string().nullish(),
          type: z.string().nullish(),
          user: ActorUser.nullish(),
          service_account: z.object({ id: z.string().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type AuditLog = z.infer<typeof AuditLog>;

/** The documented filters of the audit log listing; every one is optional. */
export interface AuditLogFilters {
  /** Unix seconds. */
  effective_at?: { gt?: number; gte?: number; lt?: number; lte?: number };
  project_ids?: string[];
  event_types?: string[];
  actor_ids?: string[];
  actor_emails?: string[];
  resource_ids?: string[];
}

/** Calls on `/organization/audit_logs`. */
export const auditLogs = {
  /** Every entry that passes the filters, newest first, paged by the client. */
  list: (c: AdminClient, f: AuditLogFilters = {}) =>
    c.paginate({
      path: apiPath`/organization/audit_logs`,
      query: {
        "effective_at[gt]": f.effective_at?.gt,
        "effective_at[gte]": f.effective_at?.gte,
        "effective_at[lt]": f.effective_at?.lt,
        "effective_at[lte]": f.effective_at?.lte,
        "project_ids[]": f.project_ids,
        "event_types[]": f.event_types,
        "actor_ids[]": f.actor_ids,
        "actor_emails[]": f.actor_emails,
        "resource_ids[]": f.resource_ids,
      },
      schema: listOf(AuditLog),
    }),
};
