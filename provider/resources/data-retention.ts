/**
 * DataRetention: how long OpenAI keeps a project's API data.
 * - id: the project id. Replaces on: `projectId`.
 * - create and update: one POST of `retention_type` (the API answers it back as `type`).
 * - delete: sets `organization_default`, so the project inherits the organization's setting again.
 *   404 (project gone): done. A project archived meanwhile: done, there is nothing left to reset.
 * - adopt ({ import: "proj_…" }, the project id): one GET.
 */
import { z } from "zod";
import { isAdminError, RETENTION_TYPES, dataRetention, projects, followUp } from "../client";
import { projectId } from "../fields";
import { defineResource, madeAt } from "../handler";

// The words of the TSDoc npm run generate writes into sdk/data-retention.ts, and of the plugin's schema in every language.
const retentionType = z.enum(RETENTION_TYPES, { error: `must be one of ${RETENTION_TYPES.join(", ")}` }).meta({ title: "RetentionType" });

export const DataRetentionInputs = z.strictObject({
  projectId: projectId.describe("The project (`proj_…`). Changing it replaces the resource."),
  retentionType: retentionType.describe("The setting; your organization must be eligible for the zero and modified kinds. Updated in place."),
}).describe(
  "How long OpenAI keeps a project's API data. One per project; its id is the project id. Replaced when `projectId` changes. Deleting it sets `organization_default`, so the project inherits the organization's setting again.",
);
export type DataRetentionInputs = z.infer<typeof DataRetentionInputs>;

/** What state holds for a project's data retention. */
export const DataRetentionOutputs = z.object({ projectId: z.string(), retentionType, createdAt: madeAt });
export type DataRetentionOutputs = z.infer<typeof DataRetentionOutputs>;

export const dataRetentionResource = defineResource<DataRetentionInputs, DataRetentionOutputs>({
  type: "DataRetention",
  inputs: DataRetentionInputs,
  outputs: DataRetentionOutputs,
  replaceOn: ["projectId"],
  importIdForm: "<projectId>",
  lives: { path: "/organization/projects/{projectId}/data_retention", under: "Project" },
  // One setting per project, keyed by it: a create-first replace would end with the old delete resetting it.
  describe: (props) => `data retention of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const r = await dataRetention.update(c, inputs.projectId, { retention_type: inputs.retentionType });
    return { id: inputs.projectId, outs: { projectId: inputs.projectId, retentionType: r.type } };
  },

  async read(c, id) {
    return { projectId: id, retentionType: (await dataRetention.retrieve(c, id)).type };
  },

  async update(c, id, _olds, inputs) {
    const r = await dataRetention.update(c, id, { retention_type: inputs.retentionType });
    return { projectId: id, retentionType: r.type };
  },

  async delete(c, id) {
    try {
      await dataRetention.update(c, id, { retention_type: "organization_default" });
    } catch (e) {
      // Only an archived project refuses the reset; the extra GET is paid on that path alone.
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || (await followUp(e, `the look at project ${id}`, () => projects.retrieve(c, id))).status !== "archived") throw e;
    }
  },
});
