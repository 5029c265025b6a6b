import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { secretApiKey, prepare } from "./options";

/** Inputs of an {@link AdminApiKey}. */
export interface AdminApiKeyArgs {
  /** The key's name. Changing it replaces the key. */
  name: pulumi.Input<string>;
  /** Seconds until the key expires, at most 31536000 (a year); omitted, it never expires. Changing it replaces the key. */
  expiresInSeconds?: pulumi.Input<number>;
  /**
   * Make the key even when one of the same name exists (names are not unique). Default false: such a create
   * is refused before any write. Read only by the create; changing it shows no diff.
   */
  allowDuplicateName?: pulumi.Input<boolean>;
}

/**
 * An organization admin key.
 *
 * `apiKey` is a secret output: OpenAI shows the key once, at creation, so it is kept in (encrypted) state
 * across refreshes. Any change replaces the key: the old one is revoked first, then the new one is made, so
 * the create guard never takes the new one for a duplicate.
 * Deleting it revokes the key.
 *
 * Adopt an existing key with `{ import: "key_…" }` (its value stays unknown: `apiKey` is null). A create is
 * refused, before any write, when a key of the same name exists, unless `allowDuplicateName` is set.
 */
export class AdminApiKey extends pulumi.dynamic.Resource {
  /** The key id, also the resource id. */
  declare readonly adminApiKeyId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | null>;
  declare readonly expiresInSeconds: pulumi.Output<number | null>;
  /** Like `sk-admin...abcd`. */
  declare readonly redactedValue: pulumi.Output<string>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  /** Unix seconds, or null when the key does not expire. */
  declare readonly expiresAt: pulumi.Output<number | null>;
  /** The user who owns the key. */
  declare readonly ownerId: pulumi.Output<string | null>;
  /** The key itself. Secret. Null for an adopted key. */
  declare readonly apiKey: pulumi.Output<string | null>;

  constructor(name: string, args: AdminApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("AdminApiKey", args, opts);
    super(
      shim("AdminApiKey"),
      name,
      {
        expiresInSeconds: undefined,
        ...args,
        adminApiKeyId: undefined,
        redactedValue: undefined,
        createdAt: undefined,
        expiresAt: undefined,
        ownerId: undefined,
        apiKey: undefined,
        importId: adopt.importId,
      },
      secretApiKey(adopt.opts),
      "openai",
      "AdminApiKey",
    );
    adopt.registered(this);
  }
}
