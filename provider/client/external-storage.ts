import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

// Only in the official SDK's types (openai 7.60.0, resources/admin/organization/external-storage.d.ts), not in
// OpenAI's OpenAPI description: the shapes follow the SDK.

/** The clouds a project's storage can live in. */
export const EXTERNAL_STORAGE_TYPES = ["aws", "gcp", "azure", "oci"] as const;

/** The fields a create takes for each cloud (the SDK's ExternalStorageCreateParams). */
export const EXTERNAL_STORAGE_INPUTS = {
  aws: ["bucket", "role_arn"],
  azure: ["account_name", "container", "resource_group", "subscription_id", "tenant_id"],
  gcp: ["bucket", "workload_identity_pool_id", "workload_identity_project_number", "workload_identity_provider_id"],
  oci: ["bucket", "region", "tenancy_ocid"],
} as const satisfies Record<(typeof EXTERNAL_STORAGE_TYPES)[number], readonly string[]>;

/** A project's storage as the API shows it: what was sent, and what it worked out (the account, the region…). */
export const ExternalStorageProvider = z.looseObject({ type: z.enum(EXTERNAL_STORAGE_TYPES) }).transform((p) => p as { type: (typeof EXTERNAL_STORAGE_TYPES)[number] } & Record<string, string>);

export const ExternalStorageConfiguration = z.object({
  id: z.string(),
  object: z.literal("organization.external_storage"),
  project_id: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  geography: z.string(),
  status: z.enum(["pending", "validated", "degraded", "unhealthy"]),
  provider: ExternalStorageProvider,
});
export type ExternalStorageConfiguration = z.infer<typeof ExternalStorageConfiguration>;

export const ExternalStorageDeleted = z.object({ id: z.string(), object: z.literal("organization.external_storage.deleted"), deleted: z.boolean() });

export interface ExternalStorageCreateParams {
  project_id: string;
  provider: { type: (typeof EXTERNAL_STORAGE_TYPES)[number] } & Record<string, string>;
}

/** Calls on `/organization/external_storage`. There is no update. */
export const externalStorage = {
  create: (c: AdminClient, body: ExternalStorageCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/external_storage`, body, schema: ExternalStorageConfiguration, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/external_storage/${id}`, schema: ExternalStorageConfiguration, idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/external_storage/${id}`, schema: ExternalStorageDeleted, idempotent: true }),
  /** Asks OpenAI to reach the storage now; answers the configuration with its new status. Safe to repeat. */
  validate: (c: AdminClient, id: string) =>
    c.request({ method: "POST", path: apiPath`/organization/external_storage/${id}/validate`, schema: ExternalStorageConfiguration, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/external_storage`, schema: listOf(ExternalStorageConfiguration) }),
  /** The configuration from the run's listing; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) =>
    fromListing(c, "/organization/external_storage", () => externalStorage.list(c), id, () => externalStorage.retrieve(c, id)),
};
