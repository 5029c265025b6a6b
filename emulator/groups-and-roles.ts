import { z } from "zod";
import { ApiError } from "./errors";
import type { PageSize } from "./list";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { findUser, onUserRemoved } from "./users";
import { fields, invalid, nullableString, oneOf, required } from "./validate";

const groupSchema = z.object({ id: z.string(), name: z.string(), created_at: z.number(), is_scim_managed: z.boolean(), group_type: z.enum(["group", "tenant_group"]) });
const roleSchema = z.object({
  id: z.string(), object: z.literal("role"), name: z.string(), description: z.string().nullable(),
  permissions: z.array(z.string()), resource_type: z.string(), predefined_role: z.boolean(),
});
const shape = {
  groups: z.array(groupSchema).default([]),
  groupMembers: z.record(z.string(), z.array(z.string())).default({}),
  // Role ids given to each group or person, keyed `groups/<id>` or `users/<id>`.
  roleAssignments: z.record(z.string(), z.array(z.string())).default({}),
  // Each project's custom roles (its predefined ones are the same in every project).
  projectRoles: z.record(z.string(), z.array(roleSchema)).default({}),
  // Each project's groups, with the role each was granted (the API never shows it back).
  projectGroups: z.record(z.string(), z.array(z.object({ group_id: z.string(), role: z.string(), created_at: z.number() }))).default({}),
  roles: z.array(roleSchema).default([]),
};
type Group = z.infer<typeof groupSchema>;
type Role = z.infer<typeof roleSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** A few of the permissions OpenAI's role editor offers; the emulator accepts any `api.` permission. */
const PERMISSION = /^api\.[a-z_.]+$/;

// Every org has the predefined roles; their ids are fixed so tests can name them.
const PREDEFINED: Role[] = [
  { id: "role_owner", object: "role", name: "owner", description: "Can manage everything in the organization.", permissions: ["api.organization.admin"], resource_type: "api.organization", predefined_role: true },
  { id: "role_reader", object: "role", name: "reader", description: "Can use the organization's projects.", permissions: ["api.organization.read"], resource_type: "api.organization", predefined_role: true },
];

/**
 * The newer endpoints page with a `next` cursor instead of `last_id`, and each has its own page size and default
 * order (OpenAI's description of the endpoint; where it gives no default, 20 and ascending).
 */
function nextPage<T extends { id: string }>(org: Org, items: T[], query: URLSearchParams, size: PageSize, defaultOrder: "asc" | "desc" = "asc") {
  const order = oneOf(query.get("order") ?? defaultOrder, ["asc", "desc"], "order");
  const p = org.page(order === "asc" ? items : [...items].reverse(), query, size);
  return { object: "list", data: p.data, has_more: p.has_more, next: p.has_more ? p.last_id : null };
}

function group(org: Org, id: string): Group {
  const g = own(org).groups.find((x) => x.id === id);
  if (!g) throw new ApiError(404, `No group found with id '${id}'.`);
  return g;
}

// Every project has these; their ids are fixed so tests can name them.
const PROJECT_PREDEFINED: Role[] = [
  { id: "role_project_owner", object: "role", name: "owner", description: "Can manage the project.", permissions: ["api.project.admin"], resource_type: "api.project", predefined_role: true },
  { id: "role_project_member", object: "role", name: "member", description: "Can use the project.", permissions: ["api.project.read"], resource_type: "api.project", predefined_role: true },
];

/** The roles of the organization, or of one project (its predefined ones first). */
function rolesOf(org: Org, projectId?: string): Role[] {
  if (projectId === undefined) return own(org).roles;
  getProject(org, projectId);
  return [...PROJECT_PREDEFINED, ...(own(org).projectRoles[projectId] ?? [])];
}

function role(org: Org, id: string, projectId?: string): Role {
  const r = rolesOf(org, projectId).find((x) => x.id === id);
  if (!r) throw new ApiError(404, `No role found with id '${id}'.`);
  return r;
}

function groupName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid("name", "expected a non-empty string");
  return value;
}

function permissions(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((p) => typeof p === "string" && PERMISSION.test(p))) {
    throw invalid("permissions", "expected a non-empty list of permissions like api.model.read");
  }
  return [...value];
}

onUserRemoved((org, userId) => {
  for (const [id, members] of Object.entries(own(org).groupMembers)) own(org).groupMembers[id] = members.filter((m) => m !== userId);
  delete own(org).roleAssignments[`users/${userId}`];
});

