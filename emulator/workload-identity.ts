/**
 * Workload identity federation: OIDC providers the organization trusts, and each provider's federation rules, which
 * let a token whose attributes match act as a project's service account. Only in the official SDK's types (openai
 * 7.60.0, resources/admin/organization/workload-identity-providers/**); shapes and limits follow the SDK and
 * OpenAI's API reference (attribute transformations: at most 20, attribute ≤ 256 and expression ≤ 4096 characters;
 * restricted permissions: at least one scope).
 *
 * Updates change only the fields sent. A provider with rules cannot be deleted (the SDK: "delete a provider after
 * deleting all its federation rules"). An uploaded JWKS must hold public keys only: a private member is refused
 * without being repeated back.
 */
import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject } from "./projects";
import type { Family } from "./router";
import { type Body, fields, invalid, isObject, nullableString, oneOf, required } from "./validate";

const providerSchema = z.looseObject({ id: z.string(), name: z.string(), issuer: z.string(), audience: z.string(), updated_at: z.number() });
const ruleSchema = z.looseObject({ id: z.string(), workload_identity_provider_id: z.string(), service_account_id: z.string(), updated_at: z.number() });
const shape = {
  workloadIdentityProviders: z.array(providerSchema).default([]),
  // Each provider's rules, by provider id.
  federationRules: z.record(z.string(), z.array(ruleSchema)).default({}),
};
type Provider = z.infer<typeof providerSchema>;
type Rule = z.infer<typeof ruleSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

// JWK members that only a private (or symmetric) key has (RFC 7518 section 6).
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

function nonEmpty(value: unknown, param: string, max?: number): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(param, "expected a non-empty string");
  if (max !== undefined && value.length > max) throw invalid(param, `expected at most ${max} characters`);
  return value;
}

function bool(value: unknown, param: string): boolean {
  if (typeof value !== "boolean") throw invalid(param, "expected true or false");
  return value;
}

function transformations(value: unknown): Array<{ attribute: string; expression: string }> {
  if (!Array.isArray(value) || value.length > 20) throw invalid("attribute_transformations", "expected a list of at most 20 transformations");
  return value.map((t, i) => {
    const b = fields(t, ["attribute", "expression"], `attribute_transformations.${i}`);
    return {
      attribute: nonEmpty(required(b, "attribute", `attribute_transformations.${i}.attribute`), `attribute_transformations.${i}.attribute`, 256),
      expression: nonEmpty(required(b, "expression", `attribute_transformations.${i}.expression`), `attribute_transformations.${i}.expression`, 4096),
    };
  });
}

function verification(value: unknown): Record<string, unknown> {
  const type = oneOf(isObject(value) ? value.type : undefined, ["discovery", "uploaded_jwks"], "verification.type");
  if (type === "discovery") {
    const b = fields(value, ["type", "discovery_url"], "verification");
    const url = nullableString(b.discovery_url, "verification.discovery_url") ?? null;
    if (url !== null && !/^https:\/\/\S+$/.test(url)) throw invalid("verification.discovery_url", "expected an https URL");
    return { type, discovery_url: url };
  }
  const b = fields(value, ["type", "jwks"], "verification");
  const jwks = required(b, "jwks", "verification.jwks");
  const keys = isObject(jwks) ? jwks.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every(isObject)) throw invalid("verification.jwks", "expected a JWKS: an object whose keys list holds at least one JWK");
  keys.forEach((k, i) => {
    if (typeof k.kty !== "string") throw invalid(`verification.jwks.keys.${i}.kty`, "expected the key type");
    const secret = PRIVATE_MEMBERS.find((m) => m in k);
    if (secret) throw invalid(`verification.jwks.keys.${i}.${secret}`, "a JWKS for verification holds public keys only; this member belongs to a private key");
  });
  return { type, jwks };
}

