import { type Dispatcher, Pool } from "undici";
import type { z } from "zod";
import {
  AdminApiError,
  type ApiErrorBody,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  TimeoutError,
  errorFromStatus,
  redactKeyShapes,
} from "./errors";
import { Limiter, type LimiterOptions, endpointOf, rememberTemplate } from "./limiter";
import { forgetListed } from "./listed";
import { packageVersion } from "./version";

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

/**
 * The largest answer read, in bytes (4 MiB). Admin answers are a few KiB (a page of 100 invites is
 * well under 1 MiB); a larger one is not the Administration API, and reading it whole could exhaust
 * the plugin's memory and take every in-flight create with it.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

// A refused connection to this machine means nothing listens on that port, and a host name that does
// not resolve is most likely a typo: worth a moment's retry (an emulator still starting, a DNS
// hiccup), not a minute of them.
const FAST_FAIL_RETRIES = 3;

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
}

/** One API call. */
export interface ApiRequest<T> {
  method: "GET" | "POST" | "DELETE";
  /** Path under the base URL, built with {@link apiPath}. */
  path: string;
  /** A list value repeats its key (`project_ids[]=a&project_ids[]=b`), as the official SDK sends arrays. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** The schema of a successful answer: an answer that fails it is an {@link InvalidResponseError}. */
  schema: z.ZodType<T>;
  /**
   * False for a request that makes something new (a create): it is retried only when it provably
   * never reached the server or was refused with 429, and any other failure is marked ambiguous.
   */
  idempotent: boolean;
}