/** What an assignment shows of a role. */
const assigned = (r: Role) => ({
  id: r.id, name: r.name, permissions: r.permissions, resource_type: r.resource_type, predefined_role: r.predefined_role,
  description: r.description, created_at: null, updated_at: null, created_by: null, created_by_user_obj: null, metadata: null, assignment_sources: null,
});

/** The group or person a role route names; 404 when there is none. */
function principal(org: Org, kind: "groups" | "users", id: string): { key: string; body: Record<string, unknown> } {
  if (kind === "groups") {
    const g = group(org, id);
    return { key: `groups/${g.id}`, body: { group: { object: "group", id: g.id, name: g.name, created_at: g.created_at, scim_managed: g.is_scim_managed } } };
  }
  const u = findUser(org, id);
  if (!u) throw new ApiError(404, `No user found with id '${id}'.`);
  return { key: `users/${u.id}`, body: { user: u } };
}

const PROJECT_GROUPS = "/organization/projects/{project_id}/groups";

function projectGroupView(org: Org, projectId: string, entry: { group_id: string; created_at: number }) {
  const g = group(org, entry.group_id);
  return { object: "project.group", project_id: projectId, group_id: g.id, group_name: g.name, group_type: g.group_type, created_at: entry.created_at };
}

function projectGroupEntry(org: Org, projectId: string, groupId: string) {
  getProject(org, projectId);
  const entry = own(org).projectGroups[projectId]?.find((e) => e.group_id === groupId);
  if (!entry) throw new ApiError(404, `No group found with id '${groupId}' in project '${projectId}'.`);
  return entry;
}

const projectGroupRoutes: Family["routes"] = {
  [`GET ${PROJECT_GROUPS}`]: ({ org, params: { project_id }, query }) => {
    getProject(org, project_id);
    const entries = (own(org).projectGroups[project_id] ?? []).map((e) => ({ ...projectGroupView(org, project_id, e), id: e.group_id }));
    const page = nextPage(org, entries, query, { default: 20, max: 100 });
    return { ...page, data: page.data.map(({ id: _id, ...view }) => view) };
  },
  [`POST ${PROJECT_GROUPS}`]: ({ org, params: { project_id }, body }) => {
    writableProject(org, project_id, "modify");
    const b = fields(body, ["group_id", "role"]);
    const groupId = required(b, "group_id");
    if (typeof groupId !== "string" || !own(org).groups.some((g) => g.id === groupId)) throw invalid("group_id", "expected the id of a group of the organization");
    const role = required(b, "role");
    if (typeof role !== "string" || role.trim() === "") throw invalid("role", "expected the identifier of a project role");
    const list = (own(org).projectGroups[project_id] ??= []);
    if (list.some((e) => e.group_id === groupId)) throw new ApiError(400, `Group '${groupId}' already has access to project '${project_id}'.`);
    const entry = { group_id: groupId, role, created_at: org.now() };
    list.push(entry);
    return projectGroupView(org, project_id, entry);
  },
  [`GET ${PROJECT_GROUPS}/{group_id}`]: ({ org, params: { project_id, group_id } }) => projectGroupView(org, project_id, projectGroupEntry(org, project_id, group_id)),
  [`DELETE ${PROJECT_GROUPS}/{group_id}`]: ({ org, params: { project_id, group_id } }) => {
    const entry = projectGroupEntry(org, project_id, group_id);
    own(org).projectGroups[project_id] = own(org).projectGroups[project_id].filter((e) => e !== entry);
    return { object: "project.group.deleted", deleted: true };
  },
};