/** The fields of a provider in `b` (all of them for a create, those sent for an update). */
function providerFields(b: Body, create: boolean): Partial<Provider> {
  const out: Record<string, unknown> = {};
  if (create) out.type = oneOf(required(b, "type"), ["oidc"], "type");
  for (const key of ["name", "issuer", "audience"]) {
    if (create || b[key] != null) out[key] = nonEmpty(create ? required(b, key) : b[key], key);
  }
  if (typeof out.issuer === "string" && !/^https:\/\/\S+$/.test(out.issuer)) throw invalid("issuer", "expected the issuer's https URL");
  const description = nullableString(b.description, "description");
  if (description !== undefined || create) out.description = description ?? null;
  if (b.enabled != null) out.enabled = bool(b.enabled, "enabled");
  else if (create) out.enabled = true;
  if (b.attribute_transformations != null) out.attribute_transformations = transformations(b.attribute_transformations);
  else if (create) out.attribute_transformations = [];
  if (b.verification != null) out.verification = verification(b.verification);
  else if (create) out.verification = { type: "discovery", discovery_url: null };
  return out as Partial<Provider>;
}

function permissions(value: unknown): Record<string, unknown> {
  const type = oneOf(isObject(value) ? value.type : undefined, ["service_account_default", "restricted"], "permissions.type");
  if (type === "service_account_default") return { type: fields(value, ["type"], "permissions").type };
  const scopes = required(fields(value, ["type", "scopes"], "permissions"), "scopes", "permissions.scopes");
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === "string" && s.trim() !== "")) {
    throw invalid("permissions.scopes", "expected a non-empty list of scopes");
  }
  return { type, scopes: [...scopes] };
}

function matchers(value: unknown): Record<string, string | number | boolean> {
  if (!isObject(value) || Object.keys(value).length === 0) throw invalid("attribute_matchers", "expected an object of at least one attribute and the value it must have");
  for (const [k, v] of Object.entries(value)) {
    if (!["string", "number", "boolean"].includes(typeof v)) throw invalid(`attribute_matchers.${k}`, "expected a string, number or boolean");
  }
  return { ...(value as Record<string, string | number | boolean>) };
}

/** The fields of a rule in `b` (all of them for a create, those sent for an update). */
function ruleFields(b: Body, create: boolean): Partial<Rule> {
  const out: Record<string, unknown> = {};
  if (create || b.attribute_matchers != null) out.attribute_matchers = matchers(create ? required(b, "attribute_matchers") : b.attribute_matchers);
  for (const key of ["name", "description"]) {
    const v = nullableString(b[key], key);
    if (v !== undefined || create) out[key] = v ?? null;
  }
  if (b.enabled != null) out.enabled = bool(b.enabled, "enabled");
  else if (create) out.enabled = true;
  if (b.permissions != null) out.permissions = permissions(b.permissions);
  else if (create) out.permissions = { type: "service_account_default" };
  return out as Partial<Rule>;
}

function provider(org: Org, id: string): Provider {
  const p = own(org).workloadIdentityProviders.find((x) => x.id === id);
  if (!p) throw new ApiError(404, `No workload identity provider found with id '${id}'.`);
  return p;
}

function rule(org: Org, providerId: string, id: string): Rule {
  provider(org, providerId);
  const r = own(org).federationRules[providerId]?.find((x) => x.id === id);
  if (!r) throw new ApiError(404, `No federation rule found with id '${id}'.`);
  return r;
}

function listed<T extends { id: string }>(org: Org, items: T[], query: URLSearchParams) {
  const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
  return org.page(order === "asc" ? items : [...items].reverse(), query);
}

const PROVIDERS = "/organization/workload_identity_providers";
const RULES = `${PROVIDERS}/{workload_identity_provider_id}/federation_rules`;

