import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Where a spend alert is sent. */
export interface SpendAlertNotificationChannelArgs {
  /** Email addresses; a set, compared without regard to order or case. At least one. */
  recipients: pulumi.Input<pulumi.Input<string>[]>;
  /** Put before the subject of the alert emails. */
  subjectPrefix?: pulumi.Input<string>;
  /** Only `email` exists. Default `email`. */
  type?: pulumi.Input<"email">;
}

/** Inputs of a {@link SpendAlert}. */
export interface SpendAlertArgs {
  /** The project (`proj_…`). Changing it replaces the alert. */
  projectId: pulumi.Input<string>;
  /** The threshold in cents, a positive whole number: 50000 is $500.00. Updated in place. */
  thresholdAmount: pulumi.Input<number>;
  /** Only `USD` exists. Default `USD`. */
  currency?: pulumi.Input<"USD">;
  /** Only `month` exists. Default `month`. */
  interval?: pulumi.Input<"month">;
  notificationChannel: pulumi.Input<SpendAlertNotificationChannelArgs>;
}

/**
 * An email sent when a project's spend in the interval passes a threshold.
 *
 * Replaced when `projectId` changes; every other change is an update in place. Deleting it deletes the alert.
 */
export class SpendAlert extends pulumi.dynamic.Resource {
  /** The alert id, also the resource id. */
  declare readonly alertId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  /** Cents. */
  declare readonly thresholdAmount: pulumi.Output<number>;
  declare readonly currency: pulumi.Output<"USD">;
  declare readonly interval: pulumi.Output<"month">;
  declare readonly notificationChannel: pulumi.Output<{ type: "email"; recipients: string[]; subjectPrefix: string | null }>;
  /** Unix seconds when the provider made the alert (the API does not say); null for alerts made by older versions. */
  declare readonly createdAt: pulumi.Output<number | null>;

  /**
   * Adopt an existing alert with `{ import: "<projectId>/<alertId>" }` (or the alert id alone). A create is
   * refused, before any write, when the project already has an alert with the same threshold, currency,
   * interval and recipients (it names that alert and its `import` line).
   */
  constructor(name: string, args: SpendAlertArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("SpendAlert", args, opts);
    super(
      shim("SpendAlert"),
      name,
      { currency: undefined, interval: undefined, ...args, alertId: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "SpendAlert",
    );
    adopt.registered(this);
  }
}
