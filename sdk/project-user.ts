import * as pulumi from "@pulumi/pulumi";
import type { ProjectRole } from "../provider/client/project-users";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectUser}. Name the person with exactly one of `userId` or `email`. */
export interface ProjectUserArgs {
  /** The project (`proj_…`). Changing it replaces the membership. */
  projectId: pulumi.Input<string>;
  /** The person's user id (`user-…`). Changing it replaces the membership. */
  userId?: pulumi.Input<string>;
  /** The person's address; compared without regard to case. Changing it replaces the membership. */
  email?: pulumi.Input<string>;
  /** `member` or `owner` of the project. Updated in place. */
  role: pulumi.Input<ProjectRole>;
}

/**
 * A person's membership of a project, with a role.
 *
 * The person must already be in the organization (they join by {@link Invite}). Deleting it removes
 * them from this project only, never from the organization. Replaced (the old membership removed
 * first) when the project or the person changes.
 *
 * Adopt an existing membership with `{ import: "<projectId>/<userId>" }`: one GET, no write.
 */
export class ProjectUser extends pulumi.dynamic.Resource {
  /** The user id, also the resource id. */
  declare readonly userId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  /** Lower-cased. */
  declare readonly email: pulumi.Output<string | null>;
  /** The person's name. */
  declare readonly name: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<ProjectRole>;
  /** Unix seconds when the person joined the project. */
  declare readonly addedAt: pulumi.Output<number>;
  /** True when it was there before this resource took it over (not by the import option): deleting the resource leaves it in place. */
  declare readonly existedBefore: pulumi.Output<boolean>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectUserArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectUser", args, opts);
    super(
      shim("ProjectUser"),
      name,
      { userId: undefined, email: undefined, ...args, name: undefined, addedAt: undefined, existedBefore: undefined, createdAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "ProjectUser",
    );
    adopt.registered(this);
  }
}
