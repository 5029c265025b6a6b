import type * as pulumi from "@pulumi/pulumi";

/**
 * Resource options with `deleteBeforeReplace` on unless the program set it. For a resource whose id is its
 * project's id (model permissions, data retention), or an invite (a second pending invite for one address may
 * be refused), create-before-delete would have the old one's delete undo what the new one's create just set.
 */
export function deleteFirst(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, deleteBeforeReplace: opts?.deleteBeforeReplace ?? true };
}
