import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { findUser, findUserByEmail, onUserRemoved } from "./users";
import { fields, invalid, nullableString, oneOf, required } from "./validate";

// Project roles the API documents (`owner` or `member`).
const ROLES = ["owner", "member"] as const;

const memberSchema = z.object({ user_id: z.string(), role: z.enum(ROLES), added_at: z.number() });
const shape = { projectUsers: z.record(z.string(), z.array(memberSchema)).default({}) };
type Member = z.infer<typeof memberSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

const PATH = "/organization/projects/{project_id}/users";

// Name and email are the person's, read from the organization when the membership is shown.
function view(org: Org, m: Member) {
  const user = findUser(org, m.user_id);
  return { object: "organization.project.user", id: m.user_id, name: user?.name ?? null, email: user?.email ?? null, role: m.role, added_at: m.added_at };
}

const members = (org: Org, projectId: string) => (own(org).projectUsers[projectId] ??= []);

function member(org: Org, projectId: string, userId: string): Member {
  const found = own(org).projectUsers[projectId]?.find((m) => m.user_id === userId);
  if (!found) throw new ApiError(404, `No user found with id '${userId}' in project '${projectId}'.`);
  return found;
}

/** Adds a member of the organization to a project (as an accepted invite does); a member keeps their role. */
export function addProjectMember(org: Org, projectId: string, userId: string, role: Member["role"]): void {
  const list = members(org, projectId);
  if (!list.some((m) => m.user_id === userId)) list.push({ user_id: userId, role, added_at: org.now() });
}

onUserRemoved((org, userId) => {
  for (const [projectId, list] of Object.entries(own(org).projectUsers)) {
    own(org).projectUsers[projectId] = list.filter((m) => m.user_id !== userId);
  }
});

/** Project memberships: only people already in the organization; one membership per person and project. */
export const projectUsers: Family = {
  state: shape,
  fresh: () => ({ projectUsers: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      return org.page((own(org).projectUsers[project_id] ?? []).map((m) => view(org, m)), query);
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, ["user_id", "email", "role"]);
      const role = oneOf(required(b, "role"), ROLES, "role");
      const userId = nullableString(b.user_id, "user_id");
      const email = nullableString(b.email, "email");
      if (!userId && !email) throw new ApiError(400, "Missing required parameter: 'user_id'.", "user_id");
      const user = userId ? findUser(org, userId) : findUserByEmail(org, email);
      if (!user) throw invalid(userId ? "user_id" : "email", "expected a member of the organization");
      if (members(org, project_id).some((m) => m.user_id === user.id)) {
        throw new ApiError(400, `User '${user.id}' is already a member of project '${project_id}'.`);
      }
      addProjectMember(org, project_id, user.id, role);
      return view(org, member(org, project_id, user.id));
    },
    [`GET ${PATH}/{user_id}`]: ({ org, params: { project_id, user_id } }) => {
      getProject(org, project_id);
      return view(org, member(org, project_id, user_id));
    },
    [`POST ${PATH}/{user_id}`]: ({ org, params: { project_id, user_id }, body }) => {
      writableProject(org, project_id, "modify");
      const m = member(org, project_id, user_id);
      const b = fields(body, ["role"]);
      if (b.role != null) m.role = oneOf(b.role, ROLES, "role");
      return view(org, m);
    },
    [`DELETE ${PATH}/{user_id}`]: ({ org, params: { project_id, user_id } }) => {
      writableProject(org, project_id, "modify");
      member(org, project_id, user_id);
      own(org).projectUsers[project_id] = members(org, project_id).filter((m) => m.user_id !== user_id);
      return { object: "organization.project.user.deleted", id: user_id, deleted: true };
    },
  },
};
