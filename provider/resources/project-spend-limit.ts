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
import { month, projectId, thresholdCents, usd, documented } from "../fields";
import { defineResource } from "../handler";
import { type SpendLimitOutputs, spendLimitOutputs } from "./organization-spend-limit";

// The SDK class's words (sdk/project-spend-limit.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the limit.",
  "thresholdAmount": "The hard limit in cents, a positive whole number: 100000 is $1,000.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "(class)": "A project's hard spend limit: past it, the project's requests are refused. One per project: creating it takes over (replaces) a limit set before. Deleting it removes the hard limit. Adopt the current one with `{ import: \"proj_…\" }`."
};

export const ProjectSpendLimitInputs = documented(DOCS, z.strictObject({ projectId, thresholdAmount: thresholdCents, currency: usd, interval: month }));
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
