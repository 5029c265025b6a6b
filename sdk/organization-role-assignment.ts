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
  declare readonly roleName: pulumi.Output<string>;
  /** Sorted. */
  declare readonly permissions: pulumi.Output<string[]>;

  constructor(name: string, args: OrganizationRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationRoleAssignment", args, opts);
    super(
      shim("OrganizationRoleAssignment"),
      name,
      { groupId: undefined, userId: undefined, ...args, roleName: undefined, permissions: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationRoleAssignment",
    );
    adopt.registered(this);
  }
}
