import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectRoleAssignment}. Name exactly one of `groupId` or `userId`. */
export interface ProjectRoleAssignmentArgs {
  /** The project (`proj_…`). Changing it replaces the assignment. */
  projectId: pulumi.Input<string>;
  /** The project role (`role_…`). Changing it replaces the assignment. */
  roleId: pulumi.Input<string>;
  /** The group that gets the role in the project. */
  groupId?: pulumi.Input<string>;
  /** The person (`user-…`) who gets the role in the project. */
  userId?: pulumi.Input<string>;
}

/**
 * A project role given to a group or a person in one project.
 *
 * Deleting it takes the role back; any change replaces it (the old assignment removed first). Adopt one with
 * `{ import: "<projectId>/groups/<groupId>/<roleId>" }` or `{ import: "<projectId>/users/<userId>/<roleId>" }`.
 */
export class ProjectRoleAssignment extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string | null>;
  declare readonly userId: pulumi.Output<string | null>;
  /** The role's name. */
  declare readonly roleName: pulumi.Output<string>;
  /** The permissions the role grants, sorted. */
  declare readonly permissions: pulumi.Output<string[]>;
  /** True when it was there before this resource took it over (not by the import option): deleting the resource leaves it in place. */
  declare readonly existedBefore: pulumi.Output<boolean>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectRoleAssignment", args, opts);
    super(
      shim("ProjectRoleAssignment"),
      name,
      { groupId: undefined, userId: undefined, ...args, roleName: undefined, permissions: undefined, existedBefore: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectRoleAssignment",
    );
    adopt.registered(this);
  }
}
