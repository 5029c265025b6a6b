import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of an {@link OrganizationSpendLimit}. */
export interface OrganizationSpendLimitArgs {
  /** The hard limit in cents, a positive whole number: 1000000 is $10,000.00. Updated in place. */
  thresholdAmount: pulumi.Input<number>;
  /** Only `USD` exists. Default `USD`. */
  currency?: pulumi.Input<"USD">;
  /** Only `month` exists. Default `month`. */
  interval?: pulumi.Input<"month">;
}

/**
 * The organization's hard spend limit: past it, the organization's requests are refused.
 *
 * One per organization: creating it takes over (replaces) a limit set before, which is kept in `previous`.
 * Deleting it puts that limit back, or removes the hard limit when there was none. Adopt the current one
 * with `{ import: "organization" }` (deleting it then puts back the limit adopted).
 */
export class OrganizationSpendLimit extends pulumi.dynamic.Resource {
  /** Cents. */
  declare readonly thresholdAmount: pulumi.Output<number>;
  declare readonly currency: pulumi.Output<string>;
  declare readonly interval: pulumi.Output<string>;
  /** `enforcing` once spend has reached the limit, else `inactive`. */
  declare readonly enforcementStatus: pulumi.Output<string>;
  /**
   * The hard limit there was before Pulumi first set this one (cents, currency, interval), or null when there
   * was none. Delete puts it back, or removes the limit when null.
   */
  declare readonly previous: pulumi.Output<{ thresholdAmount: number; currency: string; interval: string } | null>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: OrganizationSpendLimitArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationSpendLimit", args, opts);
    super(
      shim("OrganizationSpendLimit"),
      name,
      { currency: undefined, interval: undefined, ...args, enforcementStatus: undefined, previous: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationSpendLimit",
    );
    adopt.registered(this);
  }
}
