import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectRole}. */
export interface ProjectRoleArgs {
  /** The project (`proj_…`). Changing it replaces the role. */
  projectId: pulumi.Input<string>;
  /** The role's name. Updated in place. */
  name: pulumi.Input<string>;
  /** The permissions the role grants in the project; a set. Updated in place. */
  permissions: pulumi.Input<pulumi.Input<string>[]>;
  /** What the role is for. Updated in place. */
  description?: pulumi.Input<string>;
}

/**
 * A custom role of one project: a named set of permissions.
 *
 * Every change but the project is an update in place; deleting it deletes the role. A create is refused,
 * before any write, when the project has a role of the same name. Adopt one with `{ import: "<projectId>/<roleId>" }`.
 */
export class ProjectRole extends pulumi.dynamic.Resource {
  /** The role id, also the resource id. */
  declare readonly roleId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The permissions the role grants, sorted. */
  declare readonly permissions: pulumi.Output<string[]>;
  declare readonly description: pulumi.Output<string | null>;
  /** What the role applies to, as the API says: `api.organization` or `api.project`. */
  declare readonly resourceType: pulumi.Output<string>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectRoleArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectRole", args, opts);
    super(
      shim("ProjectRole"),
      name,
      { description: undefined, ...args, roleId: undefined, resourceType: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectRole",
    );
    adopt.registered(this);
  }
}
