/**
 * Customer-managed storage a project keeps its data in. Only in the official SDK's types (openai 7.60.0,
 * resources/admin/organization/external-storage.d.ts); the shapes follow the SDK.
 *
 * A configuration holds no secret: OpenAI reaches the bucket by a role, an app in the tenant or workload identity.
 * It starts `pending`; validation asks the cloud (here: the unreachable list of ./external-keys) and leaves it
 * `validated` or `unhealthy`. There is no update.
 */
import { z } from "zod";
import { ApiError } from "./errors";
import { reachable, text } from "./external-keys";
import type { Org } from "./org";
import { writableProject } from "./projects";
import type { Family } from "./router";
import { fields, oneOf, required } from "./validate";

const TYPES = ["aws", "gcp", "azure", "oci"] as const;
type StorageType = (typeof TYPES)[number];

// What a create takes for each cloud.
const INPUTS: Record<StorageType, string[]> = {
  aws: ["bucket", "role_arn"],
  azure: ["account_name", "container", "resource_group", "subscription_id", "tenant_id"],
  gcp: ["bucket", "workload_identity_pool_id", "workload_identity_project_number", "workload_identity_provider_id"],
  oci: ["bucket", "region", "tenancy_ocid"],
};

const configSchema = z.object({
  id: z.string(),
  object: z.literal("organization.external_storage"),
  project_id: z.string(),
  created_at: z.number(),
  geography: z.string(),
  status: z.enum(["pending", "validated", "degraded", "unhealthy"]),
  provider: z.looseObject({ type: z.enum(TYPES) }),
});
const shape = { externalStorage: z.array(configSchema).default([]) };
type Config = z.infer<typeof configSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** What the API shows of a provider: what was sent, and what it works out from it (the account, the region…). */
function providerOf(body: unknown): Config["provider"] {
  const type = oneOf(required(fields(body, Object.keys(body ?? {}), "provider"), "type", "provider.type"), TYPES, "provider.type");
  const b = fields(body, ["type", ...INPUTS[type]], "provider");
  const sent: Record<string, string> = {};
  for (const key of INPUTS[type]) sent[key] = text(b, key, `provider.${key}`);
  switch (type) {
    case "aws":
      // The account is the role's; OpenAI passes the organization's id as the ExternalId when it assumes the role.
      return { type, ...sent, account_id: sent.role_arn.split(":")[4], external_id: "org-emulator", region: "us-east-1" };
    case "azure":
      return { type, ...sent, region: "eastus" };
    case "gcp":
      return { type, ...sent, audience: `//iam.googleapis.com/projects/${sent.workload_identity_project_number}/locations/global/workloadIdentityPools/${sent.workload_identity_pool_id}/providers/${sent.workload_identity_provider_id}`, region: "us" };
    case "oci":
      return { type, ...sent };
  }
}

function stored(org: Org, id: string): Config {
  const c = own(org).externalStorage.find((x) => x.id === id);
  if (!c) throw new ApiError(404, `No external storage configuration found with id '${id}'.`);
  return c;
}

const LIST = "/organization/external_storage";

/** External storage configurations of the organization's projects. */
export const externalStorage: Family = {
  state: shape,
  fresh: () => ({ externalStorage: [] }),
  routes: {
    [`GET ${LIST}`]: ({ org, query }) => {
      const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
      const project = query.get("project_id");
      const configs = own(org).externalStorage.filter((c) => project === null || c.project_id === project);
      return org.page(order === "asc" ? configs : [...configs].reverse(), query);
    },
    [`POST ${LIST}`]: ({ org, body }) => {
      const b = fields(body, ["project_id", "provider"]);
      const projectId = required(b, "project_id");
      if (typeof projectId !== "string") throw new ApiError(400, "Invalid value for 'project_id': expected a project id.", "project_id");
      const project = writableProject(org, projectId, "modify");
      const provider = providerOf(required(b, "provider"));
      const config: Config = {
        id: org.newId("extstorage_"), object: "organization.external_storage", project_id: project.id, created_at: org.now(),
        geography: project.residency ?? "US", status: "pending", provider,
      };
      own(org).externalStorage.push(config);
      return config;
    },
    [`GET ${LIST}/{external_storage_id}`]: ({ org, params }) => stored(org, params.external_storage_id),
    [`DELETE ${LIST}/{external_storage_id}`]: ({ org, params }) => {
      const c = stored(org, params.external_storage_id);
      own(org).externalStorage = own(org).externalStorage.filter((x) => x !== c);
      return { id: c.id, object: "organization.external_storage.deleted", deleted: true };
    },
    [`POST ${LIST}/{external_storage_id}/validate`]: ({ org, params }) => {
      const c = stored(org, params.external_storage_id);
      c.status = reachable(org, c.provider) ? "validated" : "unhealthy";
      return c;
    },
  },
};
