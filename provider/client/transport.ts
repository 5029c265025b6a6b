import { type Dispatcher, Pool } from "undici";
import type { z } from "zod";
import {
  type AdminApiError,
  type ApiErrorBody,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  TimeoutError,
  errorFromStatus,
  redactKeyShapes,
} from "./errors";
import { type Limiter, endpointOf } from "./limiter";
import type { ApiPath } from "./path";
import { retryAfter } from "./retry";

/** One API call. */
export interface ApiRequest<T> {
  method: "GET" | "POST" | "DELETE";
  /** Path under the base URL, made with {@link apiPath}: it carries the template the limiter paces by. */
  path: ApiPath;
  /** A list value repeats its key (`project_ids[]=a&project_ids[]=b`), as the official SDK sends arrays. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** The schema of a successful answer: an answer that fails it is an {@link InvalidResponseError}. */
  schema: z.ZodType<T, unknown>;
  /**
   * False for a request that makes something new (a create): it is retried only when it provably
   * never reached the server or was refused with 429, and any other failure is marked ambiguous.
   */
  idempotent: boolean;
}

/**
 * The largest answer read, in bytes (4 MiB). Admin answers are a few KiB (a page of 100 invites is
 * well under 1 MiB); a larger one is not the Administration API, and reading it whole could exhaust
 * the plugin's memory and take every in-flight create with it.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

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

// One pool per origin per process, so every resource of a deployment shares keep-alive sockets.
const pools = new Map<string, Pool>();

/** What one attempt came to: an answer to parse, or an error with what it says about retrying. */
export type Outcome =
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

/** What a {@link Transport} is made with: a checked origin and key (settings.ts did the checking). */
export interface TransportOptions {
  url: URL;
  loopback: boolean;
  adminKey: string;
  headers: Record<string, string>;
  timeoutMs: number;
  limiter: Limiter;
}

/** How a 429 is paced: the backoff after the n-th refusal in a row, and the longest a server's retry-after may hold the process. */
export interface RefusalPacing {
  backoff: (strike: number) => number;
  maxHoldMs: number;
}

/**
 * One attempt of one call on the origin's pool, through its limiter: forms the request, sends it with the key,
 * reads at most {@link MAX_RESPONSE_BYTES} of the answer, and sorts it into an {@link Outcome}. Every text from
 * the server or the network that reaches a message is redacted here.
 */
export class Transport {
  private readonly host: string;
  private readonly loopback: boolean;
  private readonly basePath: string;
  private readonly pool: Pool;
  private readonly limiter: Limiter;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  // Kept out of enumerable fields so that neither a console.log nor a JSON dump of the client shows it.
  readonly #adminKey: string;

  constructor(opts: TransportOptions) {
    this.host = opts.url.host;
    this.loopback = opts.loopback;
    this.basePath = opts.url.pathname.replace(/\/+$/, "");
    this.#adminKey = opts.adminKey;
    this.headers = opts.headers;
    this.timeoutMs = opts.timeoutMs;
    this.limiter = opts.limiter;
    let pool = pools.get(opts.url.origin);
    if (!pool) {
      pool = new Pool(opts.url.origin, { connections: 16, keepAliveTimeout: 4_000 });
      pools.set(opts.url.origin, pool);
    }
    this.pool = pool;
  }

  /** True when this transport sends `key` (already trimmed). */
  hasKey(key: string): boolean {
    return key === this.#adminKey;
  }

  async attempt(req: ApiRequest<unknown>, pacing: RefusalPacing): Promise<Outcome> {
    const info = { method: req.method, path: req.path.path };
    let path: string;
    let payload: string | undefined;
    try {
      path = this.basePath + req.path.path + queryString(req.query);
      payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    } catch (e) {
      const reason = this.scrub((e as Error)?.message ?? String(e), 200);
      return { kind: "error", error: new ConfigurationError(`${req.method} ${req.path.path} could not be formed (${reason}); nothing was sent`, info) };
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
        const hold = asked === undefined ? undefined : Math.min(asked, pacing.maxHoldMs);
        turn.rateLimited(hold, (strike) => (imposed = pacing.backoff(strike)));
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
          error: new ConnectionError(`${req.method} ${req.path.path} answered HTTP ${status} but its body was cut off (${reason})${applied}`, {
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
            `${req.method} ${req.path.path} answered HTTP ${status} with a body larger than the ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB this client reads; ` +
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

  /** The answer of a successful attempt, checked against the call's schema. */
  parse<T>(req: ApiRequest<T>, status: number, body: string, requestId?: string): T {
    const info = { method: req.method, path: req.path.path, status, requestId };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new InvalidResponseError(`${req.method} ${req.path.path} answered HTTP ${status} with a body that is not JSON`, info);
    }
    const parsed = req.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    const error = new InvalidResponseError(
      `${req.method} ${req.path.path} answered a shape this package does not know (${this.scrub(issues, 600)}); the API may have changed`,
      info,
    );
    // A create that was applied but answered an unknown shape still names its object: createOnce keeps it.
    const objectId = (json as { id?: unknown } | null)?.id;
    throw typeof objectId === "string" && objectId ? Object.assign(error, { objectId }) : error;
  }

  private networkError(req: ApiRequest<unknown>, e: unknown): Omit<Extract<Outcome, { kind: "error" }>, "kind"> {
    const info = { method: req.method, path: req.path.path };
    const where = `${req.method} ${req.path.path}`;
    const err = e as { code?: string; name?: string; message?: string };
    const code = err?.code ?? "";
    const reason = this.scrub(err?.message ?? String(e), 200);
    if (UNSENDABLE.test(code)) {
      return {
        error: new ConfigurationError(`${where} could not be sent (${code}: ${reason}); nothing reached the server, so it is not retried`, info),
      };
    }
    if (err?.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return { error: new TimeoutError(`${where} timed out after ${this.timeoutMs} ms`, { ...info, ambiguous: !req.idempotent }) };
    }
    if (code === "ECONNREFUSED" && this.loopback) {
      return { error: new ConnectionError(`${where} got no answer: connection refused by ${this.host}`, info), fastFail: "nothing listens there" };
    }
    if (code === "ENOTFOUND") {
      return {
        error: new ConnectionError(`${where} got no answer: the host ${this.scrub(this.host, 200)} was not found (ENOTFOUND)`, info),
        fastFail: "the name does not resolve",
      };
    }
    const neverSent = CONNECT_ERRORS.has(code);
    return {
      error: new ConnectionError(
        `${where} got no answer (${code || "network error"}: ${reason})` + (!neverSent && !req.idempotent ? "; the request may have been applied" : ""),
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
  scrub(text: string, max: number): string;
  scrub(text: string | undefined, max: number): string | undefined;
  scrub(text: string | undefined, max: number): string | undefined {
    if (text === undefined) return undefined;
    const clean = this.redact(text.slice(0, max * 4)).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
    return clean.length > max ? `${clean.slice(0, max)}…` : clean;
  }
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

function safeOrigin(location: string | undefined): string {
  if (location === undefined) return "(no location)";
  try {
    return new URL(location).origin;
  } catch {
    return "a relative location";
  }
}
