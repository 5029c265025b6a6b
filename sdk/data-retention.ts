import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Data retention settings a project can have. */
export type RetentionType =
  | "organization_default"
  | "none"
  | "zero_data_retention"
  | "modified_abuse_monitoring"
  | "enhanced_zero_data_retention"
  | "enhanced_modified_abuse_monitoring";

/** Inputs of a {@link DataRetention}. */
export interface DataRetentionArgs {
  /** The project (`proj_…`). Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** The setting; your organization must be eligible for the zero and modified kinds. Updated in place. */
  retentionType: pulumi.Input<RetentionType>;
}

/**
 * How long OpenAI keeps a project's API data. One per project; its id is the project id.
 *
 * Replaced when `projectId` changes. Deleting it sets `organization_default`, so the project inherits
 * the organization's setting again.
 */
export class DataRetention extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly retentionType: pulumi.Output<RetentionType>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  /**
   * Adopt a project's current setting with `{ import: "<projectId>" }`: the first `up` only reads it.
   */
  constructor(name: string, args: DataRetentionArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("DataRetention", args, opts);
    super(shim("DataRetention"), name, { ...args, createdAt: undefined, importId: adopt.importId }, adopt.opts, "openai", "DataRetention");
    adopt.registered(this);
  }
}
