/**
 * OrganizationSpendLimit: the organization's hard spend limit (requests are refused past it).
 * - id: `organization` (there is one per organization). Nothing replaces it.
 * - create: one GET of the limit there is (404: none), kept in `previous`, then one POST, which creates or
 *   replaces the whole limit (so a retried create cannot duplicate). A POST that may have been applied (no
 *   answer, a 5xx) fails keeping `previous` in the state.
 * - update: one POST; `previous` is kept as it was.
 * - delete: puts back `previous` with one POST, or, when there was no limit before Pulumi, DELETE: the
 *   organization has no hard limit again. 404 on read: gone; on delete: done.
 * - adopt ({ import: "organization" }): one GET; the limit adopted is what delete puts back.
 */
import { z } from "zod";
import { spendLimits } from "../client";
import { month, thresholdCents, usd, documented } from "../fields";
import { defineResource } from "../handler";
import { firstWrite } from "../restore";
import { SpendLimitOutputs, limitBefore, outputsBefore, setBody, spendLimitOutputs, valueOf } from "../shared/spend-limits";

// The words of the TSDoc npm run generate writes into sdk/organization-spend-limit.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "thresholdAmount": "The hard limit in cents, a positive whole number: 1000000 is $10,000.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "(class)": "The organization's hard spend limit: past it, the organization's requests are refused. One per organization: creating it takes over (replaces) a limit set before, which is kept in `previous`. Deleting it puts that limit back, or removes the hard limit when there was none. Adopt the current one with `{ import: \"organization\" }` (deleting it then puts back the limit adopted)."
};

export const OrganizationSpendLimitInputs = documented(DOCS, z.strictObject({ thresholdAmount: thresholdCents, currency: usd, interval: month }));
export type OrganizationSpendLimitInputs = z.infer<typeof OrganizationSpendLimitInputs>;

const ID = "organization";

export const organizationSpendLimit = defineResource<OrganizationSpendLimitInputs, SpendLimitOutputs>({
  type: "OrganizationSpendLimit",
  inputs: OrganizationSpendLimitInputs,
  outputs: SpendLimitOutputs,
  replaceOn: [],
  importIdForm: "organization",
  lives: { path: "/organization/spend_limit" },
  describe: (props) => `organization hard spend limit at ${String(props.thresholdAmount ?? "?")} cents`,

  async create(c, inputs) {
    const previous = await limitBefore(() => spendLimits.retrieveOrganization(c));
    const l = await firstWrite(ID, outputsBefore(previous), () => spendLimits.setOrganization(c, setBody(inputs)));
    return { id: ID, outs: spendLimitOutputs(l, previous) };
  },

  async adopt(c, id) {
    if (id !== ID) throw new Error(`the organization's spend limit is adopted with { import: "${ID}" }`);
    const l = await spendLimits.retrieveOrganization(c);
    return { id: ID, outs: spendLimitOutputs(l, valueOf(l)) };
  },

  async read(c, _id, outs) {
    return spendLimitOutputs(await spendLimits.retrieveOrganization(c), outs.previous ?? null);
  },

  async update(c, _id, olds, inputs) {
    return spendLimitOutputs(await spendLimits.setOrganization(c, setBody(inputs)), olds.previous ?? null);
  },

  async delete(c, _id, outs) {
    if (outs.previous) await spendLimits.setOrganization(c, setBody(outs.previous));
    else await spendLimits.deleteOrganization(c);
  },
});
