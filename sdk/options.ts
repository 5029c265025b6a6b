import type * as pulumi from "@pulumi/pulumi";
import type { ResourceType } from "../provider/shim";
import { admit, type Admitted } from "./admission";

/**
 * Resource options with `deleteBeforeReplace` on unless the program set it. For a resource whose id is its
 * project's id (model permissions, data retention), or an invite (a second pending invite for one address may
 * be refused), create-before-delete would have the old one's delete undo what the new one's create just set.
 */
export function deleteFirst(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, deleteBeforeReplace: opts?.deleteBeforeReplace ?? true };
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
  return { importId: adopt.importId, ...admit(kind, args, adopt.opts) };
}
