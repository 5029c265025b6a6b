/**
 * WorkloadIdentityProvider: an OIDC issuer the organization trusts, so a workload's token can act as a project's
 * service account (the rules: FederationRule) instead of a stored API key.
 * - id: the provider id. Nothing replaces it: every change is an update (one POST with every field).
 * - create: refused before any write when a provider of the same issuer and audience exists, from one listing per
 *   process; then one POST. After an ambiguous failure, adopts only a new provider matching every input.
 * - delete: DELETE. The API refuses while the provider has rules: a refusal while rules remain waits for them to go,
 *   up to `openai:lostCreateWaitMs` (20 s), since `up --replace` of a provider and its rules deletes both at once (both delete first, and the
 *   engine does not order the two); it never deletes a rule itself. 404: done.
 * - adopt ({ import: "<id>" }): the run's listing (client/listed.ts), else one GET.
 * - An uploaded JWKS must hold public keys only: a private member is refused at check, naming where it is and never
 *   repeating its value, so a private key cannot reach the state.
 */
import { z } from "zod";
import { type AdminClient, type Verification, type WorkloadIdentityProvider, type WorkloadIdentityProviderUpdateParams, AdminApiError, federationRules, workloadIdentityProviders } from "../client";
import { acrossInputs, documented, objectName } from "../fields";
import { lostCreateWaitMs } from "../credentials";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// JWK members only a private (or symmetric) key has (RFC 7518 section 6).
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

// The SDK class's words (sdk/workload-identity-provider.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "name": "A name to know the provider by. Updated in place.",
  "issuer": "The issuer's https URL, as the `iss` of its tokens. Updated in place.",
  "audience": "The audience its tokens carry for OpenAI (`aud`). Updated in place.",
  "description": "Words for people. Updated in place.",
  "enabled": "Whether tokens of this issuer are accepted. Default true. Updated in place.",
  "attributeTransformations": "Up to 20 `{ attribute, expression }`: attributes worked out from a token's claims, which rules can match. Default none. Updated in place.",
  "discoveryUrl": "Where to find the issuer's keys (its OpenID discovery document), when not at the issuer's usual place. Updated in place.",
  "jwks": "The issuer's public keys, as a JWKS object (`{ keys: [...] }`), instead of discovery; a private key member is refused. Updated in place.",
  "(class)": "An OIDC issuer the organization trusts, so that a workload's token can act as a project's service account (see FederationRule) instead of a stored API key. Every change is an update in place. Deleting it deletes the provider; the API refuses while it has rules, so the delete waits up to `openai:lostCreateWaitMs` for rules the same run deletes, and never deletes a rule itself. Adopt one with `{ import: \"<id>\" }`. A create is refused, before any write, when a provider with the same issuer and audience exists."
};

const https = (what: string) =>
  z.string({ error: `must be ${what}` }).regex(/^https:\/\/\S+$/, `must be ${what}, starting https://`);

const Jwks = z
  .looseObject({ keys: z.array(z.record(z.string(), z.unknown()), { error: "must be a list of JWKs" }).min(1, "must hold at least one key") }, { error: "must be a JWKS object: { keys: [...] }" })
  .superRefine((jwks, ctx) => {
    jwks.keys.forEach((key, i) => {
      if (typeof key.kty !== "string") ctx.addIssue({ code: "custom", path: ["keys", i, "kty"], message: "is required: the key type (RSA, EC…)" });
      for (const m of PRIVATE_MEMBERS.filter((m) => m in key)) {
        ctx.addIssue({ code: "custom", path: ["keys", i, m], message: "is a private key member, refused (its value is not shown): give the issuer's public keys only" });
      }
    });
  });

export const WorkloadIdentityProviderInputs = documented(DOCS, z.strictObject({
  name: objectName,
  issuer: https("the issuer's URL"),
  audience: z.string({ error: "is required: the audience of the issuer's tokens" }).refine((v) => v.trim() !== "", "must not be empty"),
  description: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  attributeTransformations: z
    .array(z.strictObject({
      attribute: z.string({ error: "is required" }).min(1, "must not be empty").max(256, "must be at most 256 characters"),
      expression: z.string({ error: "is required" }).min(1, "must not be empty").max(4096, "must be at most 4096 characters"),
    }))
    .max(20, "must hold at most 20 transformations")
    .default([]),
  discoveryUrl: https("the discovery document's URL").nullish().transform((v) => v ?? null),
  jwks: Jwks.nullish().transform((v) => v ?? null),
})).refine(...acrossInputs<{ discoveryUrl?: unknown; jwks?: unknown }>((i) => i.discoveryUrl == null || i.jwks == null, "jwks", "give either discoveryUrl or jwks, not both"));
export type WorkloadIdentityProviderInputs = z.infer<typeof WorkloadIdentityProviderInputs>;

/** What state holds for a workload identity provider. */
export const WorkloadIdentityProviderOutputs = z.object({
  workloadIdentityProviderId: z.string().describe("The provider id, also the resource id."),
  name: z.string(),
  issuer: z.string(),
  audience: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  attributeTransformations: z.array(z.object({ attribute: z.string(), expression: z.string() })),
  discoveryUrl: z.string().nullable(),
  jwks: z.record(z.string(), z.unknown()).nullable(),
  verificationType: z.string().describe("`discovery` or `uploaded_jwks`: how OpenAI checks a token's signature."),
  createdAt: z.number().describe("Unix seconds."),
  updatedAt: z.number().describe("Unix seconds of the last change."),
});
export type WorkloadIdentityProviderOutputs = z.infer<typeof WorkloadIdentityProviderOutputs>;

