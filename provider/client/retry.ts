import type { AdminApiError } from "./errors";
import type { ApiRequest, Outcome } from "./transport";

/** How failed requests are retried. Every field has a default, written beside it. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 8: the admin API allows only a few calls a minute. */
  maxRetries: number;
  /** First backoff delay in ms, doubled each attempt, with full jitter. Default 500. */
  baseDelayMs: number;
  /** Largest backoff delay in ms. Default 20000. */
  maxDelayMs: number;
  /**
   * The wait budget of one call, in ms: its backoffs and the `retry-after` waits it is asked for add
   * up to at most this. A wait that would pass it ends the call at once, with the last error.
   * Default 180000 (3 minutes).
   */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 8,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxWaitMs: 180_000,
};

// A refused connection to this machine means nothing listens on that port, and a host name that does
// not resolve is most likely a typo: worth a moment's retry (an emulator still starting, a DNS
// hiccup), not a minute of them.
const FAST_FAIL_RETRIES = 3;

/** The backoff before retry number `attempt` + 1 (0-based), in ms: exponential, jittered over its upper half. */
export function backoff(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Runs `attempt` until it answers, retrying as the call's {@link ApiRequest.idempotent} flag allows within the
 * policy's attempts and wait budget. The error that ends the call is the last one, with its class, and the
 * number of attempts.
 */
export async function withRetries(
  req: ApiRequest<unknown>,
  policy: RetryPolicy,
  attempt: () => Promise<Outcome>,
  // How the advice names the base URL's setting: the provider's by default (the export has its own).
  baseUrlSetting = "openai:baseUrl or OPENAI_BASE_URL",
): Promise<Extract<Outcome, { kind: "ok" }>> {
  const started = Date.now();
  let waited = 0;
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (outcome.kind === "ok") return outcome;
    const { error } = outcome;
    if (!retryable(req, error)) throw n === 1 ? error : error.afterAttempts(n);
    const limit = outcome.fastFail ? Math.min(policy.maxRetries, FAST_FAIL_RETRIES) : policy.maxRetries;
    if (n > limit) {
      throw error.afterAttempts(
        n,
        outcome.fastFail
          ? `${outcome.fastFail}; tried ${n} times in ${seconds(Date.now() - started)}. ` +
              `Check the base URL (${baseUrlSetting}), and that the emulator or server there is running`
          : "",
      );
    }
    const wait = outcome.waitMs ?? backoff(policy, n - 1);
    if (waited + wait > policy.maxWaitMs) {
      throw error.afterAttempts(
        n,
        `${outcome.asked ? "the server asked to wait" : "the next wait would be"} ${seconds(wait)}, ` +
          `past the ${seconds(policy.maxWaitMs)} wait budget of one call (${seconds(waited)} waited already)`,
      );
    }
    waited += wait;
    // A 429's wait is the limiter's, shared by every request of the process: this one waits in its queue.
    if (error.status !== 429) await sleep(wait);
  }
}

/**
 * GETs and other repeatable calls are retried on 408, 5xx, timeouts and network errors; a create only when it
 * never reached the server or was refused with 429 (it has no idempotency key).
 */
function retryable(req: ApiRequest<unknown>, error: AdminApiError): boolean {
  if (error.status === 429) return true;
  if (error.code === "OPENAI_ADMIN_CONNECTION") return req.idempotent || !error.ambiguous;
  return (
    req.idempotent &&
    (error.code === "OPENAI_ADMIN_TIMEOUT" || error.status === 408 || (error.status !== undefined && error.status >= 500))
  );
}

const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const WEEKDAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
// RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms a recipient must still accept.
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^${WEEKDAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} \\d{4}$`),
];

/**
 * Reads `retry-after-ms` (OpenAI's: a number of ms), then `retry-after` (RFC 9110: whole seconds, or
 * an HTTP date), in ms, at most `maxMs`. Anything else (`0x10`, `1e3`, `-1`) is ignored, not guessed at.
 */
export function retryAfter(headers: Record<string, string | string[] | undefined>, maxMs = Infinity): number | undefined {
  const ms = first(headers["retry-after-ms"])?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Number(ms), maxMs);
  const raw = first(headers["retry-after"])?.trim();
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw) * 1000, maxMs);
  if (!HTTP_DATE.some((re) => re.test(raw))) return undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), maxMs);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(2)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
