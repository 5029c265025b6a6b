/**
 * OrganizationSpendLimit: the organization's hard spend limit (requests are refused past it).
 * - id: `organization` (there is one per organization). Nothing replaces it.
 * - create and update: one POST, which creates or replaces the whole limit (so a retried create cannot
 *   duplicate); a limit set before is taken over.
 * - delete: DELETE: the organization has no hard limit again. 404 on read: gone; on delete: done.
 * - adopt ({ import: "organization" }): one GET.
 */
import { z } from "zod";
import { type OrganizationSpendLimit, type ProjectSpendLimit, spendLimits } from "../client";
import { month, thresholdCents, usd, documented } from "../fields";
import { defineResource } from "../handler";

// The SDK class's words (sdk/organization-spend-limit.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "thresholdAmount": "The hard limit in cents, a positive whole number: 1000000 is $10,000.00. Updated in place.",
  "currency": "Only `USD` exists. Default `USD`.",
  "interval": "Only `month` exists. Default `month`.",
  "(class)": "The organization's hard spend limit: past it, the organization's requests are refused. One per organization: creating it takes over (replaces) a limit set before. Deleting it removes the hard limit. Adopt the current one with `{ import: \"organization\" }`."
};

export const OrganizationSpendLimitInputs = documented(DOCS, z.strictObject({ thresholdAmount: thresholdCents, currency: usd, interval: month }));
export type OrganizationSpendLimitInputs = z.infer<typeof OrganizationSpendLimitInputs>;

/** What state holds for a hard spend limit. */
export interface SpendLimitOutputs extends Record<string, unknown> {
  /** Cents. */
  thresholdAmount: number;
  currency: string;
  interval: string;
  /** `enforcing` once spend has reached the limit, else `inactive`. */
  enforcementStatus: string;
}

/** The mapping of a hard spend limit, the organization's or a project's. */
export function spendLimitOutputs(l: OrganizationSpendLimit | ProjectSpendLimit): SpendLimitOutputs {
  return { thresholdAmount: l.threshold_amount, currency: l.currency, interval: l.interval, enforcementStatus: l.enforcement.status };
}

const ID = "organization";
const body = (i: OrganizationSpendLimitInputs) => ({ threshold_amount: i.thresholdAmount, currency: i.currency, interval: i.interval });

export const organizationSpendLimit = defineResource<OrganizationSpendLimitInputs, SpendLimitOutputs>({
  type: "OrganizationSpendLimit",
  inputs: OrganizationSpendLimitInputs,
  replaceOn: [],
  describe: (props) => `organization hard spend limit at ${String(props.thresholdAmount ?? "?")} cents`,

  async create(c, inputs) {
    return { id: ID, outs: spendLimitOutputs(await spendLimits.setOrganization(c, body(inputs))) };
  },

  async adopt(c, id) {
    if (id !== ID) throw new Error(`the organization's spend limit is adopted with { import: "${ID}" }`);
    return { id: ID, outs: spendLimitOutputs(await spendLimits.retrieveOrganization(c)) };
  },

  async read(c) {
    return spendLimitOutputs(await spendLimits.retrieveOrganization(c));
  },

  async update(c, _id, _olds, inputs) {
    return spendLimitOutputs(await spendLimits.setOrganization(c, body(inputs)));
  },

  async delete(c) {
    await spendLimits.deleteOrganization(c);
  },
});
