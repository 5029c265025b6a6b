/**
 * Stable codes for every failure the admin client reports. Match on `code`, not on the class:
 * errors cross the plugin boundary as plain messages, and a code survives where `instanceof` does not.
 */
export type AdminErrorCode =
  | "OPENAI_ADMIN_BAD_REQUEST"
  | "OPENAI_ADMIN_AUTHENTICATION"
  | "OPENAI_ADMIN_PERMISSION_DENIED"
  | "OPENAI_ADMIN_NOT_FOUND"
  | "OPENAI_ADMIN_CONFLICT"
  | "OPENAI_ADMIN_RATE_LIMITED"
  | "OPENAI_ADMIN_SERVER_ERROR"
  | "OPENAI_ADMIN_HTTP_ERROR"
  | "OPENAI_ADMIN_CONNECTION"
  | "OPENAI_ADMIN_TIMEOUT"
  | "OPENAI_ADMIN_INVALID_RESPONSE"
  | "OPENAI_ADMIN_CONFIGURATION";

/** The `error` object of an OpenAI error body, each field already cut, cleaned and redacted. */
export interface ApiErrorBody {
  message?: string | null;
  type?: string | null;
  code?: string | null;
  param?: string | null;
}

/** Where a failed call went; never holds a header, so never the key. */
export interface RequestInfo {
  method: string;
  path: string;
}

/** What an error carries besides its message. */
export interface ErrorDetails extends Partial<RequestInfo> {
  status?: number;
  apiError?: ApiErrorBody;
  requestId?: string;
  ambiguous?: boolean;
  attempts?: number;
}

// Anything shaped like an OpenAI key or a bearer credential. The client also removes its own key,
// whatever its shape; this catches other keys and any message built outside the client.
const KEY_SHAPED = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;

/** Removes anything shaped like an OpenAI key or a bearer credential. */
export function redactKeyShapes(text: string): string {
  return text.replace(BEARER, "$1 [redacted]").replace(KEY_SHAPED, "sk-[redacted]");
}

/** The root of every error the admin client throws. */
export class AdminApiError extends Error {
  override name = "AdminApiError";
  /** The stable code of this failure; each subclass fixes its own. */
  readonly code: AdminErrorCode = "OPENAI_ADMIN_HTTP_ERROR";
  readonly method?: string;
  readonly path?: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** OpenAI's own `type`, `code`, `param` and `message`, when the body carried them. */
  readonly apiError?: ApiErrorBody;
  /** The `x-request-id` header, to quote to OpenAI support. */
  readonly requestId?: string;
  /**
   * True when a non-idempotent request (a create) may or may not have been applied: the caller must
   * look for what it may have made before trying again.
   */
  readonly ambiguous: boolean;
  /** How many times the request was sent (or tried) before this error ended the call. */
  readonly attempts: number;

  constructor(message: string, details: ErrorDetails = {}) {
    // Redacted before `super`, because the stack trace copies the message as it is at construction.
    super(redactKeyShapes(message));
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.apiError = details.apiError && redactFields(details.apiError);
    this.requestId = details.requestId && redactKeyShapes(details.requestId);
    this.ambiguous = details.ambiguous ?? false;
    this.attempts = details.attempts ?? 1;
  }

  /** The same failure (same class, code and details) as the end of a call that made `attempts` tries. */
  afterAttempts(attempts: number, why = ""): AdminApiError {
    return this.same(`${this.message} (gave up after ${attempts} attempts${why ? `: ${why}` : ""})`, { attempts });
  }

  /**
   * The same failure (same class, code and details) told what followed it: a look that failed, a cleanup left
   * undone. The first error stays the one that says what went wrong; what followed is added, never put in its place.
   */
  withContext(what: string, details: Pick<ErrorDetails, "ambiguous"> = {}): AdminApiError {
    return this.same(`${this.message}; ${what}`, details);
  }

  private same(message: string, details: Partial<ErrorDetails>): AdminApiError {
    const Same = this.constructor as new (message: string, details: ErrorDetails) => AdminApiError;
    return new Same(message, {
      method: this.method,
      path: this.path,
      status: this.status,
      apiError: this.apiError,
      requestId: this.requestId,
      ambiguous: this.ambiguous,
      attempts: this.attempts,
      ...details,
    });
  }
}

