/**
 * ExternalKey: a customer-managed encryption key registered with the organization (EKM or PSP decryption).
 * - id: the registration id. Replaces on: every input but `validateOnCreate` (the API has no update).
 * - create: refused before any write when a registration of the same name exists, from one listing per process;
 *   then one POST, then (unless `validateOnCreate: false`) one POST .../validate: a key OpenAI cannot use is deleted
 *   again and the create fails naming the fields that let OpenAI reach it. After an ambiguous failure, adopts only a
 *   new registration matching every input.
 * - delete: DELETE (the API refuses while a project is encrypted with the key). 404: gone / done.
 * - adopt ({ import: "<id>" }): the run's listing (client/listed.ts), else one GET.
 * - No input is a credential: OpenAI reaches the key through a role, workload identity or an app in the tenant.
 */
import { z } from "zod";
import { type AdminClient, EXTERNAL_KEY_PURPOSES, type ExternalKey, type ExternalKeyCreateParams, externalKeys } from "../client";
import { CLOUDS, type Cloud, type CloudFields, SHAPES, cloudBody, snake, cloudField, cloudRule } from "../cloud";
import { documented, objectName } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// Each cloud's fields (the SDK's ExternalKeyCreateParams); the exact key version is PSP decryption's alone.
const BY_CLOUD: Record<Cloud, CloudFields & { version?: string; reach: string }> = {
  aws: { required: ["externalId", "kmsArn", "roleArn"], reach: "roleArn (the role OpenAI assumes, with externalId as its ExternalId) and kmsArn" },
  gcp: {
    required: ["audience", "kmsKeyLocation", "kmsKeyName", "kmsKeyRingName", "kmsProjectId", "workloadIdentityPoolId", "workloadIdentityProjectNumber", "workloadIdentityProviderId"],
    optional: ["kmsKeyVersion"],
    version: "kmsKeyVersion",
    reach: "workloadIdentityProjectNumber, workloadIdentityPoolId, workloadIdentityProviderId and audience (how OpenAI signs in), and kmsProjectId, kmsKeyLocation, kmsKeyRingName and kmsKeyName",
  },
  azure: { required: ["keyName", "tenantId", "vaultUri"], optional: ["keyVersion"], version: "keyVersion", reach: "tenantId (where OpenAI's app must be allowed), vaultUri and keyName" },
  oci: { required: ["keyOcid", "region", "vaultOcid"], optional: ["keyVersionOcid"], version: "keyVersionOcid", reach: "region, vaultOcid and keyOcid" },
};
const FIELDS = [...new Set(CLOUDS.flatMap((c) => [...BY_CLOUD[c].required, ...(BY_CLOUD[c].optional ?? [])]))];

// The SDK class's words (sdk/external-key.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "name": "A name to know the registration by. Changing it replaces the registration.",
  "type": "Where the key lives: `aws`, `gcp`, `azure` or `oci`. Each takes its own fields; another cloud's fields are refused. Changing it replaces the registration.",
  "purpose": "`ekm` (encrypting the organization's data) or `psp_decryption`. Default `ekm`. Changing it replaces the registration.",
  "externalId": "aws: the ExternalId OpenAI passes when it assumes the role: the organization's id or one of its projects' ids.",
  "kmsArn": "aws: the ARN of the KMS key.",
  "roleArn": "aws: the ARN of the IAM role OpenAI assumes to use the key.",
  "audience": "gcp: the audience of the identity token OpenAI passes to your GCP STS: the organization's id or one of its projects' ids.",
  "kmsKeyLocation": "gcp: the region of the key.",
  "kmsKeyName": "gcp: the key's name.",
  "kmsKeyRingName": "gcp: the key ring.",
  "kmsProjectId": "gcp: the GCP project id that holds the key.",
  "kmsKeyVersion": "gcp: an exact CryptoKeyVersion; required for `psp_decryption`, refused for `ekm`.",
  "workloadIdentityPoolId": "gcp: the workload identity pool of the provider you registered for OpenAI.",
  "workloadIdentityProjectNumber": "gcp: the numeric GCP project number where you registered OpenAI's workload identity.",
  "workloadIdentityProviderId": "gcp: the workload identity provider you registered for OpenAI.",
  "keyName": "azure: the name of the Key Vault key.",
  "tenantId": "azure: your tenant's UUID.",
  "vaultUri": "azure: the https URI of the Key Vault.",
  "keyVersion": "azure: an exact key version; required for `psp_decryption`, refused for `ekm`.",
  "keyOcid": "oci: the Vault key's OCID.",
  "region": "oci: the region of the vault.",
  "vaultOcid": "oci: the Vault's OCID.",
  "keyVersionOcid": "oci: an exact key version OCID; required for `psp_decryption`, refused for `ekm`.",
  "validateOnCreate": "Ask OpenAI to use the key right after registering it, and refuse (deleting the registration again) when it cannot. Default true. Read only by the create; changing it shows no diff.",
  "(class)": "A customer-managed encryption key registered with the organization (EKM, or PSP decryption). The API cannot change a registration: any change replaces it, deleting the old one first. A create registers the key and asks OpenAI to use it; a key OpenAI cannot use is deleted again and the create fails naming the fields that let OpenAI reach it (set `validateOnCreate: false` to register it anyway). Deleting it deletes the registration; the API refuses while a project is encrypted with the key. Adopt one with `{ import: \"<id>\" }`. A create is refused, before any write, when a registration of the same name exists. No input is a credential: OpenAI reaches the key through a role, workload identity or an app in your tenant."
};

