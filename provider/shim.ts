import type { ResourceHandler } from "./handler";

/** The resource types this package provides, by the name users see. */
export type ResourceType =
  | "Project"
  | "ProjectModelPermissions"
  | "SpendAlert"
  | "DataRetention"
  | "Invite"
  | "ProjectUser"
  | "ProjectServiceAccount"
  | "ProjectRateLimit"
  | "OrganizationUser"
  | "AdminApiKey"
  | "OrganizationSpendAlert"
  | "OrganizationSpendLimit"
  | "ProjectSpendLimit"
  | "OrganizationDataRetention"
  | "Group"
  | "GroupMember"
  | "OrganizationRole"
  | "OrganizationRoleAssignment"
  | "ProjectGroup"
  | "ProjectRole"
  | "ProjectRoleAssignment"
  | "ExternalKey"
  | "ExternalStorage"
  | "WorkloadIdentityProvider"
  | "FederationRule"
  | "Certificate"
  | "ProjectHostedToolPermissions"
  | "ProjectServiceTierSettings";

/**
 * The resources replaced by deleting the old object first. Written once: the SDK classes set the resource option
 * from it (the engine never asks Diff about a `--replace`) and the provider's diff answers it.
 *
 * They are the objects the API makes anew on each create, whose creates the duplicate guard watches. A replacement
 * cannot be told from a duplicate when it is made: for `pulumi up --replace` the engine checks the new inputs with
 * no old ones and skips Diff (pkg/resource/deploy/step_generator.go), so nothing tells the provider which object is
 * being replaced. Deleting first removes the object before its successor's create looks for duplicates. Where the
 * replacement is asked by a diff, the diff first checks that the successor can be made (its project exists).
 *
 * Every keyed object (a policy, a limit, a membership, a person's role) is replaced create-before-delete instead:
 * the new resource takes the object over and the old one's delete then leaves it (ownership.ts), so a policy is
 * never lifted in between, and a replacement that cannot be made fails before anything is removed.
 */
export const DELETES_FIRST: ReadonlySet<ResourceType> = new Set<ResourceType>([
  "Project",
  "SpendAlert",
  "Invite",
  "ProjectServiceAccount",
  "AdminApiKey",
  "OrganizationSpendAlert",
  "Group",
  "OrganizationRole",
  "ProjectRole",
  "ExternalKey",
  "ExternalStorage",
  "WorkloadIdentityProvider",
  "FederationRule",
  "Certificate",
]);

/** The shape `pulumi.dynamic.Resource` expects, without importing Pulumi into the provider. */
export interface ShimProvider extends ResourceHandler {
  configure(req: { config: { get(key: string): string | undefined } }): Promise<void>;
}

const shims = new Map<ResourceType, ShimProvider>();

/**
 * The provider object handed to `pulumi.dynamic.Resource`. Pulumi serializes it as source text into
 * the `__provider` input and the state, copying whatever it captures; so it captures nothing but the
 * type name, and each method requires the installed package's handlers when it runs. That keeps the
 * key, the client and the schemas out of state, and lets `refresh` and `destroy` run the installed
 * handlers rather than code frozen in an old state. One object per type, because Pulumi caches the
 * serialized text per object.
 */
export function shim(type: ResourceType): ShimProvider {
  let provider = shims.get(type);
  if (!provider) {
    provider = {
      configure: async (req) => require("pulumi-openai-admin/provider").configure(req.config),
      check: (olds, news) => require("pulumi-openai-admin/provider").resources[type].check(olds, news),
      diff: (id, olds, news) => require("pulumi-openai-admin/provider").resources[type].diff(id, olds, news),
      create: (inputs) => require("pulumi-openai-admin/provider").resources[type].create(inputs),
      read: (id, props) => require("pulumi-openai-admin/provider").resources[type].read(id, props),
      update: (id, olds, news) => require("pulumi-openai-admin/provider").resources[type].update(id, olds, news),
      delete: (id, props) => require("pulumi-openai-admin/provider").resources[type].delete(id, props),
    };
    shims.set(type, provider);
  }
  return provider;
}
