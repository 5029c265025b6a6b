import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectGroup}. */
export interface ProjectGroupArgs {
  /** The project (`proj_…`). Changing it replaces the access. */
  projectId: pulumi.Input<string>;
  /** The group. Changing it replaces the access. */
  groupId: pulumi.Input<string>;
  /** The project role granted to the group (its identifier). Changing it replaces the access. */
  role: pulumi.Input<string>;
}

/**
 * A group's access to a project, with a project role.
 *
 * Any change replaces it (the old access is removed first); deleting it removes the group from the project
 * only. The API never answers the role, so a role changed outside Pulumi does not show as drift.
 * Adopt one with `{ import: "<projectId>/<groupId>" }`.
 */
export class ProjectGroup extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  /** The group id, also the resource id. */
  declare readonly groupId: pulumi.Output<string>;
  /** The group's name. */
  declare readonly groupName: pulumi.Output<string>;
  /** The project role as Pulumi granted it (the API does not answer it). */
  declare readonly role: pulumi.Output<string>;
  /** Unix seconds when the group got access to the project. */
  declare readonly createdAt: pulumi.Output<number>;
  /** True when it was there before this resource took it over (not by the import option): deleting the resource leaves it in place. */
  declare readonly existedBefore: pulumi.Output<boolean>;

  constructor(name: string, args: ProjectGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectGroup", args, opts);
    super(
      shim("ProjectGroup"),
      name,
      { ...args, groupName: undefined, createdAt: undefined, existedBefore: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectGroup",
    );
    adopt.registered(this);
  }
}
