import { ConfigurationError } from "./errors";
import type { LimiterOptions } from "./limiter";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";

/** The allowed range of each numeric setting, checked before any request. */
export const TUNABLES = {
  timeoutMs: { min: 100, max: 600_000, integer: true, unit: "milliseconds" },
  maxRetries: { min: 0, max: 20, integer: true, unit: undefined },
  maxConcurrency: { min: 1, max: 64, integer: true, unit: undefined },
  requestsPerMinute: { min: 0, max: 60_000, integer: false, unit: undefined },
  lostCreateWaitMs: { min: 0, max: 600_000, integer: true, unit: "milliseconds" },
} as const;
export type Tunable = keyof typeof TUNABLES;

/** What is wrong with `value` for the setting `name`, or undefined when it is within its range. */
export function tunableProblem(name: Tunable, value: number): string | undefined {
  const t = TUNABLES[name];
  if (Number.isFinite(value) && value >= t.min && value <= t.max && (!t.integer || Number.isInteger(value))) return undefined;
  return (
    `must be ${t.integer ? "a whole number" : "a number"} from ${t.min} to ${t.max}` +
    (t.unit ? ` (${t.unit})` : "") +
    // Only a number is echoed: a value that is not one may be a secret set in the wrong place.
    (Number.isFinite(value) ? `; got ${value}` : "")
  );
}

/** Returns `value` if it is within the range of `name`; else throws naming `setting` and the range. */
export function checkTunable(name: Tunable, value: number, setting: string = name): number {
  const problem = tunableProblem(name, value);
  if (problem) throw new ConfigurationError(`${setting} ${problem}`);
  return value;
}

/** Settings of an {@link AdminClient}. */
export interface ClientOptions extends LimiterOptions {
  /** Base URL including `/v1`, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The organization admin key. Held only in memory; never logged, returned or put in an error. Surrounding whitespace is trimmed. */
  adminKey: string;
  /** Sent as `OpenAI-Organization` when set. */
  organization?: string;
  /** Per-attempt timeout in ms, 100 to 600000. Default 30000. */
  timeoutMs?: number;
  /** Allow plain `http://` to a host beyond loopback (a private network). Default false. */
  allowInsecureHttp?: boolean;
  retry?: Partial<RetryPolicy>;
  /** How messages name the setting the base URL came from. Default `openai:baseUrl or OPENAI_BASE_URL`, the provider's. */
  baseUrlSetting?: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** True for a host name that is this machine. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/**
 * What is wrong with a base URL, or undefined. The value itself is never quoted: when the key and URL
 * settings are swapped, it is the key.
 */
export function baseUrlProblem(raw: string, allowInsecureHttp = false): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "is not a valid URL (its value is not shown, since it may be a secret set in the wrong place); it should look like https://api.openai.com/v1";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https:// URL, like https://api.openai.com/v1 (its value is not shown)";
  if (url.username || url.password) return "must not hold a user name or password: the admin key is the only credential sent";
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    return (
      "uses plain http:// to a host that is not this machine, which would send the admin key unencrypted: " +
      "use https://, or, for a host on a private network (an emulator in another CI container), opt in with " +
      "`pulumi config set openai:allowInsecureHttp true` or OPENAI_ADMIN_ALLOW_INSECURE_HTTP=1"
    );
  }
  return undefined;
}

/** The URL of a base URL setting; else throws naming `setting` and what is wrong (see {@link baseUrlProblem}). */
export function checkBaseUrl(raw: string, setting: string, allowInsecureHttp = false): URL {
  const problem = baseUrlProblem(raw, allowInsecureHttp);
  if (problem) throw new ConfigurationError(`${setting} ${problem}`);
  return new URL(raw.trim());
}

/** What is wrong with a credential-like setting (a key, an organization id) once trimmed, or undefined. */
export function tokenProblem(raw: string, what: string): string | undefined {
  // A character outside visible ASCII could not even be sent as a header.
  return /^[\x21-\x7e]*$/.test(raw.trim())
    ? undefined
    : `has a space, line break or other character inside it that ${what} never has (the value is not shown): copy it again`;
}

/** Trims a credential-like setting (a key pasted with its newline); throws naming `setting` when {@link tokenProblem} finds one. */
export function checkToken(raw: string, setting: string, what: string): string {
  const problem = tokenProblem(raw, what);
  if (problem) throw new ConfigurationError(`${setting} ${problem}`);
  return raw.trim();
}

/** {@link ClientOptions} checked, trimmed and with their defaults. */
export interface ClientSettings {
  url: URL;
  loopback: boolean;
  adminKey: string;
  organization: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Checks every option before any request, throwing a {@link ConfigurationError} naming the first that is wrong. */
export function clientSettings(opts: ClientOptions): ClientSettings {
  const url = checkBaseUrl(opts.baseUrl, "the base URL", opts.allowInsecureHttp);
  const adminKey = checkToken(opts.adminKey ?? "", "the admin key", "an admin key");
  if (!adminKey) throw new ConfigurationError("no admin key was given to the client");
  const organization = opts.organization === undefined ? "" : checkToken(opts.organization, "the organization", "an organization id");
  const retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  checkTunable("maxRetries", retry.maxRetries);
  const timeoutMs = checkTunable("timeoutMs", opts.timeoutMs ?? 30_000);
  if (opts.maxConcurrency !== undefined) checkTunable("maxConcurrency", opts.maxConcurrency);
  if (opts.requestsPerMinute !== undefined) checkTunable("requestsPerMinute", opts.requestsPerMinute);
  return { url, loopback: isLoopback(url.hostname), adminKey, organization, timeoutMs, retry };
}
