/**
 * ProjectRole: a custom role of one project (`/projects/{id}/roles`), a named set of permissions.
 * - id: the role id. Replaces on: `projectId`; everything else is updated in place.
 * - create: refused before any write when the project has a role of the same name, from one listing of
 *   its roles per process; then one POST. update: one POST. delete: DELETE. 404: gone / done.
 * - create after an ambiguous failure: adopts only a new role matching every input.
 * - adopt ({ import: "<projectId>/<roleId>" }, or the id with `projectId`): one GET; a predefined role is refused.
 */
import { z } from "zod";
import { type AdminClient, type Role, roles } from "../client";
import { projectId, documented, scopedImportId } from "../fields";
import { defineResource, sameValue } from "../handler";
import { type Collection, childCollection, guardedCreate } from "../lookup";
import { RoleFields, RoleOutputs, roleBody, roleOutputs } from "../shared/roles";

// The same inputs and rules as an organization role, in a project.
// The words of the TSDoc npm run generate writes into sdk/project-role.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the role.",
  "name": "The role's name. Updated in place.",
  "permissions": "The permissions the role grants in the project; a set. Updated in place.",
  "description": "What the role is for. Updated in place.",
  "(class)": "A custom role of one project: a named set of permissions. Every change but the project is an update in place; deleting it deletes the role. A create is refused, before any write, when the project has a role of the same name. Adopt one with `{ import: \"<projectId>/<roleId>\" }`."
};

export const ProjectRoleInputs = documented(DOCS, RoleFields.extend({ projectId }));
export type ProjectRoleInputs = z.infer<typeof ProjectRoleInputs>;

/** What state holds for a project role. */
export const ProjectRoleOutputs = RoleOutputs.extend({ projectId: z.string() });
export type ProjectRoleOutputs = z.infer<typeof ProjectRoleOutputs>;

/** One project's roles, as this process knows them; a new project already has the predefined ones, so it is listed. */
export function knownProjectRoles(c: AdminClient, project: string): Collection<Role> {
  return childCollection(c, { under: "Project", id: project, name: "roles", notEmptyWhenNew: true }, () => roles.list(c, project));
}

export const projectRole = defineResource<ProjectRoleInputs, ProjectRoleOutputs>({
  type: "ProjectRole",
  inputs: ProjectRoleInputs,
  outputs: ProjectRoleOutputs,
  importId: scopedImportId("ProjectRole", "projectId", "<projectId>/<roleId>"),
  replaceOn: ["projectId"],
  deletesFirst: true,
  importIdForm: "<projectId>/<roleId>",
  lives: { path: "/projects/{projectId}/roles", under: "Project" },
  describe: (props) => `role "${String(props.name ?? "?")}" of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const r = await guardedCreate({
      type: "ProjectRole",
      collection: knownProjectRoles(c, inputs.projectId),
      what: `role "${inputs.name}" of project ${inputs.projectId}`,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `a ${x.predefined_role ? "predefined " : ""}role named "${x.name}" (${x.id})`,
      importId: (x) => `${inputs.projectId}/${x.id}`,
      matches: (x) => sameValue({ ...roleOutputs(x), roleId: null, resourceType: null, projectId: inputs.projectId }, inputs),
      create: () => roles.create(c, roleBody(inputs), inputs.projectId),
      retrieve: (id) => roles.retrieve(c, id, inputs.projectId),
    });
    return { id: r.id, outs: { ...roleOutputs(r), projectId: inputs.projectId } };
  },

  async adopt(c, id, inputs) {
    const [project, roleId] = id.includes("/") ? id.split("/", 2) : [inputs.projectId, id];
    const r = await roles.retrieveListed(c, roleId, project);
    if (r.predefined_role) throw new Error(`role "${r.name}" is predefined: it cannot be changed or deleted, so it is not adopted`);
    return { id: r.id, outs: { ...roleOutputs(r), projectId: project } };
  },

  async read(c, id, outs) {
    return { ...roleOutputs(await roles.retrieveListed(c, id, outs.projectId)), projectId: outs.projectId };
  },

  async update(c, id, olds, inputs) {
    const r = await roles.update(c, id, roleBody(inputs), olds.projectId);
    knownProjectRoles(c, olds.projectId).put(r);
    return { ...roleOutputs(r), projectId: olds.projectId };
  },

  async delete(c, id, outs) {
    await roles.delete(c, id, outs.projectId);
    knownProjectRoles(c, outs.projectId).remove(id);
  },
});
