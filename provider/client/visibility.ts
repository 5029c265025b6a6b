import { isAdminError } from "./errors";

/**
 * How a read treats a 404 for an object made moments ago. The real service has answered 404 for an
 * object for a moment right after creating it (jianyuan/terraform-provider-openai commit e7c6937): a
 * `refresh` then would drop the object from state, and the next `up` would make a second one.
 * Every field has a default, written beside it.
 */
export interface VisibilityPolicy {
  /** An object made less than this long ago (by its creation time) is young. Default 60000 ms. */
  youngMs: number;
  /** How long a young object's 404s are retried, from the first one, before it counts as gone. Default 20000 ms. */
  waitMs: number;
  /** The first wait between reads, doubled after each 404. Default 250 ms. */
  firstDelayMs: number;
}

export const DEFAULT_VISIBILITY_POLICY: VisibilityPolicy = { youngMs: 60_000, waitMs: 20_000, firstDelayMs: 250 };

/**
 * Reads an object, taking a 404 for "not visible yet" while the object is young: `createdAt` (unix
 * seconds) less than `youngMs` ago, or in the future (a clock ahead of ours). Such a read is retried with
 * backoff for at most `waitMs`, then the last 404 is thrown. An old object, or one with no creation
 * time, gets one call: its 404 is thrown at once.
 */
export async function readVisible<T>(
  read: () => Promise<T>,
  createdAt: unknown,
  policy: VisibilityPolicy = DEFAULT_VISIBILITY_POLICY,
): Promise<T> {
  const young = typeof createdAt === "number" && Date.now() - createdAt * 1000 < policy.youngMs;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      const waited = Date.now() - started;
      if (!young || !isAdminError(e, "OPENAI_ADMIN_NOT_FOUND") || waited >= policy.waitMs) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(policy.firstDelayMs * 2 ** attempt, policy.waitMs - waited)));
    }
  }
}