const shape = Object.fromEntries(FIELDS.map((k) => [k, cloudField(SHAPES[k as keyof typeof SHAPES] as [RegExp, string] | undefined)]));

export const ExternalKeyInputs = documented(DOCS, z.strictObject({
  name: objectName.max(255, "must be at most 255 characters"),
  type: z.enum(CLOUDS, { error: `must be one of ${CLOUDS.join(", ")}` }),
  purpose: z.enum(EXTERNAL_KEY_PURPOSES, { error: `must be one of ${EXTERNAL_KEY_PURPOSES.join(", ")}` }).default("ekm"),
  ...(shape as Record<string, ReturnType<typeof cloudField>>),
  validateOnCreate: z.boolean({ error: "must be true or false" }).optional(),
})).superRefine((inputs, ctx) => {
  cloudRule(BY_CLOUD, FIELDS)(inputs, ctx);
  const version = BY_CLOUD[inputs.type]?.version;
  if (!version) return;
  const all = inputs as Record<string, unknown>;
  if (inputs.purpose === "psp_decryption" && all[version] === undefined) ctx.addIssue({ code: "custom", path: [version], message: "is required when purpose is psp_decryption" });
  if (inputs.purpose === "ekm" && all[version] !== undefined) ctx.addIssue({ code: "custom", path: [version], message: "is accepted only when purpose is psp_decryption" });
});
// The cloud fields are built from BY_CLOUD, so the inferred type does not name them.
export type ExternalKeyInputs = z.infer<typeof ExternalKeyInputs> & Record<string, unknown>;

const cloudOutputs = Object.fromEntries(FIELDS.map((k) => [k, z.string().nullable()]));

/** What state holds for an external key: the registration as the API shows it. */
export const ExternalKeyOutputs = z.object({
  externalKeyId: z.string().describe("The registration id, also the resource id."),
  name: z.string(),
  type: z.string(),
  purpose: z.string(),
  ...(cloudOutputs as Record<string, z.ZodNullable<z.ZodString>>),
  apiProjectIds: z.array(z.string()).describe("The projects encrypted with this key."),
  workspaceId: z.string().describe("The workspace the key belongs to."),
  validationStatus: z.string().nullable().describe("What OpenAI answered when asked to use the key at creation; null when not asked (adopted, or `validateOnCreate: false`)."),
  createdAt: z.number().describe("Unix seconds."),
});
export type ExternalKeyOutputs = z.infer<typeof ExternalKeyOutputs>;

// The words of a validate answer taken for "OpenAI can use it". The SDK types the status as a plain string; any other
// word fails the create, said with the API's own word, and `validateOnCreate: false` skips the check.
const USABLE = new Set(["valid", "validated", "success", "succeeded", "ok", "active"]);

