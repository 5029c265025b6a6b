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
 * - adopt ({ import: "invite-…" }): the run's listing (client/listed.ts), else one GET; an accepted or expired invite is refused.
 */
import { z } from "zod";
import { type AdminClient, type Invite, INVITE_PROJECT_ROLES, INVITE_ROLES, invites, isAdminError, followUp } from "../client";
import { byCodeUnits, email, projectId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";
import { warn } from "../warn";

// The words of the TSDoc npm run generate writes into sdk/invite.ts, and of the plugin's schema in every language.
const role = z.enum(INVITE_ROLES, { error: "must be reader or owner" });
const projectRole = z.enum(INVITE_PROJECT_ROLES, { error: "must be member or owner" });

export const InviteInputs = z.strictObject({
  email: email.describe("The address to invite; compared without regard to case."),
  role: role.describe("Organization role: `reader` or `owner`."),
  projects: z
    .array(
      z.strictObject({
        id: projectId.describe("The project (`proj_…`)."),
        role: projectRole.describe("`member` or `owner` of that project."),
      }).describe("A project the invited person joins on acceptance."),
      { error: "must be a list of { id, role }" },
    )
    .optional()
    .superRefine((ps, ctx) => {
      // One role per project: the API would keep one of the two, and which one is not ours to guess.
      const seen = new Set<string>();
      ps?.forEach((p, i) => {
        if (seen.has(p.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `repeats project "${p.id}": list each project once` });
        seen.add(p.id);
      });
    })
    // Sorted by code units, not localeCompare: state written under one LANG must not diff under another.
    .transform((ps) => [...(ps ?? [])].sort((a, b) => byCodeUnits(a.id, b.id)))
    .describe(
      "Projects joined on acceptance. Omitted means none: this package always sends the list, because the API would otherwise add the person to the default project.",
    ),
}).describe(
  "An invitation to the organization. Invites cannot be changed: any input change replaces (re-sends) the invite, and so does a refresh that finds it expired. An accepted invite shows no change. Deleting a pending invite revokes it; an accepted one cannot be deleted, so it is left in place with a warning (the person stays a member).",
);
export type InviteInputs = z.infer<typeof InviteInputs>;

/** What state holds for an invite. */
export const InviteOutputs = z.object({
  inviteId: z.string().describe("The invite id, also the resource id."),
  email: z.string().describe("Lower-cased."),
  role,
  projects: z.array(z.object({ id: z.string(), role: projectRole })),
  status: z.enum(["accepted", "expired", "pending"]).describe("`pending`, `accepted` or `expired`."),
  createdAt: z.number().nullable().describe("Unix seconds."),
  expiresAt: z.number().nullable().describe("Unix seconds."),
  acceptedAt: z.number().nullable().describe("Unix seconds, or null until accepted."),
});
export type InviteOutputs = z.infer<typeof InviteOutputs>;

function outputs(i: Invite): InviteOutputs {
  return {
    inviteId: i.id,
    email: i.email.toLowerCase(),
    role: i.role,
    projects: [...(i.projects ?? [])].sort((a, b) => byCodeUnits(a.id, b.id)),
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
  outputs: InviteOutputs,
  replaceOn: ["email", "role", "projects"],
  deletesFirst: true,
  importIdForm: "invite-…",
  lives: { path: "/organization/invites" },
  // A second pending invite for one address may be refused while the first is still there.
  replaceOnDrift: (outs) => (outs.status === "expired" ? ["status"] : []),
  refuseAdoption: (outs) =>
    outs.status === "accepted"
      ? `the invite for ${outs.email} was accepted: the person is a member now, and there is no invite left to manage`
      : outs.status === "expired"
        ? `the invite for ${outs.email} has expired: declare the Invite without the import option to send a new one`
        : undefined,
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

  async read(c, id) {
    return outputs(await invites.retrieveListed(c, id));
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
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || (await followUp(e, `the look at invite ${id}`, () => invites.retrieve(c, id))).status !== "accepted") throw e;
      await warn(
        `OpenAI Invite ${id} for ${outs.email} was accepted, so it cannot be deleted; ` +
          "the person stays a member of the organization and the invite leaves Pulumi state. " +
          "Remove the user in the OpenAI dashboard if they should lose access.",
      );
    }
  },
});
