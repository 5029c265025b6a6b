import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link Group}. */
export interface GroupArgs {
  /** The group's name. Updated in place. */
  name: pulumi.Input<string>;
  /** Make the group even when one of the same name exists. Default false: such a create is refused before any write. */
  allowDuplicateName?: pulumi.Input<boolean>;
}

/**
 * A group of people in the organization; add people with {@link GroupMember}.
 *
 * A new name is an update in place; deleting it deletes the group. Adopt one with `{ import: "group_…" }`.
 */
export class Group extends pulumi.dynamic.Resource {
  /** The group id, also the resource id. */
  declare readonly groupId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  /** True when the identity provider (SCIM) owns the group. */
  declare readonly isScimManaged: pulumi.Output<boolean>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("Group", args, opts);
    super(
      shim("Group"),
      name,
      { ...args, groupId: undefined, createdAt: undefined, isScimManaged: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "Group",
    );
    adopt.registered(this);
  }
}