/** The custom roles of the organization, or of one project (`inProject`: the path names it). */
function roleRoutes(base: string, inProject: boolean): Family["routes"] {
  const scope = (params: Record<string, string>) => (inProject ? params.project_id : undefined);
  const custom = (org: Org, params: Record<string, string>): Role[] => {
    const projectId = scope(params);
    if (projectId === undefined) return own(org).roles;
    writableProject(org, projectId, "modify");
    return (own(org).projectRoles[projectId] ??= []);
  };
  return {
    [`GET ${base}`]: ({ org, params, query }) => nextPage(org, rolesOf(org, scope(params)), query, { default: 1000, max: 1000 }),
    [`POST ${base}`]: ({ org, params, body }) => {
      const list = custom(org, params);
      const b = fields(body, ["role_name", "permissions", "description"]);
      const name = required(b, "role_name");
      if (typeof name !== "string" || name.trim() === "") throw invalid("role_name", "expected a non-empty string");
      if (rolesOf(org, scope(params)).some((r) => r.name === name)) throw new ApiError(400, `A role named '${name}' already exists.`);
      const r: Role = {
        id: org.newId("role_"), object: "role", name, description: nullableString(b.description, "description") ?? null,
        permissions: permissions(required(b, "permissions")), resource_type: inProject ? "api.project" : "api.organization", predefined_role: false,
      };
      list.push(r);
      return r;
    },
    [`GET ${base}/{role_id}`]: ({ org, params }) => role(org, params.role_id, scope(params)),
    [`POST ${base}/{role_id}`]: ({ org, params, body }) => {
      const r = role(org, params.role_id, scope(params));
      if (r.predefined_role) throw new ApiError(400, "A predefined role cannot be changed.");
      const b = fields(body, ["role_name", "permissions", "description"]);
      if (b.role_name != null) {
        if (typeof b.role_name !== "string" || b.role_name.trim() === "") throw invalid("role_name", "expected a non-empty string");
        r.name = b.role_name;
      }
      if (b.permissions != null) r.permissions = permissions(b.permissions);
      const description = nullableString(b.description, "description");
      if (description !== undefined) r.description = description;
      return r;
    },
    [`DELETE ${base}/{role_id}`]: ({ org, params }) => {
      const r = role(org, params.role_id, scope(params));
      if (r.predefined_role) throw new ApiError(400, "A predefined role cannot be deleted.");
      const projectId = scope(params);
      if (projectId === undefined) own(org).roles = own(org).roles.filter((x) => x !== r);
      else own(org).projectRoles[projectId] = custom(org, params).filter((x) => x !== r);
      for (const [key, ids] of Object.entries(own(org).roleAssignments)) own(org).roleAssignments[key] = ids.filter((id) => id !== r.id);
      return { object: "role.deleted", id: r.id, deleted: true };
    },
  };
}

function assignmentRoutes(kind: "groups" | "users", param: string, inProject = false): Family["routes"] {
  const base = inProject ? `/projects/{project_id}/${kind}/{${param}}/roles` : `/organization/${kind}/{${param}}/roles`;
  // A project's assignments are kept apart from the organization's, under the project id.
  const keyOf = (org: Org, params: Record<string, string>) => {
    const { key } = principal(org, kind, params[param]);
    return inProject ? `${params.project_id}:${key}` : key;
  };
  const scope = (params: Record<string, string>) => (inProject ? params.project_id : undefined);
  return {
    [`GET ${base}`]: ({ org, params, query }) => {
      const key = keyOf(org, params);
      const roles = (own(org).roleAssignments[key] ?? []).map((id) => role(org, id, scope(params)));
      return nextPage(org, roles.map(assigned), query, { default: 20, max: 1000 });
    },
    [`POST ${base}`]: ({ org, params, body }) => {
      const p = principal(org, kind, params[param]);
      const key = keyOf(org, params);
      const roleId = required(fields(body, ["role_id"]), "role_id");
      if (typeof roleId !== "string" || !rolesOf(org, scope(params)).some((r) => r.id === roleId)) throw invalid("role_id", `expected the id of a role of the ${inProject ? "project" : "organization"}`);
      const list = (own(org).roleAssignments[key] ??= []);
      if (list.includes(roleId)) throw new ApiError(400, `Role '${roleId}' is already assigned.`);
      list.push(roleId);
      return { object: kind === "groups" ? "group.role" : "user.role", ...p.body, role: role(org, roleId, scope(params)) };
    },
    [`GET ${base}/{role_id}`]: ({ org, params }) => {
      const key = keyOf(org, params);
      if (!own(org).roleAssignments[key]?.includes(params.role_id)) throw new ApiError(404, `Role '${params.role_id}' is not assigned.`);
      return assigned(role(org, params.role_id, scope(params)));
    },
    [`DELETE ${base}/{role_id}`]: ({ org, params }) => {
      const key = keyOf(org, params);
      const list = own(org).roleAssignments[key] ?? [];
      if (!list.includes(params.role_id)) throw new ApiError(404, `Role '${params.role_id}' is not assigned.`);
      own(org).roleAssignments[key] = list.filter((r) => r !== params.role_id);
      return { object: kind === "groups" ? "group.role.deleted" : "user.role.deleted", deleted: true };
    },
  };
}