/** The list envelope of every list call. */
export interface Page<T> {
  object: "list";
  data: T[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

// Errors raised before a byte was sent: safe to retry even a create.
const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
// Errors of a request that could not be formed (a bad header value or path, an out-of-range option):
// nothing was sent, and sending it again cannot help.
const UNSENDABLE = /^(UND_ERR_INVALID_ARG|ERR_INVALID_|ERR_OUT_OF_RANGE|ERR_HTTP_INVALID)/;

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

// One pool per origin per process, so every resource of a deployment shares keep-alive sockets.
const pools = new Map<string, Pool>();

type Outcome =
  | { kind: "ok"; status: number; body: string; requestId?: string }
  | {
      kind: "error";
      error: AdminApiError;
      /** How long to wait before the next attempt, when the answer said (retry-after) or the limiter chose (429). */
      waitMs?: number;
      /** True when the server's own retry-after set `waitMs`. */
      asked?: boolean;
      /** For a failure not worth the full retries (nothing listens on this machine, no such host): what it means. */
      fastFail?: string;
    };

/**
 * The admin API client: one instance per credentials, sharing the process-wide pool and limiter of
 * its origin. Retries, cooldown and pagination live here; callers never loop or sleep.
 */
export class AdminClient {
  private readonly origin: string;
  private readonly host: string;
  private readonly loopback: boolean;
  private readonly basePath: string;
  private readonly pool: Pool;
  private readonly limiter: Limiter;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  // Kept out of enumerable fields so that neither a console.log nor a JSON dump of the client shows it.
  readonly #adminKey: string;

  constructor(opts: ClientOptions) {
    const url = checkBaseUrl(opts.baseUrl, "the base URL", opts.allowInsecureHttp);
    const adminKey = checkToken(opts.adminKey ?? "", "the admin key", "an admin key");
    if (!adminKey) throw new ConfigurationError("no admin key was given to the client");
    const organization = opts.organization === undefined ? "" : checkToken(opts.organization, "the organization", "an organization id");
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    checkTunable("maxRetries", this.retry.maxRetries);
    this.timeoutMs = checkTunable("timeoutMs", opts.timeoutMs ?? 30_000);
    if (opts.maxConcurrency !== undefined) checkTunable("maxConcurrency", opts.maxConcurrency);
    if (opts.requestsPerMinute !== undefined) checkTunable("requestsPerMinute", opts.requestsPerMinute);
    this.origin = url.origin;
    this.host = url.host;
    this.loopback = isLoopback(url.hostname);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.#adminKey = adminKey;
    this.limiter = Limiter.forOrigin(this.origin, opts);
    let pool = pools.get(this.origin);
    if (!pool) {
      pool = new Pool(this.origin, { connections: 16, keepAliveTimeout: 4_000 });
      pools.set(this.origin, pool);
    }
    this.pool = pool;
    this.headers = {
      "user-agent": `pulumi-openai-admin/${packageVersion()}`,
      accept: "application/json",
      ...(organization ? { "openai-organization": organization } : {}),
    };
  }

  /** True when this client was made with `key` (lets a cache notice a changed key without copying it). */
  hasKey(key: string): boolean {
    return key.trim() === this.#adminKey;
  }

  /**
   * Sends one call, retrying as its {@link ApiRequest.idempotent} flag allows within the retry
   * policy's attempts and wait budget, and parses the answer. The error that ends the call is the
   * last one, with its class, and the number of attempts.
   */
  async request<T>(req: ApiRequest<T>): Promise<T> {
    if (req.method === "GET") return this.send(req);
    try {
      return await this.send(req);
    } finally {
      // Once a write has landed (or may have), no read may answer from a listing made before it. Dropped here
      // rather than when it is sent, so that a listing begun while it was in flight is not kept either.
      forgetListed();
    }
  }

  private async send<T>(req: ApiRequest<T>): Promise<T> {
    const started = Date.now();
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(req);
      if (outcome.kind === "ok") return this.parse(req, outcome.status, outcome.body, outcome.requestId);
      const { error } = outcome;
      if (!this.retryable(req, error)) throw attempt === 1 ? error : error.afterAttempts(attempt);
      const limit = outcome.fastFail ? Math.min(this.retry.maxRetries, FAST_FAIL_RETRIES) : this.retry.maxRetries;
      if (attempt > limit) {
        throw error.afterAttempts(
          attempt,
          outcome.fastFail
            ? `${outcome.fastFail}; tried ${attempt} times in ${seconds(Date.now() - started)}. ` +
                "Check the base URL (openai:baseUrl or OPENAI_BASE_URL), and that the emulator or server there is running"
            : "",
        );
      }
      const wait = outcome.waitMs ?? this.backoff(attempt - 1);
      if (waited + wait > this.retry.maxWaitMs) {
        throw error.afterAttempts(
          attempt,
          `${outcome.asked ? "the server asked to wait" : "the next wait would be"} ${seconds(wait)}, ` +
            `past the ${seconds(this.retry.maxWaitMs)} wait budget of one call (${seconds(waited)} waited already)`,
        );
      }
      waited += wait;
      // A 429's wait is the limiter's, shared by every request of the process: this one waits in its queue.
      if (error.status !== 429) await sleep(wait);
    }
  }

  /**
   * Iterates every item of a list call, following `after` = `last_id`. A list that ends abnormally
   * (more to come but no cursor, a cursor seen before, past `maxPages`) is an error, never a short list:
   * a short list is how a look for what a lost create made misses it.
   */
  async *paginate<T>(
    req: Omit<ApiRequest<Page<T>>, "method" | "idempotent">,
    opts: { pageSize?: number; maxPages?: number } = {},
  ): AsyncGenerator<T> {
    const maxPages = opts.maxPages ?? 1000;
    const seen = new Set<string>();
    let after: string | undefined;
    for (let page = 1; ; page++) {
      const res = await this.request({
        ...req,
        method: "GET",
        idempotent: true,
        query: { ...req.query, limit: opts.pageSize ?? 100, after },
      });
      yield* res.data;
      if (!res.has_more) return;
      const cursor = res.last_id ?? "";
      const broken = !cursor
        ? "said has_more but no last_id to continue from"
        : seen.has(cursor)
          ? `repeated the cursor "${this.scrub(cursor, 100)}"`
          : page >= maxPages
            ? `had more than ${maxPages} pages`
            : undefined;
      if (broken) {
        throw new InvalidResponseError(`GET ${req.path}: the list ${broken}; stopped rather than use a list that may be incomplete`, {
          method: "GET",
          path: req.path,
          attempts: page,
        });
      }
      seen.add(cursor);
      after = cursor;
    }
  }

  private retryable(req: ApiRequest<unknown>, error: AdminApiError): boolean {
    if (error.status === 429) return true;
    if (error.code === "OPENAI_ADMIN_CONNECTION") return req.idempotent || !error.ambiguous;
    return (
      req.idempotent &&
      (error.code === "OPENAI_ADMIN_TIMEOUT" || error.status === 408 || (error.status !== undefined && error.status >= 500))
    );
  }

  private async attempt(req: ApiRequest<unknown>): Promise<Outcome> {
    const info = { method: req.method, path: req.path };
    let path: string;
    let payload: string | undefined;
    try {
      path = this.basePath + req.path + queryString(req.query);
      payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    } catch (e) {
      const reason = this.scrub((e as Error)?.message ?? String(e), 200);
      return { kind: "error", error: new ConfigurationError(`${req.method} ${req.path} could not be formed (${reason}); nothing was sent`, info) };
    }
    const turn = await this.limiter.acquire(endpointOf(req.method, req.path));
    let res: Dispatcher.ResponseData;
    try {
      res = await this.pool.request({
        method: req.method,
        path,
        headers: {
          ...this.headers,
          authorization: `Bearer ${this.#adminKey}`,
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
        },
        body: payload,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      turn.release();
      return { kind: "error", ...this.networkError(req, e) };
    }
    // From here on the server has answered: nothing below is a failure to reach it.
    const status = res.statusCode;
    const requestId = this.scrub(header(res.headers["x-request-id"]), 100);
    const asked = retryAfter(res.headers);
    let imposed: number | undefined;
    let body: string | undefined;
    let cutOff: unknown;
    try {
      body = await readCapped(res.body, MAX_RESPONSE_BYTES, header(res.headers["content-length"]));
    } catch (e) {
      cutOff = e;
    } finally {
      if (status === 429) {
        // The limiter holds the process no longer than one call's budget: no call waits past it anyway.
        const hold = asked === undefined ? undefined : Math.min(asked, this.retry.maxWaitMs);
        turn.rateLimited(hold, (strike) => (imposed = this.backoff(strike)));
      } else {
        turn.admitted();
      }
    }
    if (status >= 200 && status < 300) {
      const ambiguous = !req.idempotent;
      const applied = ambiguous ? "; the request may have been applied" : "";
      if (cutOff !== undefined) {
        const reason = this.scrub((cutOff as Error)?.message ?? String(cutOff), 200);
        return {
          kind: "error",
          error: new ConnectionError(`${req.method} ${req.path} answered HTTP ${status} but its body was cut off (${reason})${applied}`, {
            ...info,
            status,
            requestId,
            ambiguous,
          }),
        };
      }
      if (body === undefined) {
        return {
          kind: "error",
          error: new InvalidResponseError(
            `${req.method} ${req.path} answered HTTP ${status} with a body larger than the ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB this client reads; ` +
              `admin answers are a few KiB, so the base URL may not be the Administration API${applied}`,
            { ...info, status, requestId, ambiguous },
          ),
        };
      }
      return { kind: "ok", status, body, requestId };
    }
    if (status >= 300 && status < 400) {
      // Following a redirect would hand the Authorization header to whoever the Location names.
      const location = header(res.headers.location);
      return {
        kind: "error",
        error: errorFromStatus(info, status, { message: `a redirect to ${this.scrub(safeOrigin(location), 200)}, which is not followed; check the base URL` }, requestId, false),
      };
    }
    const ambiguous = !req.idempotent && status !== 429 && (status >= 500 || status === 408);
    const error = errorFromStatus(info, status, this.errorBody(body ?? ""), requestId, ambiguous);
    return status === 429
      ? { kind: "error", error, waitMs: asked ?? imposed ?? 0, asked: asked !== undefined }
      : { kind: "error", error, waitMs: asked, asked: asked !== undefined };
  }

  private parse<T>(req: ApiRequest<T>, status: number, body: string, requestId?: string): T {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new InvalidResponseError(`${req.method} ${req.path} answered HTTP ${status} with a body that is not JSON`, {
        method: req.method,
        path: req.path,
        status,
        requestId,
      });
    }
    const parsed = req.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    const error = new InvalidResponseError(
      `${req.method} ${req.path} answered a shape this package does not know (${this.scrub(issues, 600)}); the API may have changed`,
      { method: req.method, path: req.path, status, requestId },
    );
    // A create that was applied but answered an unknown shape still names its object: createOnce keeps it.
    const objectId = (json as { id?: unknown } | null)?.id;
    throw typeof objectId === "string" && objectId ? Object.assign(error, { objectId }) : error;
  }

  private networkError(req: ApiRequest<unknown>, e: unknown): Omit<Extract<Outcome, { kind: "error" }>, "kind"> {
    const info = { method: req.method, path: req.path };
    const err = e as { code?: string; name?: string; message?: string };
    const code = err?.code ?? "";
    const reason = this.scrub(err?.message ?? String(e), 200);
    if (UNSENDABLE.test(code)) {
      return {
        error: new ConfigurationError(
          `${req.method} ${req.path} could not be sent (${code}: ${reason}); nothing reached the server, so it is not retried`,
          info,
        ),
      };
    }
    if (err?.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return {
        error: new TimeoutError(`${req.method} ${req.path} timed out after ${this.timeoutMs} ms`, { ...info, ambiguous: !req.idempotent }),
      };
    }
    if (code === "ECONNREFUSED" && this.loopback) {
      return {
        error: new ConnectionError(`${req.method} ${req.path} got no answer: connection refused by ${this.host}`, info),
        fastFail: "nothing listens there",
      };
    }
    if (code === "ENOTFOUND") {
      return {
        error: new ConnectionError(`${req.method} ${req.path} got no answer: the host ${this.scrub(this.host, 200)} was not found (ENOTFOUND)`, info),
        fastFail: "the name does not resolve",
      };
    }
    const neverSent = CONNECT_ERRORS.has(code);
    return {
      error: new ConnectionError(
        `${req.method} ${req.path} got no answer (${code || "network error"}: ${reason})` +
          (!neverSent && !req.idempotent ? "; the request may have been applied" : ""),
        { ...info, ambiguous: !neverSent && !req.idempotent },
      ),
    };
  }

  /** Reads OpenAI's `{error: {message, type, code, param}}` from an error answer, whatever shape it really has. */
  private errorBody(text: string): ApiErrorBody | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return text.trim() ? { message: this.scrub(text, 300) } : undefined;
    }
    const err = (json as { error?: unknown } | null)?.error;
    if (typeof err === "string") return { message: this.scrub(err, 500) };
    if (err === null || typeof err !== "object") return text.trim() ? { message: this.scrub(text, 300) } : undefined;
    const field = (v: unknown, max: number) => (v === undefined || v === null ? undefined : this.scrub(typeof v === "string" ? v : JSON.stringify(v), max));
    const e = err as Record<string, unknown>;
    return { message: field(e.message, 500), type: field(e.type, 100), code: field(e.code, 100), param: field(e.param, 100) };
  }

