import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** A project the invited person joins on acceptance. */
export interface InviteProjectArgs {
  /** The project (`proj_…`). */
  id: pulumi.Input<string>;
  /** `member` or `owner` of that project. */
  role: pulumi.Input<"member" | "owner">;
}

/** Inputs of an {@link Invite}. */
export interface InviteArgs {
  /** The address to invite; compared without regard to case. */
  email: pulumi.Input<string>;
  /** Organization role: `reader` or `owner`. */
  role: pulumi.Input<"reader" | "owner">;
  /**
   * Projects joined on acceptance. Omitted means none: this package always sends the list, because
   * the API would otherwise add the person to the default project.
   */
  projects?: pulumi.Input<pulumi.Input<InviteProjectArgs>[]>;
}

/**
 * An invitation to the organization.
 *
 * Invites cannot be changed: any input change replaces (re-sends) the invite, and so does a refresh
 * that finds it expired. An accepted invite shows no change. Deleting a pending invite revokes it; an
 * accepted one cannot be deleted, so it is left in place with a warning (the person stays a member).
 */
export class Invite extends pulumi.dynamic.Resource {
  /** The invite id, also the resource id. */
  declare readonly inviteId: pulumi.Output<string>;
  /** Lower-cased. */
  declare readonly email: pulumi.Output<string>;
  declare readonly role: pulumi.Output<"reader" | "owner">;
  declare readonly projects: pulumi.Output<Array<{ id: string; role: "member" | "owner" }>>;
  /** `pending`, `accepted` or `expired`. */
  declare readonly status: pulumi.Output<"accepted" | "expired" | "pending">;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number | null>;
  /** Unix seconds. */
  declare readonly expiresAt: pulumi.Output<number | null>;
  /** Unix seconds, or null until accepted. */
  declare readonly acceptedAt: pulumi.Output<number | null>;

  /**
   * Adopt a pending invite with `{ import: "invite-…" }`; an accepted or expired one is refused. A create is
   * refused, before any write, when a pending invite for the address exists (it names it and its `import` line).
   */
  constructor(name: string, args: InviteArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("Invite", args, opts);
    super(
      shim("Invite"),
      name,
      { projects: undefined, ...args, inviteId: undefined, status: undefined, createdAt: undefined, expiresAt: undefined, acceptedAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "Invite",
    );
    adopt.registered(this);
  }
}
