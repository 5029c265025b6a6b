import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";

/** A project API key, as listings show it: redacted, with its owner and last use. */
export const ProjectApiKey = z.object({
  id: z.string(),
  object: z.literal("organization.project.api_key"),
  name: z.string().nullish(),
  redacted_value: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  /** Unix seconds, or null when never used. */
  last_used_at: z.number().nullish(),
  /** Unix seconds, or null when the key does not expire. */
  expires_at: z.number().nullish(),
  owner_project_access: z.enum(["active", "inactive"]).nullish(),
  owner: z.object({
    type: z.enum(["user", "service_account"]).nullish(),
    user: z.object({ id: z.string(), email: z.string().nullish(), name: z.string().nullish(), role: z.string().nullish(), created_at: z.number().nullish() }).nullish(),
    service_account: z.object({ id: z.string(), name: z.string().nullish(), role: z.string().nullish(), created_at: z.number().nullish() }).nullish(),
  }),
});
export type ProjectApiKey = z.infer<typeof ProjectApiKey>;

export const ProjectApiKeyDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.project.api_key.deleted"),
  deleted: z.boolean(),
});

/**
 * The scopes and the expiry of a key, at least one (only in the official SDK, openai 7.60.0). `scopes` replaces the
 * key's restrictions (`[]`: all permissions the owner has); `expires_in_seconds` counts from this request.
 */
export interface ProjectApiKeyUpdateParams {
  scopes?: string[];
  expires_in_seconds?: number;
}

/** Calls on `/organization/projects/{id}/api_keys`. */
export const projectApiKeys = {
  // Idempotent for scopes; a retried expiry counts from the retry, which the API documents as the behaviour.
  update: (c: AdminClient, projectId: string, keyId: string, body: ProjectApiKeyUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${projectId}/api_keys/${keyId}`, body, schema: ProjectApiKey, idempotent: true }),
  retrieve: (c: AdminClient, projectId: string, keyId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/api_keys/${keyId}`, schema: ProjectApiKey, idempotent: true }),
  delete: (c: AdminClient, projectId: string, keyId: string) =>
    c.request({
      method: "DELETE",
      path: apiPath`/organization/projects/${projectId}/api_keys/${keyId}`,
      schema: ProjectApiKeyDeleted,
      idempotent: true,
    }),
  // `any`: every enabled key, those of people who have since left the project too; without the filter the API
  // applies its membership rules, which may leave such keys out, and a security review wants exactly those.
  list: (c: AdminClient, projectId: string) =>
    c.paginate({ path: apiPath`/organization/projects/${projectId}/api_keys`, query: { owner_project_access: "any" }, schema: listOf(ProjectApiKey) }),
};
