import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

// Only in the official SDK's types (openai 7.60.0, resources/admin/organization/external-keys.d.ts), not in OpenAI's
// OpenAPI description: the shapes follow the SDK.

/** The clouds a key can live in. */
export const EXTERNAL_KEY_TYPES = ["aws", "gcp", "azure", "oci"] as const;
/** What a key is for: encrypting the organization's data (EKM) or decrypting partner payloads (PSP). */
export const EXTERNAL_KEY_PURPOSES = ["ekm", "psp_decryption"] as const;

/** A customer-managed key registered with the organization: where it lives and how OpenAI reaches it (no secret). */
export const ExternalKey = z.object({
  id: z.string(),
  object: z.string(),
  name: z.string(),
  type: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  workspace_id: z.string(),
  /** The projects this key encrypts. */
  api_project_ids: z.array(z.string()),
  purpose: z.enum(EXTERNAL_KEY_PURPOSES).nullish(),
  external_id: z.string().nullish(),
  kms_arn: z.string().nullish(),
  role_arn: z.string().nullish(),
  audience: z.string().nullish(),
  kms_key_location: z.string().nullish(),
  kms_key_name: z.string().nullish(),
  kms_key_ring_name: z.string().nullish(),
  kms_key_version: z.string().nullish(),
  kms_project_id: z.string().nullish(),
  workload_identity_pool_id: z.string().nullish(),
  workload_identity_project_number: z.string().nullish(),
  workload_identity_provider_id: z.string().nullish(),
  key_name: z.string().nullish(),
  key_version: z.string().nullish(),
  tenant_id: z.string().nullish(),
  vault_uri: z.string().nullish(),
  key_ocid: z.string().nullish(),
  key_version_ocid: z.string().nullish(),
  region: z.string().nullish(),
  vault_ocid: z.string().nullish(),
});
export type ExternalKey = z.infer<typeof ExternalKey>;

/** The body of a create: `type`, `name`, `purpose?` and the fields of that cloud (see the SDK's ExternalKeyCreateParams). */
export type ExternalKeyCreateParams = { type: (typeof EXTERNAL_KEY_TYPES)[number]; name: string; purpose?: (typeof EXTERNAL_KEY_PURPOSES)[number] } & Record<string, string>;

export const ExternalKeyValidateResponse = z.object({ status: z.string() });

/** Calls on `/organization/external_keys`. There is no update. */
export const externalKeys = {
  create: (c: AdminClient, body: ExternalKeyCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/external_keys`, body, schema: ExternalKey, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/external_keys/${id}`, schema: ExternalKey, idempotent: true }),
  // The SDK types the answer to a delete as the key itself.
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/external_keys/${id}`, schema: z.unknown(), idempotent: true }),
  /** Asks OpenAI to reach the key now; a POST that changes nothing, so it is safe to repeat. */
  validate: (c: AdminClient, id: string) =>
    c.request({ method: "POST", path: apiPath`/organization/external_keys/${id}/validate`, schema: ExternalKeyValidateResponse, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/external_keys`, schema: listOf(ExternalKey) }),
  /** The key from the run's listing of every key; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) =>
    fromListing(c, "/organization/external_keys", () => externalKeys.list(c), id, () => externalKeys.retrieve(c, id)),
};