/** Groups of people and the organization's roles (predefined and custom). */
export const groupsAndRoles: Family = {
  state: shape,
  fresh: () => ({ groups: [], groupMembers: {}, roleAssignments: {}, projectGroups: {}, projectRoles: {}, roles: PREDEFINED.map((r) => ({ ...r })) }),
  routes: {
    ...projectGroupRoutes,
    ...assignmentRoutes("groups", "group_id"),
    ...assignmentRoutes("users", "user_id"),
    ...assignmentRoutes("groups", "group_id", true),
    ...assignmentRoutes("users", "user_id", true),
    ...roleRoutes("/projects/{project_id}/roles", true),
    "GET /organization/groups": ({ org, query }) => nextPage(org, own(org).groups, query, { default: 100, max: 1000 }),
    "POST /organization/groups": ({ org, body }) => {
      const name = groupName(required(fields(body, ["name"]), "name"));
      const g: Group = { id: org.newId("group_"), name, created_at: org.now(), is_scim_managed: false, group_type: "group" };
      own(org).groups.push(g);
      return g;
    },
    "GET /organization/groups/{group_id}": ({ org, params }) => group(org, params.group_id),
    "POST /organization/groups/{group_id}": ({ org, params, body }) => {
      const g = group(org, params.group_id);
      if (g.is_scim_managed) throw new ApiError(400, "A SCIM-managed group can only be changed by the identity provider.");
      g.name = groupName(required(fields(body, ["name"]), "name"));
      // The update answers the group without its type, as documented.
      return { id: g.id, name: g.name, created_at: g.created_at, is_scim_managed: g.is_scim_managed };
    },
    "DELETE /organization/groups/{group_id}": ({ org, params }) => {
      const g = group(org, params.group_id);
      own(org).groups = own(org).groups.filter((x) => x !== g);
      delete own(org).groupMembers[g.id];
      delete own(org).roleAssignments[`groups/${g.id}`];
      for (const [projectId, entries] of Object.entries(own(org).projectGroups)) own(org).projectGroups[projectId] = entries.filter((e) => e.group_id !== g.id);
      return { object: "group.deleted", id: g.id, deleted: true };
    },
    "GET /organization/groups/{group_id}/users": ({ org, params, query }) => {
      group(org, params.group_id);
      const users = (own(org).groupMembers[params.group_id] ?? []).map((id) => findUser(org, id)).filter((u) => u !== undefined);
      return nextPage(org, users.map((u) => ({ id: u.id, name: u.name ?? "", email: u.email })), query, { default: 100, max: 1000 }, "desc");
    },
    "POST /organization/groups/{group_id}/users": ({ org, params, body }) => {
      const g = group(org, params.group_id);
      const userId = required(fields(body, ["user_id"]), "user_id");
      if (!findUser(org, userId)) throw invalid("user_id", "expected a member of the organization");
      const members = (own(org).groupMembers[g.id] ??= []);
      if (members.includes(userId as string)) throw new ApiError(400, `User '${String(userId)}' is already in group '${g.id}'.`);
      members.push(userId as string);
      return { object: "group.user", user_id: userId, group_id: g.id };
    },
    "GET /organization/groups/{group_id}/users/{user_id}": ({ org, params }) => {
      group(org, params.group_id);
      const user = findUser(org, params.user_id);
      if (!user || !own(org).groupMembers[params.group_id]?.includes(user.id)) throw new ApiError(404, `No user found with id '${params.user_id}' in group '${params.group_id}'.`);
      return { id: user.id, name: user.name ?? "", email: user.email, is_service_account: false, picture: null, user_type: "user" };
    },
    "DELETE /organization/groups/{group_id}/users/{user_id}": ({ org, params }) => {
      group(org, params.group_id);
      const members = own(org).groupMembers[params.group_id] ?? [];
      if (!members.includes(params.user_id)) throw new ApiError(404, `No user found with id '${params.user_id}' in group '${params.group_id}'.`);
      own(org).groupMembers[params.group_id] = members.filter((m) => m !== params.user_id);
      return { object: "group.user.deleted", deleted: true };
    },
    ...roleRoutes("/organization/roles", false),
  },
};
