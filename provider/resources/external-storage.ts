/**
 * ExternalStorage: a project's customer-managed storage (a bucket or container in the customer's cloud).
 * - id: the configuration id. Replaces on: every input but `validateOnCreate` (the API has no update).
 * - create: refused before any write when the project already has a configuration of the same storage, from one
 *   listing per process; then one POST, then (unless `validateOnCreate: false`) one POST .../validate: storage
 *   OpenAI cannot reach is deleted again and the create fails naming the fields that let OpenAI reach it. After an
 *   ambiguous failure, adopts only a new configuration matching every input.
 * - delete: DELETE (the API restores the organization's default retention when the project's last one goes; the
 *   storage itself is unchanged). 404: gone / done.
 * - adopt ({ import: "extstorage_…" }): the run's listing (client/listed.ts), else one GET.
 * - No input is a credential: OpenAI reaches the storage through a role, workload identity or an app in the tenant.
 */
import { z } from "zod";
import { type AdminClient, type ExternalStorageConfiguration, externalStorage } from "../client";
import { CLOUDS, type Cloud, type CloudFields, SHAPES, cloudBody, cloudField, cloudRule, snake } from "../cloud";
import { documented, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// Each cloud's fields (the SDK's ExternalStorageCreateParams), and what lets OpenAI reach the storage, for messages.
const BY_CLOUD: Record<Cloud, CloudFields & { reach: string }> = {
  aws: { required: ["bucket", "roleArn"], reach: "roleArn (the role OpenAI assumes; its trust policy must accept the organization's id as ExternalId) and bucket" },
  azure: { required: ["accountName", "container", "resourceGroup", "subscriptionId", "tenantId"], reach: "tenantId (where OpenAI's app must be allowed), subscriptionId, resourceGroup, accountName and container" },
  gcp: {
    required: ["bucket", "workloadIdentityPoolId", "workloadIdentityProjectNumber", "workloadIdentityProviderId"],
    reach: "workloadIdentityProjectNumber, workloadIdentityPoolId and workloadIdentityProviderId (how OpenAI signs in) and bucket",
  },
  oci: { required: ["bucket", "region", "tenancyOcid"], reach: "tenancyOcid, region and bucket" },
};
const FIELDS = [...new Set(CLOUDS.flatMap((c) => BY_CLOUD[c].required))];

// The SDK class's words (sdk/external-storage.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "projectId": "The project whose data is kept in the storage. Changing it replaces the configuration.",
  "type": "Where the storage lives: `aws`, `gcp`, `azure` or `oci`. Each takes its own fields; another cloud's fields are refused. Changing it replaces the configuration.",
  "bucket": "aws, gcp, oci: the bucket.",
  "roleArn": "aws: the ARN of the IAM role OpenAI assumes (the organization's id is its ExternalId; see the externalId output).",
  "accountName": "azure: the storage account.",
  "container": "azure: the blob container.",
  "resourceGroup": "azure: the storage account's resource group.",
  "subscriptionId": "azure: the subscription.",
  "tenantId": "azure: your tenant's UUID.",
  "workloadIdentityPoolId": "gcp: the workload identity pool of the provider you registered for OpenAI.",
  "workloadIdentityProjectNumber": "gcp: the numeric GCP project number where you registered OpenAI's workload identity.",
  "workloadIdentityProviderId": "gcp: the workload identity provider you registered for OpenAI.",
  "region": "oci: the bucket's region. For the other clouds the API works the region out (the region output).",
  "tenancyOcid": "oci: your tenancy's OCID.",
  "validateOnCreate": "Ask OpenAI to reach the storage right after configuring it, and refuse (deleting the configuration again) when it cannot. Default true. Read only by the create; changing it shows no diff.",
  "(class)": "A project's customer-managed storage: a bucket or container in your cloud that OpenAI keeps the project's data in. The API cannot change a configuration: any change replaces it, deleting the old one first. A create configures the storage and asks OpenAI to reach it; storage OpenAI cannot reach is deleted again and the create fails naming the fields that let OpenAI reach it (set `validateOnCreate: false` to keep it anyway). Deleting it disconnects the storage (the storage itself is unchanged; the project's last one going restores the organization's default retention). Adopt one with `{ import: \"extstorage_…\" }`. A create is refused, before any write, when the project already has a configuration of the same storage. No input is a credential: OpenAI reaches the storage through a role, workload identity or an app in your tenant."
};

const shape = Object.fromEntries(FIELDS.map((k) => [k, cloudField(SHAPES[k as keyof typeof SHAPES] as [RegExp, string] | undefined)]));

export const ExternalStorageInputs = documented(DOCS, z.strictObject({
  projectId,
  type: z.enum(CLOUDS, { error: `must be one of ${CLOUDS.join(", ")}` }),
  ...(shape as Record<string, ReturnType<typeof cloudField>>),
  validateOnCreate: z.boolean({ error: "must be true or false" }).optional(),
})).superRefine((inputs, ctx) => cloudRule(BY_CLOUD, FIELDS)(inputs, ctx));
// The cloud fields are built from BY_CLOUD, so the inferred type does not name them.
export type ExternalStorageInputs = z.infer<typeof ExternalStorageInputs> & Record<string, unknown>;

const cloudOutputs = Object.fromEntries(FIELDS.map((k) => [k, z.string().nullable()]));

