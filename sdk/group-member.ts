import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link GroupMember}. */
export interface GroupMemberArgs {
  /** The group. Changing it replaces the membership. */
  groupId: pulumi.Input<string>;
  /** The person (`user-…`), already in the organization. Changing it replaces the membership. */
  userId: pulumi.Input<string>;
}

/**
 * A person of the organization in a group.
 *
 * Deleting it takes the person out of the group only. Replaced (the old membership removed first) when the
 * group or the person changes. Adopt one with `{ import: "<groupId>/<userId>" }`.
 */
export class GroupMember extends pulumi.dynamic.Resource {
  declare readonly groupId: pulumi.Output<string>;
  /** The user id, also the resource id. */
  declare readonly userId: pulumi.Output<string>;
  /** Filled by the first refresh (the add answers only the ids). */
  declare readonly email: pulumi.Output<string | null>;
  /** The person's name. Filled by the first refresh (the add answers only the ids). */
  declare readonly name: pulumi.Output<string | null>;
  /** True when it was there before this resource took it over (not by the import option): deleting the resource leaves it in place. */
  declare readonly existedBefore: pulumi.Output<boolean>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: GroupMemberArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("GroupMember", args, opts);
    super(
      shim("GroupMember"),
      name,
      { ...args, email: undefined, name: undefined, existedBefore: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "GroupMember",
    );
    adopt.registered(this);
  }
}
