import * as pulumi from "@pulumi/pulumi";
import type { ServiceAccountRole } from "../provider/client/service-accounts";
import { shim } from "../provider/shim";
import { secretApiKey, prepare } from "./options";

/** Inputs of a {@link ProjectServiceAccount}. */
export interface ProjectServiceAccountArgs {
  /** The project (`proj_…`). Changing it replaces the account. */
  projectId: pulumi.Input<string>;
  /** The account's name. Updated in place. */
  name: pulumi.Input<string>;
  /** `member` or `owner` of the project. Default `member`. Updated in place. */
  role?: pulumi.Input<ServiceAccountRole>;
  /**
   * Seconds until the account's key expires; omitted, it does not expire (unless an organization policy
   * says otherwise). Changing it replaces the account, and so makes a new key.
   */
  keyExpiresInSeconds?: pulumi.Input<number>;
  /**
   * Make the account even when the project has one of the same name (names are not unique). Default false:
   * such a create is refused before any write. Read only by the create; changing it shows no diff.
   */
  allowDuplicateName?: pulumi.Input<boolean>;
}

/**
 * A project service account and the API key made with it.
 *
 * `apiKey` is a secret output: OpenAI shows the key once, at creation, so it is kept in (encrypted)
 * state across refreshes. To rotate the key, replace the resource (`pulumi up --replace <urn>`): the old
 * account is deleted first, then the new one is made with a new key, so what uses the key sees a short gap.
 * Deleting it deletes the account and its keys.
 *
 * Adopt an existing account with `{ import: "<projectId>/<serviceAccountId>" }` (its key stays unknown:
 * `apiKey` is null). A create is refused, before any write, when the project has an account of the same
 * name, unless `allowDuplicateName` is set.
 */
export class ProjectServiceAccount extends pulumi.dynamic.Resource {
  /** The service account id, also the resource id. */
  declare readonly serviceAccountId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly role: pulumi.Output<"owner" | "member" | "none">;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  declare readonly keyExpiresInSeconds: pulumi.Output<number | null>;
  /** The id of the key made with the account; null for an adopted account. */
  declare readonly apiKeyId: pulumi.Output<string | null>;
  /** The key itself. Secret. Null for an adopted account (its key was shown to whoever made it). */
  declare readonly apiKey: pulumi.Output<string | null>;
  /** Unix seconds, or null when the key does not expire. */
  declare readonly apiKeyExpiresAt: pulumi.Output<number | null>;

  constructor(name: string, args: ProjectServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectServiceAccount", args, opts);
    super(
      shim("ProjectServiceAccount"),
      name,
      {
        role: undefined,
        keyExpiresInSeconds: undefined,
        ...args,
        serviceAccountId: undefined,
        createdAt: undefined,
        apiKeyId: undefined,
        apiKey: undefined,
        apiKeyExpiresAt: undefined,
        importId: adopt.importId,
      },
      secretApiKey(adopt.opts),
      "openai",
      "ProjectServiceAccount",
    );
    adopt.registered(this);
  }
}