/** What state holds for external storage: the configuration as the API shows it. */
export const ExternalStorageOutputs = z.object({
  externalStorageId: z.string().describe("The configuration id, also the resource id."),
  projectId: z.string(),
  type: z.string(),
  ...(cloudOutputs as Record<string, z.ZodNullable<z.ZodString>>),
  accountId: z.string().nullable().describe("aws: the account of the role, as the API works it out."),
  externalId: z.string().nullable().describe("aws: the ExternalId OpenAI passes when it assumes the role."),
  audience: z.string().nullable().describe("gcp: the audience of the tokens OpenAI presents."),
  geography: z.string().describe("Where the project's data lives."),
  status: z.string().describe("`pending`, `validated`, `degraded` or `unhealthy`: whether OpenAI can reach the storage, as of the last refresh."),
  createdAt: z.number().describe("Unix seconds."),
});
export type ExternalStorageOutputs = z.infer<typeof ExternalStorageOutputs>;

function outputs(s: ExternalStorageConfiguration): ExternalStorageOutputs {
  const p = s.provider as Record<string, string | undefined>;
  const fields = Object.fromEntries(FIELDS.map((f) => [f, p[snake(f)] ?? null]));
  return {
    externalStorageId: s.id,
    projectId: s.project_id,
    type: s.provider.type,
    ...(fields as Record<string, string | null>),
    accountId: p.account_id ?? null,
    externalId: p.external_id ?? null,
    audience: p.audience ?? null,
    geography: s.geography,
    status: s.status,
    createdAt: s.created_at,
  };
}

/** The inputs that would make `s`, to compare with a program's (the region only where it is an input). */
export function inputsOf(s: ExternalStorageConfiguration): Record<string, unknown> {
  const o = outputs(s) as Record<string, unknown>;
  const keys = ["projectId", "type", ...BY_CLOUD[s.provider.type].required];
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** The organization's external storage configurations, as this process knows them. */
export function knownExternalStorage(c: AdminClient): Collection<ExternalStorageConfiguration> {
  return collection(c, "external_storage", () => externalStorage.list(c));
}

export const externalStorageResource = defineResource<ExternalStorageInputs, ExternalStorageOutputs>({
  type: "ExternalStorage",
  deletesFirst: true,
  importIdForm: "<externalStorageId>",
  lives: { path: "/organization/external_storage" },
  inputs: ExternalStorageInputs,
  outputs: ExternalStorageOutputs,
  replaceOn: ["projectId", "type", ...(FIELDS as Array<keyof ExternalStorageInputs & string>)],
  // For every cloud but oci the API works the region out: unset, it is not the program's to diff.
  unmanagedWhenUnset: ["region"],
  // ...and an input of oci alone: `pulumi import` answering the worked-out region would fail the inputs' own check.
  notImported: (outs) => (outs.type === "oci" ? [] : ["region"]),
  createOnly: ["validateOnCreate"],
  describe: (props) => `${String(props.type ?? "?")} external storage of project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const { validateOnCreate, ...wanted } = inputs;
    const what = `${inputs.type} external storage of project ${inputs.projectId}`;
    const s = await guardedCreate({
      type: "ExternalStorage",
      collection: knownExternalStorage(c),
      what,
      duplicates: (x) => sameValue(inputsOf(x), wanted),
      describe: (x) => `a configuration of the same ${x.provider.type} storage for the project (${x.id})`,
      importId: (x) => x.id,
      matches: (x) => sameValue(inputsOf(x), wanted),
      create: () => externalStorage.create(c, { project_id: inputs.projectId, provider: { type: inputs.type, ...cloudBody(BY_CLOUD, inputs) } }),
      retrieve: (id) => externalStorage.retrieve(c, id),
    });
    if (validateOnCreate === false) return { id: s.id, outs: outputs(s) };
    let checked: ExternalStorageConfiguration;
    try {
      checked = await externalStorage.validate(c, s.id);
    } catch (e) {
      throw await withdrawn(c, s.id, what, `asking OpenAI to reach it failed (${(e as Error).message})`);
    }
    if (checked.status !== "validated") {
      throw await withdrawn(c, s.id, what, `OpenAI could not reach the storage (status "${checked.status}"): check ${BY_CLOUD[inputs.type].reach}, and that your cloud lets OpenAI in`);
    }
    knownExternalStorage(c).put(checked);
    return { id: s.id, outs: outputs(checked) };
  },

  async read(c, id) {
    return outputs(await externalStorage.retrieveListed(c, id));
  },

  async update() {
    throw new Error("OpenAI ExternalStorage: a configuration cannot be updated; every change replaces it");
  },

  async delete(c, id) {
    await externalStorage.delete(c, id);
    knownExternalStorage(c).remove(id);
  },
});

/** Deletes a configuration this create just made and OpenAI cannot reach, and words why the create failed. */
async function withdrawn(c: AdminClient, id: string, what: string, why: string): Promise<Error> {
  const lead = `OpenAI ExternalStorage (${what}): create refused: ${why}.`;
  const skip = "Set validateOnCreate: false to keep it anyway.";
  try {
    await externalStorage.delete(c, id);
    knownExternalStorage(c).remove(id);
    return new Error(`${lead} The configuration (${id}) was deleted again. ${skip}`);
  } catch (e) {
    return new Error(`${lead} Deleting the configuration (${id}) again failed too (${(e as Error).message}): delete it, or adopt it with { import: "${id}" }. ${skip}`);
  }
}
