/**
 * Customer-managed encryption keys (EKM) registered with the organization, and the emulator's stand-in for the
 * customer's cloud: which of its resources OpenAI cannot reach. Only in the official SDK's types (openai 7.60.0,
 * resources/admin/organization/external-keys.d.ts), not in OpenAI's OpenAPI description; the shapes follow the SDK.
 *
 * A registration holds no secret: OpenAI reaches the key by assuming a role (AWS), by workload identity (GCP), or
 * as an app in the tenant (Azure, OCI). Validation asks the cloud; here, the cloud refuses whatever names a value
 * put on the unreachable list (`POST /__emulator/unreachable`).
 */
import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { findProject } from "./projects";
import type { Family } from "./router";
import { type Body, fields, invalid, oneOf, required } from "./validate";

const TYPES = ["aws", "gcp", "azure", "oci"] as const;
type KeyType = (typeof TYPES)[number];
const PURPOSES = ["ekm", "psp_decryption"] as const;

// Each cloud's fields, and the one naming an exact key version: required for PSP decryption, refused for EKM.
const CLOUD: Record<KeyType, { required: string[]; version?: string }> = {
  aws: { required: ["external_id", "kms_arn", "role_arn"] },
  gcp: {
    required: ["audience", "kms_key_location", "kms_key_name", "kms_key_ring_name", "kms_project_id", "workload_identity_pool_id", "workload_identity_project_number", "workload_identity_provider_id"],
    version: "kms_key_version",
  },
  azure: { required: ["key_name", "tenant_id", "vault_uri"], version: "key_version" },
  oci: { required: ["key_ocid", "region", "vault_ocid"], version: "key_version_ocid" },
};

// A few shapes the clouds insist on, so a pasted wrong value is refused as the real API would refuse it.
const SHAPES: Record<string, [RegExp, string]> = {
  role_arn: [/^arn:aws:iam::\d{12}:role\/.+$/, "expected an IAM role ARN like arn:aws:iam::123456789012:role/name"],
  kms_arn: [/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/.+$/, "expected a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/id"],
  vault_uri: [/^https:\/\/.+/, "expected the vault's https URI"],
  workload_identity_project_number: [/^\d+$/, "expected the numeric GCP project number"],
};

const keySchema = z.looseObject({ id: z.string(), name: z.string(), type: z.enum(TYPES), created_at: z.number() });
const shape = {
  externalKeys: z.array(keySchema).default([]),
  // Values (an ARN, a bucket, a vault URI…) the customer's cloud refuses OpenAI: validation of a config naming one fails.
  unreachable: z.array(z.string()).default([]),
};
type Stored = z.infer<typeof keySchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** Whether the customer's cloud lets OpenAI use every value of a config (the control list above). */
export function reachable(org: Org, config: Record<string, unknown>): boolean {
  return !Object.values(config).some((v) => typeof v === "string" && own(org).unreachable.includes(v));
}

/** A string the API requires to be non-empty. */
export function text(body: Body, key: string, param = key): string {
  const v = required(body, key, param);
  if (typeof v !== "string" || v.trim() === "") throw invalid(param, "expected a non-empty string");
  const rule = SHAPES[key];
  if (rule && !rule[0].test(v)) throw invalid(param, rule[1]);
  return v;
}

/** The org's id or one of its projects': what AWS's ExternalId and GCP's audience must be. */
function ownId(org: Org, value: string, param: string): string {
  if (!value.startsWith("org-") && !findProject(org, value)) throw invalid(param, "expected the organization's id or the id of one of its projects");
  return value;
}

function keyFields(org: Org, body: unknown): { name: string; type: KeyType } & Record<string, string> {
  const type = oneOf(required(fields(body, Object.keys(body ?? {})), "type"), TYPES, "type");
  const cloud = CLOUD[type];
  const b = fields(body, ["type", "name", "purpose", ...cloud.required, ...(cloud.version ? [cloud.version] : [])]);
  const purpose = b.purpose == null ? "ekm" : oneOf(b.purpose, PURPOSES, "purpose");
  const out: Record<string, string> = { name: text(b, "name") };
  for (const key of cloud.required) out[key] = text(b, key);
  if (type === "aws") ownId(org, out.external_id, "external_id");
  if (type === "gcp") ownId(org, out.audience, "audience");
  if (cloud.version) {
    if (purpose === "psp_decryption") out[cloud.version] = text(b, cloud.version);
    else if (b[cloud.version] != null) throw invalid(cloud.version, "an exact key version is accepted only for purpose psp_decryption");
  }
  return { ...out, name: out.name, type, purpose };
}

function stored(org: Org, id: string): Stored {
  const k = own(org).externalKeys.find((x) => x.id === id);
  if (!k) throw new ApiError(404, `No external key found with id '${id}'.`);
  return k;
}

// The projects encrypted with a key are the projects naming it; the workspace is the organization's own.
function view(org: Org, k: Stored) {
  const projects = (org.state as { projects: Array<{ id: string; external_key_id: string | null }> }).projects;
  return {
    ...k,
    object: "organization.external_key",
    workspace_id: "org-emulator",
    api_project_ids: projects.filter((p) => p.external_key_id === k.id).map((p) => p.id),
  };
}

const LIST = "/organization/external_keys";

/** External key registrations; there is no update: a changed key is a new registration. */
export const externalKeys: Family = {
  state: shape,
  fresh: () => ({ externalKeys: [], unreachable: [] }),
  routes: {
    [`GET ${LIST}`]: ({ org, query }) => {
      const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
      const purpose = query.get("purpose") === null ? undefined : oneOf(query.get("purpose"), PURPOSES, "purpose");
      const keys = own(org).externalKeys.filter((k) => purpose === undefined || k.purpose === purpose).map((k) => view(org, k));
      return org.page(order === "asc" ? keys : keys.reverse(), query);
    },
    [`POST ${LIST}`]: ({ org, body }) => {
      const checked = keyFields(org, body);
      const k: Stored = { id: org.newId("extkey_"), created_at: org.now(), ...checked };
      own(org).externalKeys.push(k);
      return view(org, k);
    },
    [`GET ${LIST}/{external_key_id}`]: ({ org, params }) => view(org, stored(org, params.external_key_id)),
    // The SDK types the answer as the key itself, not a `.deleted` object.
    [`DELETE ${LIST}/{external_key_id}`]: ({ org, params }) => {
      const k = stored(org, params.external_key_id);
      const shown = view(org, k);
      if (shown.api_project_ids.length > 0) {
        throw new ApiError(400, `External key '${k.id}' still encrypts project(s) ${shown.api_project_ids.join(", ")}; move them to another key first.`);
      }
      own(org).externalKeys = own(org).externalKeys.filter((x) => x !== k);
      return shown;
    },
    [`POST ${LIST}/{external_key_id}/validate`]: ({ org, params }) => ({ status: reachable(org, stored(org, params.external_key_id)) ? "valid" : "invalid" }),
  },
  control: {
    /** The customer's cloud stops letting OpenAI use `value` (a role, key, bucket…); validation naming it fails. */
    "POST /__emulator/unreachable": ({ org, body }) => {
      const value = required(fields(body, ["value"]), "value");
      if (typeof value !== "string") throw invalid("value", "expected a string");
      if (!own(org).unreachable.includes(value)) own(org).unreachable.push(value);
      return { unreachable: own(org).unreachable };
    },
  },
};
