import * as pulumi from "@pulumi/pulumi";
import type { OrganizationRetentionType } from "../provider/client/organization-data-retention";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of an {@link OrganizationDataRetention}. */
export interface OrganizationDataRetentionArgs {
  /** `zero_data_retention`, `modified_abuse_monitoring`, `enhanced_zero_data_retention` or `enhanced_modified_abuse_monitoring`. */
  retentionType: pulumi.Input<OrganizationRetentionType>;
}

/**
 * How long OpenAI keeps the organization's API data (projects inherit it unless their `DataRetention` says otherwise).
 *
 * One per organization: creating it takes over the current setting. **Deleting it changes nothing**: the API
 * has no default to return to, so the setting stays and only leaves Pulumi state (with a warning). Adopt the
 * current one with `{ import: "organization" }`.
 */
export class OrganizationDataRetention extends pulumi.dynamic.Resource {
  /** The organization's setting, as the API answers it. */
  declare readonly retentionType: pulumi.Output<OrganizationRetentionType>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: OrganizationDataRetentionArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationDataRetention", args, opts);
    super(
      shim("OrganizationDataRetention"),
      name,
      { ...args, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationDataRetention",
    );
    adopt.registered(this);
  }
}
