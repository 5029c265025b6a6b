/**
 * What the two hard-spend-limit resources share (OrganizationSpendLimit, and ProjectSpendLimit, the same for a
 * project): the outputs and their mapping, what `previous` keeps, the read before the first write, and the body.
 */
import { z } from "zod";
import { type OrganizationSpendLimit, type ProjectSpendLimit, type SpendLimitUpdateParams, isAdminError } from "../client";
import { madeAt } from "../handler";

/** A hard limit's own values: what `previous` keeps. */
const SpendLimitValue = z.object({ thresholdAmount: z.number().describe("Cents."), currency: z.string(), interval: z.string() });
export type SpendLimitValue = z.infer<typeof SpendLimitValue>;

/** What state holds for a hard spend limit, the organization's or (with `projectId`) a project's. */
export const SpendLimitOutputs = SpendLimitValue.extend({
  enforcementStatus: z.string().describe("`enforcing` once spend has reached the limit, else `inactive`."),
  previous: SpendLimitValue.nullable().describe(
    "The hard limit there was before Pulumi first set this one (cents, currency, interval), or null when there was none. Delete puts it back, or removes the limit when null.",
  ),
  createdAt: madeAt,
});
export type SpendLimitOutputs = z.infer<typeof SpendLimitOutputs>;

/** The mapping of a hard spend limit, the organization's or a project's; `previous` comes from state or the create. */
export function spendLimitOutputs(l: OrganizationSpendLimit | ProjectSpendLimit, previous: SpendLimitValue | null): SpendLimitOutputs {
  return { ...valueOf(l), enforcementStatus: l.enforcement.status, previous };
}

/** A limit's own values, as `previous` keeps them. */
export function valueOf(l: OrganizationSpendLimit | ProjectSpendLimit): SpendLimitValue {
  return { thresholdAmount: l.threshold_amount, currency: l.currency, interval: l.interval };
}

/** The values of a limit read before any write, or null when there is none (404). */
export async function limitBefore(get: () => Promise<OrganizationSpendLimit | ProjectSpendLimit>): Promise<SpendLimitValue | null> {
  try {
    return valueOf(await get());
  } catch (e) {
    if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return null;
    throw e;
  }
}

/** The outputs a create keeps when its write may have been applied unanswered: the limit as it was before. */
export function outputsBefore(previous: SpendLimitValue | null): Record<string, unknown> {
  return { thresholdAmount: null, currency: null, interval: null, enforcementStatus: null, ...previous, previous };
}

/** The whole body of a set, from the inputs or from `previous`. */
export function setBody(v: SpendLimitValue): SpendLimitUpdateParams {
  // Only these exist today; a limit read back with another value is sent as it was read.
  return { threshold_amount: v.thresholdAmount, currency: v.currency as "USD", interval: v.interval as "month" };
}
