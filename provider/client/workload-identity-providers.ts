import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

// Only in the official SDK's types (openai 7.60.0, resources/admin/organization/workload-identity-providers/**), not
// in OpenAI's OpenAPI description: the shapes follow the SDK.

export const AttributeTransformation = z.object({ attribute: z.string(), expression: z.string() });

/** How OpenAI checks a token's signature: the issuer's discovery document, or keys uploaded here. */
export const Verification = z.union([
  z.object({ type: z.literal("discovery"), discovery_url: z.string().nullable() }),
  z.object({ type: z.literal("uploaded_jwks"), jwks: z.record(z.string(), z.unknown()) }),
]);
export type Verification = z.infer<typeof Verification>;

/** An OIDC issuer the organization trusts, so a workload's token can act as a project service account. */
export const WorkloadIdentityProvider = z.object({
  id: z.string(),
  object: z.literal("organization.workload_identity_provider"),
  type: z.literal("oidc"),
  name: z.string(),
  issuer: z.string(),
  audience: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  attribute_transformations: z.array(AttributeTransformation),
  verification: Verification,
  /** Unix seconds. */
  created_at: z.number(),
  updated_at: z.number(),
});
export type WorkloadIdentityProvider = z.infer<typeof WorkloadIdentityProvider>;

export const WorkloadIdentityProviderDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.workload_identity_provider.deleted"),
  deleted: z.boolean(),
});

/** The body of an update: every field, since the update keeps what is left out and we always say it all. */
export interface WorkloadIdentityProviderUpdateParams {
  name: string;
  issuer: string;
  audience: string;
  description: string | null;
  enabled: boolean;
  attribute_transformations: Array<{ attribute: string; expression: string }>;
  verification: Verification;
}
export type WorkloadIdentityProviderCreateParams = WorkloadIdentityProviderUpdateParams & { type: "oidc" };

const PATH = apiPath`/organization/workload_identity_providers`;

/** Calls on `/organization/workload_identity_providers`. */
export const workloadIdentityProviders = {
  create: (c: AdminClient, body: WorkloadIdentityProviderCreateParams) =>
    c.request({ method: "POST", path: PATH, body, schema: WorkloadIdentityProvider, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/workload_identity_providers/${id}`, schema: WorkloadIdentityProvider, idempotent: true }),
  update: (c: AdminClient, id: string, body: WorkloadIdentityProviderUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/workload_identity_providers/${id}`, body, schema: WorkloadIdentityProvider, idempotent: true }),
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/workload_identity_providers/${id}`, schema: WorkloadIdentityProviderDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: PATH, schema: listOf(WorkloadIdentityProvider) }),
  /** The provider from the run's listing of every provider; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) => fromListing(c, PATH, () => workloadIdentityProviders.list(c), id, () => workloadIdentityProviders.retrieve(c, id)),
};
