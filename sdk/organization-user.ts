import * as pulumi from "@pulumi/pulumi";
import type { OrganizationRole } from "../provider/client/users";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of an {@link OrganizationUser}. Name the person with exactly one of `userId` or `email`. */
export interface OrganizationUserArgs {
  /** The person's user id (`user-…`). Changing it replaces the resource. */
  userId?: pulumi.Input<string>;
  /** The person's address; compared without regard to case. Changing it replaces the resource. */
  email?: pulumi.Input<string>;
  /** `reader` or `owner` of the organization. Updated in place. */
  role: pulumi.Input<OrganizationRole>;
  /**
   * DANGER. When true, deleting this resource (including `pulumi destroy`, or removing it from the
   * program) REMOVES THE PERSON FROM THE ORGANIZATION and from every project in it. Default false:
   * deleting the resource only forgets the person, who keeps their membership and role.
   */
  removeFromOrganizationOnDelete?: pulumi.Input<boolean>;
}

/**
 * The organization role of a person who is already a member.
 *
 * This resource never adds anyone: people join by {@link Invite}; creating it adopts the member named by
 * `userId` or `email` (and fails if there is none) and sets their role.
 *
 * **Deleting it does not remove the person** unless `removeFromOrganizationOnDelete` is true, in which
 * case the person loses access to the organization and all its projects.
 *
 * `{ import: "user-…" }` adopts the member by id without changing their role (the program must match it).
 */
export class OrganizationUser extends pulumi.dynamic.Resource {
  /** The user id, also the resource id. */
  declare readonly userId: pulumi.Output<string>;
  /** Lower-cased. */
  declare readonly email: pulumi.Output<string | null>;
  /** The person's name. */
  declare readonly name: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<string | null>;
  /** Unix seconds when the person joined the organization. */
  declare readonly addedAt: pulumi.Output<number>;
  declare readonly removeFromOrganizationOnDelete: pulumi.Output<boolean>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: OrganizationUserArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("OrganizationUser", args, opts);
    super(
      shim("OrganizationUser"),
      name,
      { userId: undefined, email: undefined, removeFromOrganizationOnDelete: undefined, ...args, name: undefined, addedAt: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "OrganizationUser",
    );
    adopt.registered(this);
  }
}