function outputs(p: WorkloadIdentityProvider): WorkloadIdentityProviderOutputs {
  const v = p.verification;
  return {
    workloadIdentityProviderId: p.id,
    name: p.name,
    issuer: p.issuer,
    audience: p.audience,
    description: p.description,
    enabled: p.enabled,
    attributeTransformations: p.attribute_transformations,
    discoveryUrl: v.type === "discovery" ? v.discovery_url : null,
    jwks: v.type === "uploaded_jwks" ? v.jwks : null,
    verificationType: v.type,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/** The body of a create or an update: every field, so an update leaves nothing as it was by omission. */
function body(i: WorkloadIdentityProviderInputs): WorkloadIdentityProviderUpdateParams {
  const verification: Verification = i.jwks ? { type: "uploaded_jwks", jwks: i.jwks } : { type: "discovery", discovery_url: i.discoveryUrl };
  return {
    name: i.name,
    issuer: i.issuer,
    audience: i.audience,
    description: i.description,
    enabled: i.enabled,
    attribute_transformations: i.attributeTransformations,
    verification,
  };
}

/** The organization's workload identity providers, as this process knows them. */
export function knownWorkloadIdentityProviders(c: AdminClient): Collection<WorkloadIdentityProvider> {
  return collection(c, "workload_identity_providers", () => workloadIdentityProviders.list(c));
}

export const workloadIdentityProvider = defineResource<WorkloadIdentityProviderInputs, WorkloadIdentityProviderOutputs>({
  type: "WorkloadIdentityProvider",
  deletesFirst: true,
  importIdForm: "<workloadIdentityProviderId>",
  lives: { path: "/organization/workload_identity_providers" },
  inputs: WorkloadIdentityProviderInputs,
  outputs: WorkloadIdentityProviderOutputs,
  replaceOn: [],
  describe: (props) => `workload identity provider "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const p = await guardedCreate({
      type: "WorkloadIdentityProvider",
      collection: knownWorkloadIdentityProviders(c),
      what: `workload identity provider "${inputs.name}"`,
      duplicates: (x) => x.issuer === inputs.issuer && x.audience === inputs.audience,
      describe: (x) => `a provider "${x.name}" for issuer ${x.issuer} and audience "${x.audience}" (${x.id})`,
      importId: (x) => x.id,
      matches: (x) => sameValue(body(inputsOf(x)), body(inputs)),
      create: () => workloadIdentityProviders.create(c, { type: "oidc", ...body(inputs) }),
      retrieve: (id) => workloadIdentityProviders.retrieve(c, id),
    });
    return { id: p.id, outs: outputs(p) };
  },

  async read(c, id) {
    return outputs(await workloadIdentityProviders.retrieveListed(c, id));
  },

  async update(c, id, _olds, inputs) {
    const p = await workloadIdentityProviders.update(c, id, body(inputs));
    knownWorkloadIdentityProviders(c).put(p);
    return outputs(p);
  },

  async delete(c, id) {
    await deleteOnceRulesAreGone(c, id);
    knownWorkloadIdentityProviders(c).remove(id);
  },
});


/**
 * Deletes the provider, waiting while the API refuses it for rules another step of the run is deleting: found by the
 * real engine, where `up --replace` of a provider and its rule sent both deletes at once. The rules are not this
 * resource's to delete (each is a FederationRule of some program, or made by hand), so the wait ends in an error
 * naming them.
 */
async function deleteOnceRulesAreGone(c: AdminClient, id: string): Promise<void> {
  // As long as the API may take to show what was just done (`openai:lostCreateWaitMs`, 20 s by default): here, the
  // rules' deletes of another step.
  const waitMs = lostCreateWaitMs() ?? 20_000;
  const started = Date.now();
  const until = started + waitMs;
  let retriedWithoutRules = false;
  for (let wait = 250; ; wait = Math.min(2 * wait, 4000)) {
    try {
      await workloadIdentityProviders.delete(c, id);
      return;
    } catch (e) {
      if (!(e instanceof AdminApiError) || e.status !== 400) throw e;
      const rules: string[] = [];
      for await (const r of federationRules.list(c, id)) rules.push(r.id);
      if (rules.length === 0) {
        // Gone since the refusal: once more at once; a second refusal with no rules is for another reason.
        if (retriedWithoutRules) throw e;
        retriedWithoutRules = true;
        continue;
      }
      if (Date.now() + wait > until) {
        throw e.withContext(
          `its rules (${rules.join(", ")}) were still there after ${((Date.now() - started) / 1000).toFixed(1)} s of waiting for them to go: delete them first ` +
            "(their FederationRule resources, or by hand); this delete never removes a rule",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The inputs that would make `p`. */
export function inputsOf(p: WorkloadIdentityProvider): WorkloadIdentityProviderInputs {
  const o = outputs(p);
  return { name: o.name, issuer: o.issuer, audience: o.audience, description: o.description, enabled: o.enabled, attributeTransformations: o.attributeTransformations, discoveryUrl: o.discoveryUrl, jwks: o.jwks as WorkloadIdentityProviderInputs["jwks"] };
}
