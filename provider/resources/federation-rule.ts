/**
 * FederationRule: a rule of a WorkloadIdentityProvider: a token of that issuer whose attributes match acts as a
 * project's service account. It lives under its provider (its collection is the provider's rules).
 * - id: the rule id. Replaces on: `providerId`, `projectId`, `serviceAccountId`; the rest is updated in place
 *   (one POST with every field the update takes).
 * - create: refused before any write when the provider has a rule for the same service account with the same
 *   attribute matchers, from one listing of the provider's rules per process; then one POST. After an ambiguous
 *   failure, adopts only a new rule matching every input.
 * - delete: DELETE. 404 (the rule or its provider gone): gone / done.
 * - adopt ({ import: "<providerId>/<ruleId>" }, or the rule id with `providerId`): the run's listing of the
 *   provider's rules (client/listed.ts), else one GET.
 */
import { z } from "zod";
import { type AdminClient, type FederationRule, type FederationRuleUpdateParams, federationRules } from "../client";
import { documented, projectId, scopedImportId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// The SDK class's words (sdk/federation-rule.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "providerId": "The WorkloadIdentityProvider the rule belongs to. Changing it replaces the rule.",
  "projectId": "The project of the service account (`proj_…`). Changing it replaces the rule.",
  "serviceAccountId": "The project service account a matching token acts as. Changing it replaces the rule.",
  "attributeMatchers": "The token attributes (claims, or attributes the provider works out) and the value each must have, at least one: `{ sub: \"repo:acme/app:ref:refs/heads/main\" }`. Updated in place.",
  "name": "A name to know the rule by. Updated in place.",
  "description": "Words for people. Updated in place.",
  "enabled": "Whether the rule lets tokens in. Default true. Updated in place.",
  "scopes": "Limit a matching token to these scopes; unset, it may do all the service account may. Updated in place.",
  "(class)": "A rule of a WorkloadIdentityProvider: a token of that issuer whose attributes match acts as a project's service account, with no API key stored anywhere. A change of provider, project or service account replaces it, deleting the old rule first; the rest is updated in place. Deleting it deletes the rule. Adopt one with `{ import: \"<providerId>/<ruleId>\" }`. A create is refused, before any write, when the provider has a rule for the same service account with the same attribute matchers."
};

const id = (what: string) => z.string({ error: `is required: ${what}` }).trim().min(1, `is required: ${what}`).refine((v) => !v.includes("/"), "must be an id, without /");

export const FederationRuleInputs = documented(DOCS, z.strictObject({
  providerId: id("the id of the workload identity provider"),
  projectId,
  serviceAccountId: id("the id of the project's service account"),
  attributeMatchers: z
    .record(z.string().min(1, "an attribute name must not be empty"), z.union([z.string(), z.number(), z.boolean()], { error: "must be a string, number or boolean" }), { error: "must be an object of attributes and values" })
    .refine((m) => Object.keys(m).length > 0, "must hold at least one attribute"),
  name: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
  description: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  scopes: z
    .array(z.string({ error: "must be a string" }).refine((v) => v.trim() !== "", "must not be empty"), { error: "must be a list of scopes" })
    .min(1, "must hold at least one scope; leave it unset for all the service account may do")
    .nullish()
    .transform((v) => (v ? [...new Set(v)].sort() : null)),
}));
export type FederationRuleInputs = z.infer<typeof FederationRuleInputs>;

/** What state holds for a federation rule. */
export const FederationRuleOutputs = z.object({
  federationRuleId: z.string().describe("The rule id, also the resource id."),
  providerId: z.string(),
  projectId: z.string(),
  serviceAccountId: z.string(),
  attributeMatchers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  name: z.string().nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  scopes: z.array(z.string()).nullable(),
  createdAt: z.number().describe("Unix seconds."),
  updatedAt: z.number().describe("Unix seconds of the last change."),
});
export type FederationRuleOutputs = z.infer<typeof FederationRuleOutputs>;

function outputs(r: FederationRule): FederationRuleOutputs {
  return {
    federationRuleId: r.id,
    providerId: r.workload_identity_provider_id,
    projectId: r.project_id,
    serviceAccountId: r.service_account_id,
    attributeMatchers: r.attribute_matchers,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    // Scopes are a set: their order never shows as a change.
    scopes: r.permissions.type === "restricted" ? [...r.permissions.scopes].sort() : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The body of an update (and the rest of a create's): every field, so nothing is left as it was by omission. */
function body(i: Omit<FederationRuleInputs, "providerId" | "projectId" | "serviceAccountId">): FederationRuleUpdateParams {
  return {
    attribute_matchers: i.attributeMatchers,
    name: i.name,
    description: i.description,
    enabled: i.enabled,
    permissions: i.scopes ? { type: "restricted", scopes: i.scopes } : { type: "service_account_default" },
  };
}

/** The rules of one provider, as this process knows them. */
export function knownFederationRules(c: AdminClient, providerId: string): Collection<FederationRule> {
  return collection(c, `federation_rules:${providerId}`, () => federationRules.list(c, providerId));
}

export const federationRule = defineResource<FederationRuleInputs, FederationRuleOutputs>({
  type: "FederationRule",
  deletesFirst: true,
  importIdForm: "<providerId>/<ruleId>",
  lives: { path: "/organization/workload_identity_providers/{providerId}/federation_rules", under: "WorkloadIdentityProvider" },
  inputs: FederationRuleInputs,
  outputs: FederationRuleOutputs,
  importId: scopedImportId("FederationRule", "providerId", "<providerId>/<ruleId>"),
  replaceOn: ["providerId", "projectId", "serviceAccountId"],
  describe: (props) => `federation rule ${props.name ? `"${String(props.name)}" ` : ""}of provider ${String(props.providerId ?? "?")} for service account ${String(props.serviceAccountId ?? "?")}`,

  async create(c, inputs) {
    const r = await guardedCreate({
      type: "FederationRule",
      collection: knownFederationRules(c, inputs.providerId),
      what: `federation rule of provider ${inputs.providerId} for service account ${inputs.serviceAccountId}`,
      duplicates: (x) => x.service_account_id === inputs.serviceAccountId && sameValue(x.attribute_matchers, inputs.attributeMatchers),
      describe: (x) => `a rule for the same service account with the same attribute matchers (${x.id})`,
      importId: (x) => `${x.workload_identity_provider_id}/${x.id}`,
      matches: (x) => {
        const o = outputs(x);
        const made = { providerId: o.providerId, projectId: o.projectId, serviceAccountId: o.serviceAccountId, attributeMatchers: o.attributeMatchers, name: o.name, description: o.description, enabled: o.enabled, scopes: o.scopes };
        return sameValue(made, inputs);
      },
      create: () =>
        federationRules.create(c, inputs.providerId, { project_id: inputs.projectId, service_account_id: inputs.serviceAccountId, ...body(inputs) }),
      retrieve: (ruleId) => federationRules.retrieve(c, inputs.providerId, ruleId),
    });
    return { id: r.id, outs: outputs(r) };
  },

  async read(c, ruleId, outs) {
    return outputs(await federationRules.retrieveListed(c, outs.providerId, ruleId));
  },

  async update(c, ruleId, olds, inputs) {
    const r = await federationRules.update(c, olds.providerId, ruleId, body(inputs));
    knownFederationRules(c, olds.providerId).put(r);
    return outputs(r);
  },

  async delete(c, ruleId, outs) {
    await federationRules.delete(c, outs.providerId, ruleId);
    knownFederationRules(c, outs.providerId).remove(ruleId);
  },
});
