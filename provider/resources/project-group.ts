/**
 * ProjectGroup: a group's access to a project, with a project role.
 * - id: the group id. Replaces on every input (the API has no update; the old access is removed first).
 * - create: one POST. delete: DELETE (the group stays). 404 on read (access or project gone): gone.
 * - The API never says which role a group holds, so `role` is what Pulumi granted and a role changed
 *   outside Pulumi cannot show as drift.
 * - create after an ambiguous failure: adopts the access if the group now shows in the project
 *   (keyed by project and group: it cannot be doubled).
 * - adopt ({ import: "<projectId>/<groupId>" }, or the group id with `projectId`): one GET; the role is
 *   taken from the program, since it cannot be read.
 */
import { z } from "zod";
import { type AdminClient, type ProjectGroup, isAdminError, projectGroups } from "../client";
import { createOnce } from "../lost-create";
import { projectId, documented, scopedImportId } from "../fields";
import { defineResource } from "../handler";
import { addOrTakeOver, existedBefore, memberOperations, noUpdate, orNone } from "../membership";

// The words of the TSDoc npm run generate writes into sdk/project-group.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the access.",
  "groupId": "The group. Changing it replaces the access.",
  "role": "The project role granted to the group (its identifier). Changing it replaces the access.",
  "(class)": "A group's access to a project, with a project role. Any change replaces it (the old access is removed first); deleting it removes the group from the project only. The API never answers the role, so a role changed outside Pulumi does not show as drift. Adopt one with `{ import: \"<projectId>/<groupId>\" }`."
};

export const ProjectGroupInputs = documented(DOCS, z.strictObject({
  projectId,
  groupId: z.string({ error: "is required: the group id" }).trim().min(1, "is required: the group id"),
  role: z.string({ error: "is required: the project role to grant (its id)" }).trim().min(1, "is required: the project role to grant (its id)"),
}));
export type ProjectGroupInputs = z.infer<typeof ProjectGroupInputs>;

/** What state holds for a group's access to a project. */
export const ProjectGroupOutputs = z.object({
  projectId: z.string(),
  groupId: z.string().describe("The group id, also the resource id."),
  groupName: z.string().describe("The group's name."),
  role: z.string().describe("The project role as Pulumi granted it (the API does not answer it)."),
  createdAt: z.number().describe("Unix seconds when the group got access to the project."),
  existedBefore,
});
export type ProjectGroupOutputs = z.infer<typeof ProjectGroupOutputs>;

const outputs = (g: ProjectGroup, role: string, existedBefore: boolean): ProjectGroupOutputs => ({
  projectId: g.project_id,
  groupId: g.group_id,
  groupName: g.group_name,
  role,
  createdAt: g.created_at,
  existedBefore,
});

export const projectGroup = defineResource<ProjectGroupInputs, ProjectGroupOutputs>({
  type: "ProjectGroup",
  inputs: ProjectGroupInputs,
  outputs: ProjectGroupOutputs,
  importId: scopedImportId("ProjectGroup", "projectId", "<projectId>/<groupId>"),
  replaceOn: ["projectId", "groupId", "role"],
  importIdForm: "<projectId>/<groupId>",
  lives: { path: "/organization/projects/{projectId}/groups", under: "Project" },
  describe: (props) => `group ${String(props.groupId ?? "?")} in project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const { member: g, existedBefore } = await addOrTakeOver(() => addOnce(c, inputs), () => orNone(() => projectGroups.retrieve(c, inputs.projectId, inputs.groupId)));
    return { id: g.group_id, outs: outputs(g, inputs.role, existedBefore) };
  },

  ...memberOperations<ProjectGroupInputs, ProjectGroupOutputs, ProjectGroup>({
    parent: "projectId",
    retrieve: (c, projectId, groupId) => projectGroups.retrieveListed(c, projectId, groupId),
    remove: (c, projectId, groupId) => projectGroups.remove(c, projectId, groupId),
    idOf: (g) => g.group_id,
    // The API never answers the role: it is the program's at an adoption, and what state holds at a read.
    outputs: (_projectId, g, existedBefore, from) => outputs(g, from.role as string, existedBefore),
    describe: (id, outs) => `OpenAI ProjectGroup ${id} in project ${outs.projectId}`,
  }),
  update: noUpdate("ProjectGroup", "a group's access cannot be updated"),
});

function addOnce(c: AdminClient, inputs: ProjectGroupInputs) {
  return createOnce(() => projectGroups.add(c, inputs.projectId, { group_id: inputs.groupId, role: inputs.role }), {
    what: `group ${inputs.groupId} in project ${inputs.projectId}`,
    candidates: async () => {
      try {
      return [await projectGroups.retrieve(c, inputs.projectId, inputs.groupId)];
      } catch (e) {
      if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return [];
      throw e;
      }
    },
    retrieve: () => projectGroups.retrieve(c, inputs.projectId, inputs.groupId),
    importLine: () => `{ import: "${inputs.projectId}/${inputs.groupId}" }`,
  });
}