function outputs(k: ExternalKey, validationStatus: string | null): ExternalKeyOutputs {
  const fields = Object.fromEntries(FIELDS.map((f) => [f, (k as Record<string, unknown>)[snake(f)] ?? null]));
  return {
    externalKeyId: k.id,
    name: k.name,
    type: k.type,
    // A registration made before purposes existed says none: it is an EKM key, the API's default.
    purpose: k.purpose ?? "ekm",
    ...(fields as Record<string, string | null>),
    apiProjectIds: k.api_project_ids,
    workspaceId: k.workspace_id,
    validationStatus,
    createdAt: k.created_at,
  };
}

/** The inputs that would make `k`, to compare with a program's. */
export function inputsOf(k: ExternalKey): Record<string, unknown> {
  const o = outputs(k, null) as Record<string, unknown>;
  return Object.fromEntries(["name", "type", "purpose", ...FIELDS].map((f) => [f, o[f]]));
}

/** The organization's external keys, as this process knows them. */
export function knownExternalKeys(c: AdminClient): Collection<ExternalKey> {
  return collection(c, "external_keys", () => externalKeys.list(c));
}

export const externalKey = defineResource<ExternalKeyInputs, ExternalKeyOutputs>({
  type: "ExternalKey",
  deletesFirst: true,
  importIdForm: "<externalKeyId>",
  lives: { path: "/organization/external_keys" },
  inputs: ExternalKeyInputs,
  outputs: ExternalKeyOutputs,
  replaceOn: ["name", "type", "purpose", ...(FIELDS as Array<keyof ExternalKeyInputs & string>)],
  createOnly: ["validateOnCreate"],
  describe: (props) => `external key "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const { validateOnCreate, ...wanted } = inputs;
    const what = `external key "${inputs.name}"`;
    const k = await guardedCreate({
      type: "ExternalKey",
      collection: knownExternalKeys(c),
      what,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `an external key named "${x.name}" (${x.id})`,
      importId: (x) => x.id,
      matches: (x) => sameValue(inputsOf(x), wanted),
      create: () => externalKeys.create(c, { type: inputs.type, name: inputs.name, purpose: inputs.purpose, ...cloudBody(BY_CLOUD, inputs) } as ExternalKeyCreateParams),
      retrieve: (id) => externalKeys.retrieve(c, id),
    });
    if (validateOnCreate === false) return { id: k.id, outs: outputs(k, null) };
    let status: string;
    try {
      status = (await externalKeys.validate(c, k.id)).status;
    } catch (e) {
      throw await withdrawn(c, k, what, `asking OpenAI to use it failed (${(e as Error).message})`);
    }
    if (!USABLE.has(status.toLowerCase())) {
      throw await withdrawn(c, k, what, `OpenAI could not use the key (validation answered "${status}"): check ${BY_CLOUD[inputs.type].reach}, and that your cloud lets OpenAI use the key`);
    }
    return { id: k.id, outs: outputs(k, status) };
  },

  async read(c, id, outs) {
    return outputs(await externalKeys.retrieveListed(c, id), outs.validationStatus ?? null);
  },

  async adopt(c, id) {
    const k = await externalKeys.retrieveListed(c, id);
    return { id: k.id, outs: outputs(k, null) };
  },

  async update() {
    throw new Error("OpenAI ExternalKey: a registration cannot be updated; every change replaces it");
  },

  async delete(c, id) {
    await externalKeys.delete(c, id);
    knownExternalKeys(c).remove(id);
  },
});

/** Deletes a registration this create just made and OpenAI cannot use, and words why the create failed. */
async function withdrawn(c: AdminClient, k: ExternalKey, what: string, why: string): Promise<Error> {
  const lead = `OpenAI ExternalKey (${what}): create refused: ${why}.`;
  const skip = "Set validateOnCreate: false to register it anyway.";
  try {
    await externalKeys.delete(c, k.id);
    knownExternalKeys(c).remove(k.id);
    return new Error(`${lead} The registration (${k.id}) was deleted again. ${skip}`);
  } catch (e) {
    return new Error(`${lead} Deleting the registration (${k.id}) again failed too (${(e as Error).message}): delete it, or adopt it with { import: "${k.id}" }. ${skip}`);
  }
}