  /** Removes the key, and anything shaped like an OpenAI key, from text bound for a message. */
  redact(text: string): string {
    // A key shorter than this is a test stand-in, and removing it would garble every message.
    const own = this.#adminKey.length >= 8 ? text.split(this.#adminKey).join("[redacted]") : text;
    return redactKeyShapes(own);
  }

  /** Text from the server or the network, made fit for a message: redacted, one line, at most `max` characters. */
  private scrub(text: string, max: number): string;
  private scrub(text: string | undefined, max: number): string | undefined;
  private scrub(text: string | undefined, max: number): string | undefined {
    if (text === undefined) return undefined;
    const clean = this.redact(text.slice(0, max * 4)).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
    return clean.length > max ? `${clean.slice(0, max)}…` : clean;
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

/**
 * Builds a path from a template, escaping each parameter and refusing ones that would change the
 * path's meaning (empty, `.` or `..`).
 */
export function apiPath(strings: TemplateStringsArray, ...params: string[]): string {
  const path = strings.reduce((out, s, i) => {
    if (i === 0) return s;
    const p = params[i - 1];
    if (typeof p !== "string" || p === "" || p === "." || p === "..") {
      throw new ConfigurationError(`invalid id in request path: ${JSON.stringify(p)}`);
    }
    return out + encodeURIComponent(p) + s;
  }, "");
  // The API limits each endpoint by its template, so the limiter paces by it (see endpointOf).
  rememberTemplate(path, strings.join("{}"));
  return path;
}

function queryString(query: ApiRequest<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
    else if (v !== undefined) params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a body up to `cap` bytes; `undefined` when it is larger (the rest is never read). */
async function readCapped(body: Dispatcher.ResponseData["body"], cap: number, declared?: string): Promise<string | undefined> {
  if (declared !== undefined && Number(declared) > cap) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > cap) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
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
  const ms = header(headers["retry-after-ms"])?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Number(ms), maxMs);
  const raw = header(headers["retry-after"])?.trim();
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw) * 1000, maxMs);
  if (!HTTP_DATE.some((re) => re.test(raw))) return undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), maxMs);
}

