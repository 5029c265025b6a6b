/**
 * ProjectModelPermissions: which models a project may use, as an allow list or a deny list.
 * - id: the project id. Replaces on: `projectId`.
 * - create and update: one POST that sets the whole policy (so a retried create cannot duplicate).
 * - delete: DELETE, which makes the project unrestricted again. 404 (project gone): done.
 * - model ids are a set: order never shows as a change.
 * - adopt ({ import: "proj_…" }, the project id): one GET; a create would also take over, but it writes.
 */
import { z } from "zod";
import { type ProjectModelPermissions, MODEL_PERMISSION_MODES, modelPermissions } from "../client";
import { defineResource, madeAt } from "../handler";
import { projectId } from "../fields";

// The words of the TSDoc npm run generate writes into sdk/project-model-permissions.ts, and of the plugin's schema in every language.
const mode = z.enum(MODEL_PERMISSION_MODES, { error: "must be allow_list or deny_list" });

export const ProjectModelPermissionsInputs = z.strictObject({
  projectId: projectId.describe("The project (`proj_…`). Changing it replaces the resource."),
  mode: mode.describe("`allow_list`: only `modelIds` may be used. `deny_list`: every model but `modelIds`."),
  modelIds: z
    .array(z.string({ error: "must be a string" }).trim().min(1, "must not be blank"), { error: "must be a list of model ids" })
    .min(1, "must list at least one model id")
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: "custom", path: [i], message: `repeats "${id}"` });
        seen.add(id);
      });
    })
    .transform((ids) => [...ids].sort())
    .describe("Model ids, e.g. `gpt-4.1`. A set: order does not matter; no blanks or repeats."),
}).describe(
  "Which models a project may use. One per project; its id is the project id. Replaced when `projectId` changes. Deleting it removes the policy, leaving the project unrestricted.",
);
export type ProjectModelPermissionsInputs = z.infer<typeof ProjectModelPermissionsInputs>;

/** What state holds for a project's model permissions. */
export const ProjectModelPermissionsOutputs = z.object({
  projectId: z.string(),
  mode,
  modelIds: z.array(z.string()).describe("The model ids, sorted."),
  createdAt: madeAt,
});
export type ProjectModelPermissionsOutputs = z.infer<typeof ProjectModelPermissionsOutputs>;

function outputs(projectId: string, p: ProjectModelPermissions): ProjectModelPermissionsOutputs {
  return { projectId, mode: p.mode, modelIds: [...p.model_ids].sort() };
}

export const projectModelPermissions = defineResource<ProjectModelPermissionsInputs, ProjectModelPermissionsOutputs>({
  type: "ProjectModelPermissions",
  inputs: ProjectModelPermissionsInputs,
  outputs: ProjectModelPermissionsOutputs,
  replaceOn: ["projectId"],
  importIdForm: "<projectId>",
  lives: { path: "/organization/projects/{projectId}/model_permissions", under: "Project" },
  // One policy per project, keyed by it: a create-first replace would end with the old delete removing it.
  describe: (props) => `model permissions of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const p = await modelPermissions.update(c, inputs.projectId, { mode: inputs.mode, model_ids: inputs.modelIds });
    return { id: inputs.projectId, outs: outputs(inputs.projectId, p) };
  },

  async read(c, id) {
    return outputs(id, await modelPermissions.retrieve(c, id));
  },

  async update(c, id, _olds, inputs) {
    return outputs(id, await modelPermissions.update(c, id, { mode: inputs.mode, model_ids: inputs.modelIds }));
  },

  async delete(c, id) {
    await modelPermissions.delete(c, id);
  },
});
