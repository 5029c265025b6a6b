import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectServiceTierSettings}. */
export interface ProjectServiceTierSettingsArgs {
  /** The project (`proj_…`). Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** The tier of requests that omit `service_tier` or ask for `auto`: `standard`, `fast` or `scale`. Unset: not managed. */
  defaultTier?: pulumi.Input<"standard" | "fast" | "scale">;
  /**
   * The optional tiers the project may use (`flex`, `fast`, `ultrafast`), a set; `["all"]` enables every tier,
   * future ones too; `[]` allows only Standard. Unset: not managed.
   */
  enabledTiers?: pulumi.Input<pulumi.Input<"all" | "flex" | "fast" | "ultrafast">[]>;
}

/**
 * A project's service tiers: the default one and the optional ones it may use (organization policy and
 * eligibility still apply). One per project; its id is the project id. Set at least one of `defaultTier`,
 * `enabledTiers`. Updated in place; replaced when `projectId` changes. Deleting it gives the project a new
 * project's settings again (`standard`, every tier enabled). Adopt with `{ import: "proj_…" }`.
 */
export class ProjectServiceTierSettings extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly defaultTier: pulumi.Output<"standard" | "fast" | "scale">;
  /** The optional tiers enabled, sorted; `["all"]` for every tier. */
  declare readonly enabledTiers: pulumi.Output<string[]>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectServiceTierSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectServiceTierSettings", args, opts);
    super(
      shim("ProjectServiceTierSettings"),
      name,
      { defaultTier: undefined, enabledTiers: undefined, ...args, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectServiceTierSettings",
    );
    adopt.registered(this);
  }
}
