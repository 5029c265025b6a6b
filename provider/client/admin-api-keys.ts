import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Longest lifetime the API accepts for an admin key: one year, in seconds. */
export const ADMIN_KEY_MAX_EXPIRES_IN_SECONDS = 31_536_000;

/** An organization admin key, as every call but create answers it (redacted). */
export const AdminApiKey = z.object({
  id: z.string(),
  object: z.literal("organization.admin_api_key"),
  name: z.string().nullish(),
  redacted_value: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  /** Unix seconds, or null when the key does not expire. */
  expires_at: z.number().nullable(),
  /** Unix seconds, or null when never used. */
  last_used_at: z.number().nullish(),
  owner: z.object({
    type: z.string().nullish(),
    object: z.string().nullish(),
    id: z.string().nullish(),
    name: z.string().nullish(),
    role: z.string().nullish(),
    created_at: z.number().nullish(),
  }),
});
export type AdminApiKey = z.infer<typeof AdminApiKey>;

/** What a create answers: the key and, the only time it is ever shown, its value. */
export const AdminApiKeyCreateResponse = AdminApiKey.extend({ value: z.string() });
export type AdminApiKeyCreateResponse = z.infer<typeof AdminApiKeyCreateResponse>;

export const AdminApiKeyDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.admin_api_key.deleted"),
  deleted: z.boolean(),
});

export interface AdminApiKeyCreateParams {
  name: string;
  /** Seconds until the key expires, 1 to {@link ADMIN_KEY_MAX_EXPIRES_IN_SECONDS}; omitted, it never expires. */
  expires_in_seconds?: number;
}

/** Calls on `/organization/admin_api_keys`. */
export const adminApiKeys = {
  create: (c: AdminClient, body: AdminApiKeyCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/admin_api_keys`, body, schema: AdminApiKeyCreateResponse, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/admin_api_keys/${id}`, schema: AdminApiKey, idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/admin_api_keys/${id}`, schema: AdminApiKeyDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/admin_api_keys`, schema: listOf(AdminApiKey) }),
  /** The key from the run's listing of every admin key; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) => fromListing(c, "/organization/admin_api_keys", () => adminApiKeys.list(c), id, () => adminApiKeys.retrieve(c, id)),
};
