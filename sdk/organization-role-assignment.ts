import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of an {@link OrganizationRoleAssignment}. Name exactly one of `groupId` or `userId`. */
export interface OrganizationRoleAssignmentArgs {
  /** The role (`role_…`, custom or predefined). Changing it replaces the assignment. */
  roleId: pulumi.Input<string>;
  /** The group that gets the role. Changing it replaces the assignment. */
  groupId?: pulumi.Input<string>;
  /** The person (`user-…`) who gets the role. Changing it replaces the assignment. */
  userId?: pulumi.Input<string>;
}

/**
 * An organization role given to a group or to a person.
 *
 * Deleting it takes the role back (the group or person stays). Any change replaces it, the old assignment
 * removed first. Adopt one with `{ import: "groups/<groupId>/<roleId>" }` or `{ import: "users/<userId>/<roleId>" }`.
 */
export class OrganizationRoleAssignment extends pulumi.dynamic.Resource {
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

  constructor(name: string, args: OrganizationRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationRoleAssignment", args, opts);
    super(
      shim("OrganizationRoleAssignment"),
      name,
      { groupId: undefined, userId: undefined, ...args, roleName: undefined, permissions: undefined, existedBefore: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationRoleAssignment",
    );
    adopt.registered(this);
  }
}
