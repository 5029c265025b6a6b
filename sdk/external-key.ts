import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ExternalKey}. */
export interface ExternalKeyArgs {
  /** A name to know the registration by. Changing it replaces the registration. */
  name: pulumi.Input<string>;
  /**
   * Where the key lives: `aws`, `gcp`, `azure` or `oci`. Each takes its own fields; another cloud's fields are
   * refused. Changing it replaces the registration.
   */
  type: pulumi.Input<"aws" | "gcp" | "azure" | "oci">;
  /**
   * `ekm` (encrypting the organization's data) or `psp_decryption`. Default `ekm`. Changing it replaces the
   * registration.
   */
  purpose?: pulumi.Input<"ekm" | "psp_decryption">;
  /** aws: the ExternalId OpenAI passes when it assumes the role: the organization's id or one of its projects' ids. */
  externalId?: pulumi.Input<string>;
  /** aws: the ARN of the KMS key. */
  kmsArn?: pulumi.Input<string>;
  /** aws: the ARN of the IAM role OpenAI assumes to use the key. */
  roleArn?: pulumi.Input<string>;
  /**
   * gcp: the audience of the identity token OpenAI passes to your GCP STS: the organization's id or one of its
   * projects' ids.
   */
  audience?: pulumi.Input<string>;
  /** gcp: the region of the key. */
  kmsKeyLocation?: pulumi.Input<string>;
  /** gcp: the key's name. */
  kmsKeyName?: pulumi.Input<string>;
  /** gcp: the key ring. */
  kmsKeyRingName?: pulumi.Input<string>;
  /** gcp: the GCP project id that holds the key. */
  kmsProjectId?: pulumi.Input<string>;
  /** gcp: the workload identity pool of the provider you registered for OpenAI. */
  workloadIdentityPoolId?: pulumi.Input<string>;
  /** gcp: the numeric GCP project number where you registered OpenAI's workload identity. */
  workloadIdentityProjectNumber?: pulumi.Input<string>;
  /** gcp: the workload identity provider you registered for OpenAI. */
  workloadIdentityProviderId?: pulumi.Input<string>;
  /** gcp: an exact CryptoKeyVersion; required for `psp_decryption`, refused for `ekm`. */
  kmsKeyVersion?: pulumi.Input<string>;
  /** azure: the name of the Key Vault key. */
  keyName?: pulumi.Input<string>;
  /** azure: your tenant's UUID. */
  tenantId?: pulumi.Input<string>;
  /** azure: the https URI of the Key Vault. */
  vaultUri?: pulumi.Input<string>;
  /** azure: an exact key version; required for `psp_decryption`, refused for `ekm`. */
  keyVersion?: pulumi.Input<string>;
  /** oci: the Vault key's OCID. */
  keyOcid?: pulumi.Input<string>;
  /** oci: the region of the vault. */
  region?: pulumi.Input<string>;
  /** oci: the Vault's OCID. */
  vaultOcid?: pulumi.Input<string>;
  /** oci: an exact key version OCID; required for `psp_decryption`, refused for `ekm`. */
  keyVersionOcid?: pulumi.Input<string>;
  /**
   * Ask OpenAI to use the key right after registering it, and refuse (deleting the registration again) when it
   * cannot. Default true. Read only by the create; changing it shows no diff.
   */
  validateOnCreate?: pulumi.Input<boolean>;
}

/**
 * A customer-managed encryption key registered with the organization (EKM, or PSP decryption). The API cannot change
 * a registration: any change replaces it, deleting the old one first. A create registers the key and asks OpenAI to
 * use it; a key OpenAI cannot use is deleted again and the create fails naming the fields that let OpenAI reach it
 * (set `validateOnCreate: false` to register it anyway). Deleting it deletes the registration; the API refuses while
 * a project is encrypted with the key. Adopt one with `{ import: "<id>" }`. A create is refused, before any write,
 * when a registration of the same name exists. No input is a credential: OpenAI reaches the key through a role,
 * workload identity or an app in your tenant.
 */
export class ExternalKey extends pulumi.dynamic.Resource {
  /** The registration id, also the resource id. */
  declare readonly externalKeyId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly purpose: pulumi.Output<string>;
  declare readonly externalId: pulumi.Output<string | null>;
  declare readonly kmsArn: pulumi.Output<string | null>;
  declare readonly roleArn: pulumi.Output<string | null>;
  declare readonly audience: pulumi.Output<string | null>;
  declare readonly kmsKeyLocation: pulumi.Output<string | null>;
  declare readonly kmsKeyName: pulumi.Output<string | null>;
  declare readonly kmsKeyRingName: pulumi.Output<string | null>;
  declare readonly kmsProjectId: pulumi.Output<string | null>;
  declare readonly workloadIdentityPoolId: pulumi.Output<string | null>;
  declare readonly workloadIdentityProjectNumber: pulumi.Output<string | null>;
  declare readonly workloadIdentityProviderId: pulumi.Output<string | null>;
  declare readonly kmsKeyVersion: pulumi.Output<string | null>;
  declare readonly keyName: pulumi.Output<string | null>;
  declare readonly tenantId: pulumi.Output<string | null>;
  declare readonly vaultUri: pulumi.Output<string | null>;
  declare readonly keyVersion: pulumi.Output<string | null>;
  declare readonly keyOcid: pulumi.Output<string | null>;
  declare readonly region: pulumi.Output<string | null>;
  declare readonly vaultOcid: pulumi.Output<string | null>;
  declare readonly keyVersionOcid: pulumi.Output<string | null>;
  /** The projects encrypted with this key. */
  declare readonly apiProjectIds: pulumi.Output<string[]>;
  /** The workspace the key belongs to. */
  declare readonly workspaceId: pulumi.Output<string>;
  /**
   * What OpenAI answered when asked to use the key at creation; null when not asked (adopted, or `validateOnCreate:
   * false`).
   */
  declare readonly validationStatus: pulumi.Output<string | null>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: ExternalKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ExternalKey", args, opts);
    super(
      shim("ExternalKey"),
      name,
      {
        purpose: undefined, externalId: undefined, kmsArn: undefined, roleArn: undefined, audience: undefined, kmsKeyLocation: undefined, kmsKeyName: undefined, kmsKeyRingName: undefined, kmsProjectId: undefined, workloadIdentityPoolId: undefined, workloadIdentityProjectNumber: undefined, workloadIdentityProviderId: undefined, kmsKeyVersion: undefined, keyName: undefined, tenantId: undefined, vaultUri: undefined, keyVersion: undefined, keyOcid: undefined, region: undefined, vaultOcid: undefined, keyVersionOcid: undefined, validateOnCreate: undefined,
        ...args,
        externalKeyId: undefined, apiProjectIds: undefined, workspaceId: undefined, validationStatus: undefined, createdAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "ExternalKey",
    );
    adopt.registered(this);
  }
}
