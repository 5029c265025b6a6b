/**
 * Invite: an invitation for one person to join the organization (and, on acceptance, projects).
 * - id: the invite id. Replaces on: every input (the API has no update); and when refresh finds it
 *   expired, so the invitation is sent again.
 * - An accepted invite shows no change: the person is a member now, which is what the program asked.
 * - delete: DELETE; an accepted invite cannot be deleted, so it is left in place with a warning and
 *   leaves state (the membership is not ours to remove). 404: done.
 * - `projects` is always sent: omitting it would silently add the person to the default project.
 * - create after an ambiguous failure: adopts a pending invite for the same address made since the call began.
 */
import { z } from "zod";
import { type AdminClient, type Invite, INVITE_PROJECT_ROLES, INVITE_ROLES, createOnce, invites, isAdminError } from "../client";
import { email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { warn } from "../warn";

export const InviteInputs = z.strictObject({
  email,
  role: z.enum(INVITE_ROLES, { error: "must be reader or owner" }),
  projects: z
    .array(
      z.strictObject({
        id: projectId,
        role: z.enum(INVITE_PROJECT_ROLES, { error: "must be member or owner" }),
      }),
      { error: "must be a list of { id, role }" },
    )
    .optional()
    .transform((ps) => [...(ps ?? [])].sort((a, b) => a.id.localeCompare(b.id))),
});
export type InviteInputs = z.infer<typeof InviteInputs>;

/** What state holds for an invite. */
export interface InviteOutputs extends Record<string, unknown> {
  inviteId: string;
  email: string;
  role: "reader" | "owner";
  projects: Array<{ id: string; role: "member" | "owner" }>;
  status: "accepted" | "expired" | "pending";
  /** Unix seconds. */
  createdAt: number | null;
  /** Unix seconds. */
  expiresAt: number | null;
  /** Unix seconds, or null until accepted. */
  acceptedAt: number | null;
}

function outputs(i: Invite): InviteOutputs {
  return {
    inviteId: i.id,
    email: i.email.toLowerCase(),
    role: i.role,
    projects: [...(i.projects ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
    status: i.status,
    createdAt: i.created_at ?? i.invited_at ?? null,
    expiresAt: i.expires_at ?? null,
    acceptedAt: i.accepted_at ?? null,
  };
}

// Clock skew allowance when matching an invite made by a lost create.
const SKEW_SECONDS = 120;

async function findMadeSince(c: AdminClient, inputs: InviteInputs, since: number): Promise<Invite | undefined> {
  for await (const i of invites.list(c)) {
    const o = outputs(i);
    if (
      o.email === inputs.email &&
      o.status === "pending" &&
      o.role === inputs.role &&
      sameValue(o.projects, inputs.projects) &&
      (o.createdAt ?? 0) >= since - SKEW_SECONDS
    ) {
      return i;
    }
  }
  return undefined;
}

export const invite = defineResource<InviteInputs, InviteOutputs>({
  type: "Invite",
  inputs: InviteInputs,
  replaceOn: ["email", "role", "projects"],
  // A second pending invite for one address may be refused while the first is still there.
  deleteBeforeReplace: true,
  replaceOnDrift: (outs) => (outs.status === "expired" ? ["status"] : []),
  describe: (props) => `invite for ${String(props.email ?? "?")}`,

  async create(c, inputs) {
    const since = Math.floor(Date.now() / 1000);
    const i = await createOnce(
      () => invites.create(c, { email: inputs.email, role: inputs.role, projects: inputs.projects }),
      () => findMadeSince(c, inputs, since),
    );
    return { id: i.id, outs: outputs(i) };
  },

  async read(c, id) {
    return outputs(await invites.retrieve(c, id));
  },

  async update() {
    throw new Error("OpenAI Invite: invites cannot be updated; every change replaces the invite");
  },

  async delete(c, id, outs) {
    try {
      await invites.delete(c, id);
    } catch (e) {
      // The API refuses to delete an accepted invite with a 400; the GET is paid on that path alone.
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || (await invites.retrieve(c, id)).status !== "accepted") throw e;
      await warn(
        `OpenAI Invite ${id} for ${outs.email} was accepted, so it cannot be deleted; ` +
          "the person stays a member of the organization and the invite leaves Pulumi state. " +
          "Remove the user in the OpenAI dashboard if they should lose access.",
      );
    }
  },
});