function safeOrigin(location: string | undefined): string {
  if (location === undefined) return "(no location)";
  try {
    return new URL(location).origin;
  } catch {
    return "a relative location";
  }
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(2)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How {@link createOnce} tells what a create made when its answer is lost. */
export interface CreateOnceOptions<T> {
  /** Names the object for messages: `project "research"`. */
  what: string;
  /**
   * Objects that can only be what a lost create made: not in the org before this create began (the
   * "before" set), not made by anything else in this process, and matching every input. Lists afresh.
   */
  candidates: () => Promise<T[]>;
  /** Reads an object by id: a create whose answer failed its schema but named the id is kept this way. */
  retrieve: (id: string) => Promise<T>;
  /** The resource option that adopts an object, for messages: `{ import: "proj_…" }`. */
  importLine: (made: T) => string;
  /** Creates sent in all (the first and each resend after the looks found nothing). Default 4. */
  attempts?: number;
  /**
   * How long to keep looking for what an ambiguous create made before sending it again, in ms. Default 20000:
   * the real service has not listed a new object for a moment after making it. Looks start at once, then
   * after 1.5 s, doubling the wait, and end once this much time has passed.
   */
  lookForMs?: number;
}

/**
 * Makes an object that has no idempotency key without ever making two or taking another's.
 *
 * - A create that fails ambiguously (sent, no answer said whether it was applied) is followed by a look for
 *   candidates (see {@link CreateOnceOptions.candidates}): exactly one is adopted; two or more fail, listing
 *   them; none, through {@link CreateOnceOptions.lookForMs} (the real service has not listed a new object for a
 *   moment after making it), and the create is sent again. A look that fails ends the create with an error saying what to look for.
 * - A create answered with 2xx and a body that is not the documented shape was applied: an id in the body is
 *   kept (read back by id); without one, the look above adopts the single candidate, and the create is never
 *   sent again.
 */
export async function createOnce<T>(create: () => Promise<T>, opts: CreateOnceOptions<T>): Promise<T> {
  const { attempts = 4, lookForMs = 20_000 } = opts;
  for (let i = 1; ; i++) {
    let error: AdminApiError;
    try {
      return await create();
    } catch (e) {
      if (!(e instanceof AdminApiError)) throw e;
      error = e;
    }
    const applied = error instanceof InvalidResponseError;
    if (applied) {
      const objectId = (error as InvalidResponseError & { objectId?: string }).objectId;
      if (objectId) return keepById(opts, objectId, error);
    } else if (!error.ambiguous) {
      throw error;
    }
    let found: T[];
    try {
      found = await opts.candidates();
      const started = Date.now();
      for (let wait = 1_500; found.length === 0 && Date.now() - started < lookForMs; wait *= 2) {
        await sleep(Math.min(wait, lookForMs - (Date.now() - started)));
        found = await opts.candidates();
      }
    } catch (look) {
      throw unresolved(
        error,
        `${applied ? "the create was applied" : "the create may have been applied"}, and the look for ${opts.what} ` +
          `failed (${look instanceof Error ? look.message : String(look)}). Look in the organization for ${opts.what} made just now; ` +
          'if it is there, adopt it with the resource option { import: "<its id>" }',
      );
    }
    if (found.length === 1) return found[0];
    if (found.length > 1) {
      throw unresolved(
        error,
        `${applied ? "the create was applied" : "the create may have been applied"}, and ${found.length} new objects match ${opts.what}: ` +
          `${found.map(opts.importLine).join(", ")}. Adopt the one that is yours with its import option and remove the others`,
      );
    }
    if (applied) {
      throw unresolved(
        error,
        `the create was applied but its answer could not be read, and no new ${opts.what} shows yet. ` +
          'Look in the organization for it; adopt it with the resource option { import: "<its id>" }',
      );
    }
    if (i >= attempts) throw error;
  }
}

async function keepById<T>(opts: CreateOnceOptions<T>, id: string, error: AdminApiError): Promise<T> {
  try {
    return await opts.retrieve(id);
  } catch (e) {
    // The engine stores an error carrying an id as a resource that failed to initialize: no second create.
    throw Object.assign(unresolved(error, `the create was applied as ${id}, which could not be read back (${e instanceof Error ? e.message : String(e)})`), {
      objectId: id,
    });
  }
}

/** The create's own error, told what became of it; no longer ambiguous, so nothing retries it. */
function unresolved(error: AdminApiError, what: string): AdminApiError {
  return error.withContext(what, { ambiguous: false });
}
