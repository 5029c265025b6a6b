/**
 * ProjectModelPermissions: which models a project may use, as an allow list or a deny list.
 * - id: the project id. Replaces on: `projectId`.
 * - create and update: one POST that sets the whole policy (so a retried create cannot duplicate).
 * - delete: DELETE, which makes the project unrestricted again. 404 (project gone): done.
 * - model ids are a set: order never shows as a change.
 */
import { z } from "zod";
import { type ProjectModelPermissions, MODEL_PERMISSION_MODES, modelPermissions } from "../client";
import { defineResource } from "../handler";
import { projectId } from "../fields";

export const ProjectModelPermissionsInputs = z.strictObject({
  projectId,
  mode: z.enum(MODEL_PERMISSION_MODES, { error: "must be allow_list or deny_list" }),
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
    .transform((ids) => [...ids].sort()),
});
export type ProjectModelPermissionsInputs = z.infer<typeof ProjectModelPermissionsInputs>;

/** What state holds for a project's model permissions. */
export interface ProjectModelPermissionsOutputs extends Record<string, unknown> {
  projectId: string;
  mode: "allow_list" | "deny_list";
  /** Sorted. */
  modelIds: string[];
}

function outputs(projectId: string, p: ProjectModelPermissions): ProjectModelPermissionsOutputs {
  return { projectId, mode: p.mode, modelIds: [...p.model_ids].sort() };
}

export const projectModelPermissions = defineResource<ProjectModelPermissionsInputs, ProjectModelPermissionsOutputs>({
  type: "ProjectModelPermissions",
  inputs: ProjectModelPermissionsInputs,
  replaceOn: ["projectId"],
  // One policy per project, keyed by it: a create-first replace would end with the old delete removing it.
  deleteBeforeReplace: true,
  describe: (props) => `model permissions of project ${String(props.projectId ?? "?")}`,

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
