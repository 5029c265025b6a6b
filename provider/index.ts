/**
 * What the engine runs. The shim that `sdk/` hands to `pulumi.dynamic.Resource` requires this module
 * by the package's name at call time, so the client, schemas and key live here and are never
 * serialized into state.
 */
import type { DefinedResource } from "./handler";
import { resources as registry } from "./resources";

export { configure } from "./credentials";
export { UNKNOWN, type ResourceHandler, type DefinedResource, type Props, type CheckFailure } from "./handler";
export { shim, type ResourceType } from "./shim";

/** The handler of every resource type, by the name users see (the registry `npm run generate` writes). */
export const resources: Record<string, DefinedResource> = registry;
