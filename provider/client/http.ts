import { Pool } from "undici";
import type { z } from "zod";
import {
  AdminApiError,
  type ApiErrorBody,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  TimeoutError,
  errorFromStatus,
} from "./errors";
import { Limiter, type LimiterOptions, endpointOf, rememberTemplate } from "./limiter";
import { packageVersion } from "./version";

/** How failed requests are retried. Every field has a default, written beside it. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 8: the admin API allows only a few calls a minute. */
  maxRetries: number;
  /** First backoff delay in ms, doubled each attempt, with full jitter. Default 500. */
  baseDelayMs: number;
  /** Largest backoff delay in ms. Default 20000. */
  maxDelayMs: number;
  /** Largest `retry-after` honoured in ms; a longer one is clamped. Default 120000. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 8,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Settings of an {@link AdminClient}. */
export interface ClientOptions extends LimiterOptions {
  /** Base URL including `/v1`, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The organization admin key. Held only in memory; never logged, returned or put in an error. */
  adminKey: string;
  /** Sent as `OpenAI-Organization` when set. */
  organization?: string;
  /** Per-attempt timeout in ms. Default 30000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** One API call. */
export interface ApiRequest<T> {
  method: "GET" | "POST" | "DELETE";
  /** Path under the base URL, built with {@link apiPath}. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

// One pool per origin per process, so every resource of a deployment shares keep-alive sockets.
const pools = new Map<string, Pool>();

/**
 * The admin API client: one instance per credentials, sharing the process-wide pool and limiter of
 * its origin. Retries, cooldown and pagination live here; callers never loop or sleep.
 */
export class AdminClient {
  private readonly origin: string;
  private readonly basePath: string;
  private readonly pool: Pool;
  private readonly limiter: Limiter;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  // Kept out of enumerable fields so that neither a console.log nor a JSON dump of the client shows it.
  readonly #adminKey: string;

  constructor(opts: ClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new ConfigurationError(`openai:baseUrl "${opts.baseUrl}" is not a URL`);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
      throw new ConfigurationError(
        `openai:baseUrl must use https:// (plain http:// is allowed only for localhost/127.0.0.1/[::1]); got ${url.protocol}//${url.host}`,
      );
    }
    if (!opts.adminKey) throw new ConfigurationError("no admin key was given to the client");
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.#adminKey = opts.adminKey;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
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
      ...(opts.organization ? { "openai-organization": opts.organization } : {}),
    };
  }

  /** True when this client was made with `key` (lets a cache notice a changed key without copying it). */
  hasKey(key: string): boolean {
    return key === this.#adminKey;
  }

