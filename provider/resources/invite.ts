/**
 * Invite: an invitation for one person to join the organization (and, on acceptance, projects).
 * - id: the invite id. Replaces on: every input (the API has no update); and when refresh finds it
 *   expired, so the invitation is sent again.
 * - An accepted invite shows no change: the person is a member now, which is what the program asked.
 * - delete: DELETE; an accepted invite cannot be deleted, so it is left in place with a warning and
 *   leaves state (the membership is not ours to remove). 404: done.
 * - `projects` is always sent: omitting it would silently add the person to the default project.
 * - create: refused before any write when a pending invite for the address exists; after an ambiguous
 *   failure, adopts only a new pending invite matching every input.
 * - adopt ({ import: "invite-…" }): one GET; an accepted or expired invite is refused.
 */
import { z } from "zod";
import { type AdminClient, type Invite, INVITE_PROJECT_ROLES, INVITE_ROLES, invites, isAdminError } from "../client";
import { email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";
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

/** The org's invites, as this process knows them. */
export function knownInvites(c: AdminClient): Collection<Invite> {
  return collection(c, "invites", () => invites.list(c));
}

const pendingFor = (i: Invite, email: string) => i.status === "pending" && i.email.toLowerCase() === email;

export const invite = defineResource<InviteInputs, InviteOutputs>({
  type: "Invite",
  inputs: InviteInputs,
  replaceOn: ["email", "role", "projects"],
  replaceOnDrift: (outs) => (outs.status === "expired" ? ["status"] : []),
  describe: (props) => `invite for ${String(props.email ?? "?")}`,

  async create(c, inputs) {
    const i = await guardedCreate({
      type: "Invite",
      collection: knownInvites(c),
      what: `invite for ${inputs.email}`,
      duplicates: (x) => pendingFor(x, inputs.email),
      describe: (x) => `a pending invite for ${x.email} (${x.id})`,
      importId: (x) => x.id,
      matches: (x) => pendingFor(x, inputs.email) && x.role === inputs.role && sameValue(outputs(x).projects, inputs.projects),
      create: () => invites.create(c, { email: inputs.email, role: inputs.role, projects: inputs.projects }),
      retrieve: (id) => invites.retrieve(c, id),
    });
    return { id: i.id, outs: outputs(i) };
  },

  async adopt(c, id) {
    const i = await invites.retrieve(c, id);
    if (i.status !== "pending") {
      throw new Error(
        i.status === "accepted"
          ? `the invite for ${i.email} was accepted: the person is a member now, and there is no invite left to manage`
          : `the invite for ${i.email} has expired: declare the Invite without the import option to send a new one`,
      );
    }
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
      knownInvites(c).remove(id);
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
