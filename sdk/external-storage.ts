import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ExternalStorage}. */
export interface ExternalStorageArgs {
  /** The project whose data is kept in the storage. Changing it replaces the configuration. */
  projectId: pulumi.Input<string>;
  /**
   * Where the storage lives: `aws`, `gcp`, `azure` or `oci`. Each takes its own fields; another cloud's fields are
   * refused. Changing it replaces the configuration.
   */
  type: pulumi.Input<"aws" | "gcp" | "azure" | "oci">;
  /** aws, gcp, oci: the bucket. */
  bucket?: pulumi.Input<string>;
  /**
   * aws: the ARN of the IAM role OpenAI assumes (the organization's id is its ExternalId; see the externalId output).
   */
  roleArn?: pulumi.Input<string>;
  /** gcp: the workload identity pool of the provider you registered for OpenAI. */
  workloadIdentityPoolId?: pulumi.Input<string>;
  /** gcp: the numeric GCP project number where you registered OpenAI's workload identity. */
  workloadIdentityProjectNumber?: pulumi.Input<string>;
  /** gcp: the workload identity provider you registered for OpenAI. */
  workloadIdentityProviderId?: pulumi.Input<string>;
  /** azure: the storage account. */
  accountName?: pulumi.Input<string>;
  /** azure: the blob container. */
  container?: pulumi.Input<string>;
  /** azure: the storage account's resource group. */
  resourceGroup?: pulumi.Input<string>;
  /** azure: the subscription. */
  subscriptionId?: pulumi.Input<string>;
  /** azure: your tenant's UUID. */
  tenantId?: pulumi.Input<string>;
  /** oci: the bucket's region. For the other clouds the API works the region out (the region output). */
  region?: pulumi.Input<string>;
  /** oci: your tenancy's OCID. */
  tenancyOcid?: pulumi.Input<string>;
  /**
   * Ask OpenAI to reach the storage right after configuring it, and refuse (deleting the configuration again) when it
   * cannot. Default true. Read only by the create; changing it shows no diff.
   */
  validateOnCreate?: pulumi.Input<boolean>;
}

/**
 * A project's customer-managed storage: a bucket or container in your cloud that OpenAI keeps the project's data in.
 * The API cannot change a configuration: any change replaces it, deleting the old one first. A create configures the
 * storage and asks OpenAI to reach it; storage OpenAI cannot reach is deleted again and the create fails naming the
 * fields that let OpenAI reach it (set `validateOnCreate: false` to keep it anyway). Deleting it disconnects the
 * storage (the storage itself is unchanged; the project's last one going restores the organization's default
 * retention). Adopt one with `{ import: "extstorage_…" }`. A create is refused, before any write, when the project
 * already has a configuration of the same storage. No input is a credential: OpenAI reaches the storage through a
 * role, workload identity or an app in your tenant.
 */
export class ExternalStorage extends pulumi.dynamic.Resource {
  /** The configuration id, also the resource id. */
  declare readonly externalStorageId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly bucket: pulumi.Output<string | null>;
  declare readonly roleArn: pulumi.Output<string | null>;
  declare readonly workloadIdentityPoolId: pulumi.Output<string | null>;
  declare readonly workloadIdentityProjectNumber: pulumi.Output<string | null>;
  declare readonly workloadIdentityProviderId: pulumi.Output<string | null>;
  declare readonly accountName: pulumi.Output<string | null>;
  declare readonly container: pulumi.Output<string | null>;
  declare readonly resourceGroup: pulumi.Output<string | null>;
  declare readonly subscriptionId: pulumi.Output<string | null>;
  declare readonly tenantId: pulumi.Output<string | null>;
  declare readonly region: pulumi.Output<string | null>;
  declare readonly tenancyOcid: pulumi.Output<string | null>;
  /** aws: the account of the role, as the API works it out. */
  declare readonly accountId: pulumi.Output<string | null>;
  /** aws: the ExternalId OpenAI passes when it assumes the role. */
  declare readonly externalId: pulumi.Output<string | null>;
  /** gcp: the audience of the tokens OpenAI presents. */
  declare readonly audience: pulumi.Output<string | null>;
  /** Where the project's data lives. */
  declare readonly geography: pulumi.Output<string>;
  /**
   * `pending`, `validated`, `degraded` or `unhealthy`: whether OpenAI can reach the storage, as of the last refresh.
   */
  declare readonly status: pulumi.Output<string>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: ExternalStorageArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ExternalStorage", args, opts);
    super(
      shim("ExternalStorage"),
      name,
      {
        bucket: undefined, roleArn: undefined, workloadIdentityPoolId: undefined, workloadIdentityProjectNumber: undefined, workloadIdentityProviderId: undefined, accountName: undefined, container: undefined, resourceGroup: undefined, subscriptionId: undefined, tenantId: undefined, region: undefined, tenancyOcid: undefined, validateOnCreate: undefined,
        ...args,
        externalStorageId: undefined, accountId: undefined, externalId: undefined, audience: undefined, geography: undefined, status: undefined, createdAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "ExternalStorage",
    );
    adopt.registered(this);
  }
}
