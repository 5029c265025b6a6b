/**
 * ProjectRoleAssignment: a project role given to a group or a person, in one project
 * (`/projects/{id}/{groups|users}/{id}/roles`).
 * - id: `<projectId>/<groups|users>/<principalId>/<roleId>`. Replaces on every input (nothing to update).
 * - create: one POST. delete: DELETE (only the role is taken back). 404 on read: gone.
 * - create after an ambiguous failure: adopted when the role now shows on the group or person (keyed by
 *   principal and role: it cannot be doubled).
 * - adopt ({ import: "<projectId>/<groups|users>/<principalId>/<roleId>" }): one GET.
 */
import { z } from "zod";
import { roleAssignments } from "../client";
import { documented, projectId } from "../fields";
import { defineResource } from "../handler";
import { noUpdate, removeUnlessPreexisting } from "../membership";
import { AssignmentOutputs, assignOnce, assignmentOf, assignmentOutputs, idInput, idOf, onePrincipal, principalOf } from "../shared/role-assignments";

// The words of the TSDoc npm run generate writes into sdk/project-role-assignment.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the assignment.",
  "roleId": "The project role (`role_…`). Changing it replaces the assignment.",
  "groupId": "The group that gets the role in the project.",
  "userId": "The person (`user-…`) who gets the role in the project.",
  "(class)": "A project role given to a group or a person in one project. Deleting it takes the role back; any change replaces it (the old assignment removed first). Adopt one with `{ import: \"<projectId>/groups/<groupId>/<roleId>\" }` or `{ import: \"<projectId>/users/<userId>/<roleId>\" }`."
};

export const ProjectRoleAssignmentInputs = documented(DOCS, z.strictObject({ projectId, roleId: idInput("role"), groupId: idInput("group").optional(), userId: idInput("user").optional() }))
  .refine(...onePrincipal)
  .describe(DOCS["(class)"]);
export type ProjectRoleAssignmentInputs = z.infer<typeof ProjectRoleAssignmentInputs>;

/** What state holds for a project role assignment. */
export const ProjectRoleAssignmentOutputs = AssignmentOutputs.extend({ projectId: z.string() });
export type ProjectRoleAssignmentOutputs = z.infer<typeof ProjectRoleAssignmentOutputs>;

export const projectRoleAssignment = defineResource<ProjectRoleAssignmentInputs, ProjectRoleAssignmentOutputs>({
  type: "ProjectRoleAssignment",
  inputs: ProjectRoleAssignmentInputs,
  outputs: ProjectRoleAssignmentOutputs,
  importId: (id) => {
    const [projectId, ...assignment] = id.split("/");
    return { id, outs: { projectId, ...assignmentOf(assignment.join("/")) } };
  },
  replaceOn: ["projectId", "roleId", "groupId", "userId"],
  importIdForm: "<projectId>/<groups|users>/<principalId>/<roleId>",
  lives: { path: "/projects/{projectId}/{groups|users}/{principalId}/roles", under: "Project" },
  unmanagedWhenUnset: ["groupId", "userId"],
  describe: (props) => `role ${String(props.roleId ?? "?")} of ${String(props.groupId ?? props.userId ?? "?")} in project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const p = principalOf(inputs);
    const { member, existedBefore } = await assignOnce(c, p, inputs.roleId, inputs.projectId);
    return { id: `${inputs.projectId}/${idOf(p, inputs.roleId)}`, outs: { ...assignmentOutputs(p, member, existedBefore), projectId: inputs.projectId } };
  },

  async adopt(c, importId) {
    const [project, principal, principalId, roleId] = importId.split("/");
    if (!project || (principal !== "groups" && principal !== "users") || !principalId || !roleId) {
      throw new Error('a project role assignment is adopted with { import: "<projectId>/groups/<groupId>/<roleId>" } or "<projectId>/users/<userId>/<roleId>"');
    }
    const r = await roleAssignments.retrieveListed(c, principal, principalId, roleId, project);
    return { id: importId, outs: { ...assignmentOutputs([principal, principalId], r, false), projectId: project } };
  },

  async read(c, _id, outs) {
    const p = principalOf(outs);
    return { ...assignmentOutputs(p, await roleAssignments.retrieveListed(c, p[0], p[1], outs.roleId, outs.projectId), outs.existedBefore ?? false), projectId: outs.projectId };
  },

  update: noUpdate("ProjectRoleAssignment", "an assignment has nothing to update"),

  async delete(c, id, outs) {
    const p = principalOf(outs);
    await removeUnlessPreexisting(`OpenAI ProjectRoleAssignment ${id}`, outs, () => roleAssignments.unassign(c, p[0], p[1], outs.roleId, outs.projectId));
  },
});
