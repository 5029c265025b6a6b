import type * as pulumi from "@pulumi/pulumi";
import { DELETES_FIRST, type ResourceType } from "../provider/shim";
import { admit, type Admitted } from "./admission";

/**
 * Resource options with `deleteBeforeReplace` on, unless the program set it, for the kinds that
 * provider/shim.ts `DELETES_FIRST` names: `--replace` never asks the provider's diff, so the option must say it.
 */
function deleteFirst(kind: ResourceType, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions | undefined {
  return DELETES_FIRST.has(kind) ? { ...opts, deleteBeforeReplace: opts?.deleteBeforeReplace ?? true } : opts;
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

/** Resource options that also keep the `apiKey` output secret: a key's value is shown once and must stay encrypted in state. */
export function secretApiKey(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "apiKey"] };
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
): Admitted & { importId: pulumi.Input<string> | undefined } {
  const adopt = takeImport(opts);
  return { importId: adopt.importId, ...admit(kind, args, deleteFirst(kind, adopt.opts)) };
}
