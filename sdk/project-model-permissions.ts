import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectModelPermissions}. */
export interface ProjectModelPermissionsArgs {
  /** The project (`proj_…`). Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** `allow_list`: only `modelIds` may be used. `deny_list`: every model but `modelIds`. */
  mode: pulumi.Input<"allow_list" | "deny_list">;
  /** Model ids, e.g. `gpt-4.1`. A set: order does not matter; no blanks or repeats. */
  modelIds: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Which models a project may use. One per project; its id is the project id.
 *
 * Replaced when `projectId` changes. Deleting it removes the policy, leaving the project unrestricted.
 */
export class ProjectModelPermissions extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly mode: pulumi.Output<"allow_list" | "deny_list">;
  /** The model ids, sorted. */
  declare readonly modelIds: pulumi.Output<string[]>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  /**
   * Adopt a project's current policy with `{ import: "<projectId>" }`: the first `up` only reads it.
   */
  constructor(name: string, args: ProjectModelPermissionsArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectModelPermissions", args, opts);
    super(
      shim("ProjectModelPermissions"),
      name,
      { ...args, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectModelPermissions",
    );
    adopt.registered(this);
  }
}