/** OIDC providers and their federation rules to project service accounts. */
export const workloadIdentity: Family = {
  state: shape,
  fresh: () => ({ workloadIdentityProviders: [], federationRules: {} }),
  routes: {
    [`GET ${PROVIDERS}`]: ({ org, query }) => listed(org, own(org).workloadIdentityProviders, query),
    [`POST ${PROVIDERS}`]: ({ org, body }) => {
      const b = fields(body, ["type", "name", "issuer", "audience", "description", "enabled", "attribute_transformations", "verification"]);
      const checked = providerFields(b, true);
      const now = org.now();
      const p = { id: org.newId("wip_"), object: "organization.workload_identity_provider", ...checked, created_at: now, updated_at: now } as Provider;
      own(org).workloadIdentityProviders.push(p);
      return p;
    },
    [`GET ${PROVIDERS}/{workload_identity_provider_id}`]: ({ org, params }) => provider(org, params.workload_identity_provider_id),
    [`POST ${PROVIDERS}/{workload_identity_provider_id}`]: ({ org, params, body }) => {
      const p = provider(org, params.workload_identity_provider_id);
      const b = fields(body, ["name", "issuer", "audience", "description", "enabled", "attribute_transformations", "verification"]);
      return Object.assign(p, providerFields(b, false), { updated_at: org.now() });
    },
    [`DELETE ${PROVIDERS}/{workload_identity_provider_id}`]: ({ org, params }) => {
      const p = provider(org, params.workload_identity_provider_id);
      const rules = own(org).federationRules[p.id] ?? [];
      if (rules.length > 0) throw new ApiError(400, `Workload identity provider '${p.id}' still has ${rules.length} federation rule(s); delete them first.`);
      own(org).workloadIdentityProviders = own(org).workloadIdentityProviders.filter((x) => x !== p);
      delete own(org).federationRules[p.id];
      return { id: p.id, object: "organization.workload_identity_provider.deleted", deleted: true };
    },

    [`GET ${RULES}`]: ({ org, params, query }) => {
      const p = provider(org, params.workload_identity_provider_id);
      const account = query.get("service_account_id");
      return listed(org, (own(org).federationRules[p.id] ?? []).filter((r) => account === null || r.service_account_id === account), query);
    },
    [`POST ${RULES}`]: ({ org, params, body }) => {
      const p = provider(org, params.workload_identity_provider_id);
      const b = fields(body, ["project_id", "service_account_id", "attribute_matchers", "name", "description", "enabled", "permissions"]);
      const projectId = nonEmpty(required(b, "project_id"), "project_id");
      if (getProject(org, projectId).status === "archived") throw new ApiError(400, "Cannot modify an archived project.");
      const accountId = nonEmpty(required(b, "service_account_id"), "service_account_id");
      const accounts = (org.state as { serviceAccounts: Record<string, Array<{ id: string }>> }).serviceAccounts[projectId] ?? [];
      if (!accounts.some((a) => a.id === accountId)) throw invalid("service_account_id", `expected a service account of project '${projectId}'`);
      const checked = ruleFields(b, true);
      const now = org.now();
      const r = {
        id: org.newId("wifr_"), object: "organization.workload_identity_federation_rule", workload_identity_provider_id: p.id,
        project_id: projectId, service_account_id: accountId, ...checked, created_at: now, updated_at: now,
      } as Rule;
      (own(org).federationRules[p.id] ??= []).push(r);
      return r;
    },
    [`GET ${RULES}/{workload_identity_federation_rule_id}`]: ({ org, params }) =>
      rule(org, params.workload_identity_provider_id, params.workload_identity_federation_rule_id),
    [`POST ${RULES}/{workload_identity_federation_rule_id}`]: ({ org, params, body }) => {
      const r = rule(org, params.workload_identity_provider_id, params.workload_identity_federation_rule_id);
      const b = fields(body, ["attribute_matchers", "name", "description", "enabled", "permissions"]);
      return Object.assign(r, ruleFields(b, false), { updated_at: org.now() });
    },
    [`DELETE ${RULES}/{workload_identity_federation_rule_id}`]: ({ org, params }) => {
      const r = rule(org, params.workload_identity_provider_id, params.workload_identity_federation_rule_id);
      own(org).federationRules[r.workload_identity_provider_id] = own(org).federationRules[r.workload_identity_provider_id].filter((x) => x !== r);
      return { id: r.id, object: "organization.workload_identity_federation_rule.deleted", deleted: true };
    },
  },
};
