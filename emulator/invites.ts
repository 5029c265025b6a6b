import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { defaultProjectId, findProject } from "./projects";
import type { Family } from "./router";
import { EMAIL, fields, invalid, isObject, oneOf, required } from "./validate";

const INVITE_LIFETIME_S = 7 * 24 * 60 * 60;

const inviteSchema = z.object({
  id: z.string(),
  object: z.literal("organization.invite"),
  email: z.string(),
  role: z.enum(["reader", "owner"]),
  // "expired" is never stored: it is derived from expires_at when the invite is read.
  status: z.enum(["pending", "accepted"]),
  created_at: z.number(),
  expires_at: z.number(),
  accepted_at: z.number().nullable(),
  projects: z.array(z.object({ id: z.string(), role: z.enum(["member", "owner"]) })),
});
const shape = { invites: z.array(inviteSchema) };
type StoredInvite = z.infer<typeof inviteSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** An invite in API shape, with `expired` derived at read time. */
export type Invite = Omit<StoredInvite, "status"> & { status: "pending" | "accepted" | "expired" };

function view(org: Org, invite: StoredInvite): Invite {
  const expired = invite.status === "pending" && invite.expires_at < org.now();
  return { ...invite, status: expired ? "expired" : invite.status };
}

function stored(org: Org, id: string): StoredInvite {
  const invite = own(org).invites.find((i) => i.id === id);
  if (!invite) throw new ApiError(404, `No invite found with id '${id}'.`);
  return invite;
}

function inviteProjects(org: Org, value: unknown): Invite["projects"] {
  if (!Array.isArray(value)) throw invalid("projects", "expected a list of {id, role}");
  return value.map((entry: unknown) => {
    if (!isObject(entry) || Object.keys(entry).some((key) => key !== "id" && key !== "role")) {
      throw invalid("projects", "expected a list of {id, role}");
    }
    const project = findProject(org, entry.id);
    if (!project || project.status !== "active" || project.id === defaultProjectId(org)) {
      throw invalid("projects", `'${String(entry.id)}' is not an active, non-default project`);
    }
    return { id: project.id, role: oneOf(entry.role, ["member", "owner"], "projects") };
  });
}

/** Invites: no update; an accepted invite cannot be deleted; expiry is derived, never stored. */
export const invites: Family = {
  state: shape,
  fresh: () => ({ invites: [] }),
  dump: (org) => ({ invites: own(org).invites.map((i) => view(org, i)) }),
  routes: {
    "GET /organization/invites": ({ org, query }) => org.page(own(org).invites.map((i) => view(org, i)), query),
    "POST /organization/invites": ({ org, body }) => {
      const b = fields(body, ["email", "role", "projects"]);
      const email = required(b, "email");
      if (typeof email !== "string" || !EMAIL.test(email)) throw invalid("email", "expected an email address");
      const role = oneOf(required(b, "role"), ["reader", "owner"], "role");
      const projects = b.projects === undefined
        // Omitting `projects` keeps the legacy behaviour of inviting into the default project.
        ? [{ id: defaultProjectId(org), role: "member" as const }]
        : inviteProjects(org, b.projects);
      const created = org.now();
      const invite: StoredInvite = {
        id: org.newId("invite-"), object: "organization.invite", email, role, status: "pending",
        created_at: created, expires_at: created + INVITE_LIFETIME_S, accepted_at: null, projects,
      };
      own(org).invites.push(invite);
      return { ...invite };
    },
    "GET /organization/invites/{invite_id}": ({ org, params }) => view(org, stored(org, params.invite_id)),
    "DELETE /organization/invites/{invite_id}": ({ org, params: { invite_id } }) => {
      const invite = stored(org, invite_id);
      if (invite.status === "accepted") throw new ApiError(400, "Cannot delete an accepted invite.");
      own(org).invites = own(org).invites.filter((i) => i !== invite);
      return { id: invite_id, object: "organization.invite.deleted", deleted: true };
    },
  },
  control: {
    /** What the invited person clicking the link does. */
    "POST /__emulator/invites/{invite_id}/accept": ({ org, params }) => {
      const invite = stored(org, params.invite_id);
      invite.status = "accepted";
      invite.accepted_at = org.now();
      return view(org, invite);
    },
    /** Moves the expiry into the past, so tests need not wait seven days. */
    "POST /__emulator/invites/{invite_id}/expire": ({ org, params }) => {
      const invite = stored(org, params.invite_id);
      invite.expires_at = org.now() - 1;
      return view(org, invite);
    },
  },
};
