import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";
import type { SpendAlertNotificationChannelArgs } from "./spend-alert";

/** Inputs of an {@link OrganizationSpendAlert}. */
export interface OrganizationSpendAlertArgs {
  /** The threshold in cents, a positive whole number: 500000 is $5,000.00. Updated in place. */
  thresholdAmount: pulumi.Input<number>;
  /** Only `USD` exists. Default `USD`. */
  currency?: pulumi.Input<"USD">;
  /** Only `month` exists. Default `month`. */
  interval?: pulumi.Input<"month">;
  /** Who gets the email: `recipients` (a set of addresses), `subjectPrefix?`, `type?` (`email`). */
  notificationChannel: pulumi.Input<SpendAlertNotificationChannelArgs>;
}

/**
 * An email sent when the whole organization's spend in the interval passes a threshold.
 *
 * Every change is an update in place. Deleting it deletes the alert. Adopt an existing alert with
 * `{ import: "<alertId>" }`; a create is refused, before any write, when the organization already has an
 * alert with the same threshold, currency, interval and recipients.
 */
export class OrganizationSpendAlert extends pulumi.dynamic.Resource {
  /** The alert id, also the resource id. */
  declare readonly alertId: pulumi.Output<string>;
  /** Cents. */
  declare readonly thresholdAmount: pulumi.Output<number>;
  declare readonly currency: pulumi.Output<"USD">;
  declare readonly interval: pulumi.Output<"month">;
  declare readonly notificationChannel: pulumi.Output<{ type: "email"; recipients: string[]; subjectPrefix: string | null }>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: OrganizationSpendAlertArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationSpendAlert", args, opts);
    super(
      shim("OrganizationSpendAlert"),
      name,
      { currency: undefined, interval: undefined, ...args, alertId: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationSpendAlert",
    );
    adopt.registered(this);
  }
}
