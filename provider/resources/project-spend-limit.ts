/**
 * ProjectSpendLimit: a project's hard spend limit (the project's requests are refused past it).
 * - id: the project id (one per project). Replaces on: `projectId`.
 * - create: one GET of the limit there is (404: none), kept in `previous`, then one POST, which creates or
 *   replaces the whole limit (so a retried create cannot duplicate). A POST that may have been applied (no
 *   answer, a 5xx) fails keeping `previous` in the state.
 * - update: one POST; `previous` is kept as it was.
 * - delete: puts back `previous` with one POST (a project archived meanwhile: done, its limit no longer
 *   applies), or, when there was no limit before Pulumi, DELETE: the project has no hard limit again.
 *   404 (limit or project gone): gone / done.
 * - adopt ({ import: "proj_…" }): one GET; the limit adopted is what delete puts back.
 */
import { z } from "zod";
import { isAdminError, projects, spendLimits, followUp } from "../client";
import { month, projectId, thresholdCents, usd, documented } from "../fields";
import { defineResource } from "../handler";
import { firstWrite } from "../restore";
import { SpendLimitOutputs, limitBefore, outputsBefore, setBody, spendLimitOutputs, valueOf } from "../shared/spend-limits";

// The words of the TSDoc npm run generate writes into sdk/project-spend-limit.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the limit.",
  "thresholdAmount": "The hard limit in cents, a positive whole number: 100000 is $1,000.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "(class)": "A project's hard spend limit: past it, the project's requests are refused. One per project: creating it takes over (replaces) a limit set before, which is kept in `previous`. Deleting it puts that limit back, or removes the hard limit when there was none. Adopt the current one with `{ import: \"proj_…\" }` (deleting it then puts back the limit adopted)."
};

export const ProjectSpendLimitInputs = documented(DOCS, z.strictObject({ projectId, thresholdAmount: thresholdCents, currency: usd, interval: month }));
export type ProjectSpendLimitInputs = z.infer<typeof ProjectSpendLimitInputs>;

/** What state holds for a project's hard spend limit. */
export const ProjectSpendLimitOutputs = SpendLimitOutputs.extend({ projectId: z.string() });
export type ProjectSpendLimitOutputs = z.infer<typeof ProjectSpendLimitOutputs>;

export const projectSpendLimit = defineResource<ProjectSpendLimitInputs, ProjectSpendLimitOutputs>({
  type: "ProjectSpendLimit",
  inputs: ProjectSpendLimitInputs,
  outputs: ProjectSpendLimitOutputs,
  replaceOn: ["projectId"],
  importIdForm: "proj_…",
  lives: { path: "/organization/projects/{projectId}/spend_limit", under: "Project" },
  describe: (props) => `hard spend limit of project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const previous = await limitBefore(() => spendLimits.retrieveProject(c, inputs.projectId));
    const write = () => spendLimits.setProject(c, inputs.projectId, setBody(inputs));
    const l = await firstWrite(inputs.projectId, { projectId: inputs.projectId, ...outputsBefore(previous) }, write);
    return { id: inputs.projectId, outs: { projectId: inputs.projectId, ...spendLimitOutputs(l, previous) } };
  },

  async adopt(c, id) {
    const l = await spendLimits.retrieveProject(c, id);
    return { id, outs: { projectId: id, ...spendLimitOutputs(l, valueOf(l)) } };
  },

  async read(c, id, outs) {
    return { projectId: id, ...spendLimitOutputs(await spendLimits.retrieveProject(c, id), outs.previous ?? null) };
  },

  async update(c, id, olds, inputs) {
    return { projectId: id, ...spendLimitOutputs(await spendLimits.setProject(c, id, setBody(inputs)), olds.previous ?? null) };
  },

  async delete(c, id, outs) {
    if (!outs.previous) {
      await spendLimits.deleteProject(c, id);
      return;
    }
    try {
      await spendLimits.setProject(c, id, setBody(outs.previous));
    } catch (e) {
      // Only an archived project refuses the reset; the extra GET is paid on that path alone.
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || (await followUp(e, `the look at project ${id}`, () => projects.retrieve(c, id))).status !== "archived") throw e;
    }
  },
});