/** `e` told what followed it (see {@link AdminApiError.withContext}); an error from outside the client keeps its own as `cause`. */
export function withContext(e: unknown, what: string): Error {
  if (e instanceof AdminApiError) return e.withContext(what);
  return new Error(`${e instanceof Error ? e.message : String(e)}; ${what}`, { cause: e });
}

/**
 * Runs a call made to explain `original` (is the project archived? was the invite accepted?). When that call
 * fails too, `original` is thrown with the call's failure added (`what` names the call), since the first error
 * is the one that says what went wrong. A 404 is passed on: it answers the question (the object is gone).
 */
export async function followUp<T>(original: unknown, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) throw e;
    throw withContext(original, `${what} that followed failed too: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function redactFields(body: ApiErrorBody): ApiErrorBody {
  const out: ApiErrorBody = {};
  for (const k of ["message", "type", "code", "param"] as const) {
    const v = body[k];
    if (v !== undefined) out[k] = typeof v === "string" ? redactKeyShapes(v) : v;
  }
  return out;
}

export class BadRequestError extends AdminApiError {
  override name = "BadRequestError";
  override readonly code = "OPENAI_ADMIN_BAD_REQUEST";
}
export class AuthenticationError extends AdminApiError {
  override name = "AuthenticationError";
  override readonly code = "OPENAI_ADMIN_AUTHENTICATION";
}
export class PermissionDeniedError extends AdminApiError {
  override name = "PermissionDeniedError";
  override readonly code = "OPENAI_ADMIN_PERMISSION_DENIED";
}
export class NotFoundError extends AdminApiError {
  override name = "NotFoundError";
  override readonly code = "OPENAI_ADMIN_NOT_FOUND";
}
export class ConflictError extends AdminApiError {
  override name = "ConflictError";
  override readonly code = "OPENAI_ADMIN_CONFLICT";
}
export class RateLimitError extends AdminApiError {
  override name = "RateLimitError";
  override readonly code = "OPENAI_ADMIN_RATE_LIMITED";
}
export class InternalServerError extends AdminApiError {
  override name = "InternalServerError";
  override readonly code = "OPENAI_ADMIN_SERVER_ERROR";
}
/** The request never got an HTTP answer: refused, reset, or the socket closed mid-flight. */
export class ConnectionError extends AdminApiError {
  override name = "ConnectionError";
  override readonly code = "OPENAI_ADMIN_CONNECTION";
}
export class TimeoutError extends AdminApiError {
  override name = "TimeoutError";
  override readonly code = "OPENAI_ADMIN_TIMEOUT";
}
/** An answer that cannot be used: not JSON, not the documented shape, too large, or a list that ends abnormally. */
export class InvalidResponseError extends AdminApiError {
  override name = "InvalidResponseError";
  override readonly code = "OPENAI_ADMIN_INVALID_RESPONSE";
}
/** Bad settings found before any request (no key, a plain-http remote URL), or a request that could not be formed. */
export class ConfigurationError extends AdminApiError {
  override name = "ConfigurationError";
  override readonly code = "OPENAI_ADMIN_CONFIGURATION";
}

/** The one place that turns an HTTP error status into a typed error. `body` must be cleaned and redacted already. */
export function errorFromStatus(
  req: RequestInfo,
  status: number,
  body: ApiErrorBody | undefined,
  requestId: string | undefined,
  ambiguous: boolean,
): AdminApiError {
  const Ctor = classify(status);
  const what = body?.message ? `: ${body.message}` : "";
  const details = [body?.type && `type ${body.type}`, body?.code && `code ${body.code}`, body?.param && `param ${body.param}`]
    .filter(Boolean)
    .join(", ");
  const message =
    `${req.method} ${req.path} failed with HTTP ${status}${what}` +
    (details ? ` (${details})` : "") +
    (requestId ? ` [request id ${requestId}]` : "") +
    (ambiguous ? "; the request may have been applied" : "");
  return new Ctor(message, { ...req, status, apiError: body, requestId, ambiguous });
}

function classify(status: number): typeof AdminApiError {
  switch (status) {
    case 400:
    case 422:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? InternalServerError : AdminApiError;
  }
}

/** True for an admin client error with the given stable code. */
export function isAdminError(e: unknown, code?: AdminErrorCode): e is AdminApiError {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" && c.startsWith("OPENAI_ADMIN_") && (code === undefined || c === code);
}
