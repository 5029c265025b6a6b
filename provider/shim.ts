import type { ResourceHandler } from "./handler";
// The union of every registered kind, generated with the registry (provider/resources/index.ts). Type-only: the shim
// that `pulumi.dynamic.Resource` serializes loads no handler.
import type { ResourceType } from "./resources";

export type { ResourceType };

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
