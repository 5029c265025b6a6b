import type * as pulumi from "@pulumi/pulumi";
import type { ResourceType } from "../provider/shim";
import { admit, type Admitted } from "./admission";

/** What a kind's definition (provider/resources/<kind>.ts) tells its class about the options, written in by `npm run generate`. */
export interface KindOptions {
  /** The definition's `deletesFirst`: replaced by deleting the old object first. */
  deleteBeforeReplace?: boolean;
}

/**
 * Resource options with `deleteBeforeReplace` on, unless the program set it, for the kinds whose definition says
 * `deletesFirst`: `--replace` never asks the provider's diff, so the option must say it.
 */
function deleteFirst(kind: KindOptions, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions | undefined {
  return kind.deleteBeforeReplace ? { ...opts, deleteBeforeReplace: opts?.deleteBeforeReplace ?? true } : opts;
}

/**
 * Takes the `import` option out of the options. The engine would send it to the provider's `read` without the
 * provider (pulumi/pulumi#16175), which fails for every dynamic resource; so the id travels as the `importId`
 * input instead, and the provider's create adopts the object by id rather than making one.
 */
function takeImport(opts: pulumi.CustomResourceOptions | undefined): {
  importId: pulumi.Input<string> | undefined;
  opts: pulumi.CustomResourceOptions | undefined;
} {
  if (opts?.import === undefined) return { importId: undefined, opts };
  const { import: importId, ...rest } = opts;
  return { importId, opts: rest };
}

/**
 * Resource options that also keep the outputs the definition marks secret (`.meta({ secret: true })`) secret: a key's
 * value is shown once and must stay encrypted in state.
 */
export function secretOutputs(opts: pulumi.CustomResourceOptions | undefined, keys: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...keys] };
}

/**
 * What every class does around its `super()` call: takes the `import` option out (see {@link takeImport}) and
 * holds the registration until its kind has a free slot (see sdk/admission.ts); `registered(this)` after
 * `super()` gives the slot back when the engine is done with the resource.
 */
export function prepare(
  kind: ResourceType,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  options: KindOptions = {},
): Admitted & { importId: pulumi.Input<string> | undefined } {
  const adopt = takeImport(opts);
  return { importId: adopt.importId, ...admit(kind, args, deleteFirst(options, adopt.opts)) };
}
