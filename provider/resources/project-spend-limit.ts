/**
 * ProjectSpendLimit: a project's hard spend limit (the project's requests are refused past it).
 * - id: the project id (one per project). Replaces on: `projectId`.
 * - create and update: one POST, which creates or replaces the whole limit (so a retried create cannot
 *   duplicate); a limit set before is taken over.
 * - delete: DELETE: the project has no hard limit again. 404 (limit or project gone): gone / done.
 * - adopt ({ import: "proj_…" }): one GET.
 */
import { z } from "zod";
import { spendLimits } from "../client";
import { month, projectId, thresholdCents, usd } from "../fields";
import { defineResource } from "../handler";
import { type SpendLimitOutputs, spendLimitOutputs } from "./organization-spend-limit";

export const ProjectSpendLimitInputs = z.strictObject({ projectId, thresholdAmount: thresholdCents, currency: usd, interval: month });
export type ProjectSpendLimitInputs = z.infer<typeof ProjectSpendLimitInputs>;

/** What state holds for a project's hard spend limit. */
export type ProjectSpendLimitOutputs = SpendLimitOutputs & { projectId: string };

const body = (i: ProjectSpendLimitInputs) => ({ threshold_amount: i.thresholdAmount, currency: i.currency, interval: i.interval });

export const projectSpendLimit = defineResource<ProjectSpendLimitInputs, ProjectSpendLimitOutputs>({
  type: "ProjectSpendLimit",
  inputs: ProjectSpendLimitInputs,
  replaceOn: ["projectId"],
  describe: (props) => `hard spend limit of project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const l = await spendLimits.setProject(c, inputs.projectId, body(inputs));
    return { id: inputs.projectId, outs: { projectId: inputs.projectId, ...spendLimitOutputs(l) } };
  },

  async adopt(c, id) {
    return { id, outs: { projectId: id, ...spendLimitOutputs(await spendLimits.retrieveProject(c, id)) } };
  },

  async read(c, id) {
    return { projectId: id, ...spendLimitOutputs(await spendLimits.retrieveProject(c, id)) };
  },

  async update(c, id, _olds, inputs) {
    return { projectId: id, ...spendLimitOutputs(await spendLimits.setProject(c, id, body(inputs))) };
  },

  async delete(c, id) {
    await spendLimits.deleteProject(c, id);
  },
});