  /** Sends one call, retrying as its {@link ApiRequest.idempotent} flag allows, and parses the answer. */
  async request<T>(req: ApiRequest<T>): Promise<T> {
    const info = { method: req.method, path: req.path };
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(req);
      if (outcome.kind === "ok") return this.parse(req, outcome.status, outcome.body, outcome.requestId);
      const { error, retryAfterMs } = outcome;
      const retryable =
        error.status === 429 ||
        (error.code === "OPENAI_ADMIN_CONNECTION" && !error.ambiguous) ||
        (req.idempotent &&
          (error.code === "OPENAI_ADMIN_CONNECTION" ||
            error.code === "OPENAI_ADMIN_TIMEOUT" ||
            error.status === 408 ||
            (error.status !== undefined && error.status >= 500)));
      if (!retryable) throw error;
      if (attempt >= this.retry.maxRetries) {
        throw new AdminApiError(error.code, `${error.message} (gave up after ${attempt + 1} attempts)`, {
          ...info,
          status: error.status,
          apiError: error.apiError,
          requestId: error.requestId,
          ambiguous: error.ambiguous,
        });
      }
      // A 429's wait is the limiter's, shared by every request of the process: this one waits in its queue.
      if (error.status !== 429) await sleep(retryAfterMs ?? this.backoff(attempt));
    }
  }

  /** Iterates every item of a list call, following `after` = `last_id`. */
  async *paginate<T>(
    req: Omit<ApiRequest<Page<T>>, "method" | "idempotent">,
    opts: { pageSize?: number; maxPages?: number } = {},
  ): AsyncGenerator<T> {
    const maxPages = opts.maxPages ?? 1000;
    const seen = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.request({
        ...req,
        method: "GET",
        idempotent: true,
        query: { ...req.query, limit: opts.pageSize ?? 100, after },
      });
      yield* res.data;
      const cursor = res.last_id ?? undefined;
      // A server that repeats a cursor would otherwise make us loop for ever.
      if (!res.has_more || !cursor || seen.has(cursor)) return;
      seen.add(cursor);
      after = cursor;
    }
  }

  private async attempt(
    req: ApiRequest<unknown>,
  ): Promise<
    | { kind: "ok"; status: number; body: string; requestId?: string }
    | { kind: "error"; error: AdminApiError; retryAfterMs?: number }
  > {
    const info = { method: req.method, path: req.path };
    const turn = await this.limiter.acquire(endpointOf(req.method, req.path));
    let answered: number | undefined;
    let retryAfterMs: number | undefined;
    try {
      const res = await this.pool.request({
        method: req.method,
        path: this.basePath + req.path + queryString(req.query),
        headers: {
          ...this.headers,
          authorization: `Bearer ${this.#adminKey}`,
          ...(req.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answered = res.statusCode;
      const body = await res.body.text();
      const requestId = header(res.headers["x-request-id"]);
      if (res.statusCode >= 200 && res.statusCode < 300) return { kind: "ok", status: res.statusCode, body, requestId };
      if (res.statusCode >= 300 && res.statusCode < 400) {
        // Following a redirect would hand the Authorization header to whoever the Location names.
        const location = header(res.headers.location) ?? "(no location)";
        return {
          kind: "error",
          error: new AdminApiError(
            "OPENAI_ADMIN_HTTP_ERROR",
            `${req.method} ${req.path} answered a redirect (HTTP ${res.statusCode} to ${safeOrigin(location)}), which is not followed; check openai:baseUrl`,
            { ...info, status: res.statusCode, requestId },
          ),
        };
      }
      const ambiguous = !req.idempotent && res.statusCode !== 429 && (res.statusCode >= 500 || res.statusCode === 408);
      retryAfterMs = retryAfter(res.headers, this.retry.maxRetryAfterMs);
      return {
        kind: "error",
        error: errorFromStatus(info, res.statusCode, this.redactBody(parseErrorBody(body)), requestId, ambiguous),
        retryAfterMs,
      };
    } catch (e) {
      return { kind: "error", error: this.networkError(req, e) };
    } finally {
      if (answered === 429) turn.rateLimited(retryAfterMs, (strike) => this.backoff(strike));
      else if (answered !== undefined) turn.admitted();
      else turn.release();
    }
  }

  private parse<T>(req: ApiRequest<T>, status: number, body: string, requestId?: string): T {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new InvalidResponseError(
        "OPENAI_ADMIN_INVALID_RESPONSE",
        `${req.method} ${req.path} answered HTTP ${status} with a body that is not JSON`,
        { method: req.method, path: req.path, status, requestId },
      );
    }
    const parsed = req.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new InvalidResponseError(
      "OPENAI_ADMIN_INVALID_RESPONSE",
      `${req.method} ${req.path} answered a shape this package does not know (${issues}); the API may have changed`,
      { method: req.method, path: req.path, status, requestId },
    );
  }

  private networkError(req: ApiRequest<unknown>, e: unknown): AdminApiError {
    const info = { method: req.method, path: req.path };
    const err = e as { code?: string; name?: string; message?: string };
    const code = err?.code ?? "";
    const reason = this.redact(err?.message ?? String(e));
    if (err?.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new TimeoutError("OPENAI_ADMIN_TIMEOUT", `${req.method} ${req.path} timed out after ${this.timeoutMs} ms`, {
        ...info,
        ambiguous: !req.idempotent,
      });
    }
    const neverSent = CONNECT_ERRORS.has(code);
    return new ConnectionError(
      "OPENAI_ADMIN_CONNECTION",
      `${req.method} ${req.path} got no answer (${code || "network error"}: ${reason})` +
        (!neverSent && !req.idempotent ? "; the request may have been applied" : ""),
      { ...info, ambiguous: !neverSent && !req.idempotent },
    );
  }

  private redactBody(body: ApiErrorBody | undefined): ApiErrorBody | undefined {
    return body && { ...body, message: body.message == null ? body.message : this.redact(body.message) };
  }

  /** Removes the key, and anything shaped like an OpenAI key, from text bound for a message. */
  redact(text: string): string {
    return text.split(this.#adminKey).join("[redacted]").replace(/sk-[A-Za-z0-9_*.-]{6,}/g, "sk-[redacted]");
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
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseErrorBody(text: string): ApiErrorBody | undefined {
  try {
    const err = (JSON.parse(text) as { error?: ApiErrorBody })?.error;
    return err && typeof err === "object" ? err : undefined;
  } catch {
    return text ? { message: text.slice(0, 200) } : undefined;
  }
}

/** Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date), in ms. */
export function retryAfter(headers: Record<string, string | string[] | undefined>, maxMs: number): number | undefined {
  const ms = Number(header(headers["retry-after-ms"]));
  if (header(headers["retry-after-ms"]) !== undefined && Number.isFinite(ms) && ms >= 0) return Math.min(ms, maxMs);
  const raw = header(headers["retry-after"]);
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxMs);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), maxMs);
}

function safeOrigin(location: string): string {
  try {
    return new URL(location).origin;
  } catch {
    return "a relative location";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Makes an object that has no idempotency key without ever making two. When a create fails
 * ambiguously (it was sent, but no answer said whether it was applied), `find` looks for the object
 * the lost attempt may have made; only when two looks, `settleMs` apart, find nothing is the create
 * sent again. The second look is there because the real service has been seen to answer 404 for an
 * object for a moment right after making it.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  opts: { attempts?: number; settleMs?: number } = {},
): Promise<T> {
  const { attempts = 4, settleMs = 1_500 } = opts;
  for (let i = 1; ; i++) {
    try {
      return await create();
    } catch (e) {
      if (!(e instanceof AdminApiError) || !e.ambiguous || i >= attempts) throw e;
      const found = (await find()) ?? (await sleep(settleMs).then(find));
      if (found !== undefined) return found;
    }
  }
}
