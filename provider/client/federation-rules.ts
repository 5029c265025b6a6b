import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

// Only in the official SDK's types (openai 7.60.0, .../workload-identity-providers/federation-rules.d.ts), not in
// OpenAI's OpenAPI description: the shapes follow the SDK.

/** What a matching token may do: all the service account may, or only the listed scopes. */
export const FederationRulePermissions = z.union([
  z.object({ type: z.literal("service_account_default") }),
  z.object({ type: z.literal("restricted"), scopes: z.array(z.string()) }),
]);
export type FederationRulePermissions = z.infer<typeof FederationRulePermissions>;

/** A token attribute and the value it must have. */
export const AttributeMatchers = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** A rule of a workload identity provider: a token whose attributes match acts as a project's service account. */
export const FederationRule = z.object({
  id: z.string(),
  object: z.literal("organization.workload_identity_federation_rule"),
  workload_identity_provider_id: z.string(),
  project_id: z.string(),
  service_account_id: z.string(),
  attribute_matchers: AttributeMatchers,
  name: z.string().nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  permissions: FederationRulePermissions,
  /** Unix seconds. */
  created_at: z.number(),
  updated_at: z.number(),
});
export type FederationRule = z.infer<typeof FederationRule>;

export const FederationRuleDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.workload_identity_federation_rule.deleted"),
  deleted: z.boolean(),
});

/** The body of an update: every field it takes, always sent whole. */
export interface FederationRuleUpdateParams {
  attribute_matchers: Record<string, string | number | boolean>;
  name: string | null;
  description: string | null;
  enabled: boolean;
  permissions: FederationRulePermissions;
}
export type FederationRuleCreateParams = FederationRuleUpdateParams & { project_id: string; service_account_id: string };

/** Calls on `/organization/workload_identity_providers/{id}/federation_rules`. */
export const federationRules = {
  create: (c: AdminClient, providerId: string, body: FederationRuleCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/workload_identity_providers/${providerId}/federation_rules`, body, schema: FederationRule, idempotent: false }),
  retrieve: (c: AdminClient, providerId: string, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/workload_identity_providers/${providerId}/federation_rules/${id}`, schema: FederationRule, idempotent: true }),
  update: (c: AdminClient, providerId: string, id: string, body: FederationRuleUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/workload_identity_providers/${providerId}/federation_rules/${id}`, body, schema: FederationRule, idempotent: true }),
  delete: (c: AdminClient, providerId: string, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/workload_identity_providers/${providerId}/federation_rules/${id}`, schema: FederationRuleDeleted, idempotent: true }),
  list: (c: AdminClient, providerId: string) =>
    c.paginate({ path: apiPath`/organization/workload_identity_providers/${providerId}/federation_rules`, schema: listOf(FederationRule) }),
  /** The rule from the run's listing of its provider's rules; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, providerId: string, id: string) =>
    fromListing(c, apiPath`/organization/workload_identity_providers/${providerId}/federation_rules`, () => federationRules.list(c, providerId), id, () =>
      federationRules.retrieve(c, providerId, id),
    ),
};
