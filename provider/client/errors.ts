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

/** The `error` object of an OpenAI error body. */
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

/** The root of every error the admin client throws. */
export class AdminApiError extends Error {
  override name = "AdminApiError";
  /** The stable code of this failure. */
  readonly code: AdminErrorCode;
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

  constructor(
    code: AdminErrorCode,
    message: string,
    extra: Partial<RequestInfo> & {
      status?: number;
      apiError?: ApiErrorBody;
      requestId?: string;
      ambiguous?: boolean;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.method = extra.method;
    this.path = extra.path;
    this.status = extra.status;
    this.apiError = extra.apiError;
    this.requestId = extra.requestId;
    this.ambiguous = extra.ambiguous ?? false;
  }
}

export class BadRequestError extends AdminApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends AdminApiError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends AdminApiError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends AdminApiError {
  override name = "NotFoundError";
}
export class ConflictError extends AdminApiError {
  override name = "ConflictError";
}
export class RateLimitError extends AdminApiError {
  override name = "RateLimitError";
}
export class InternalServerError extends AdminApiError {
  override name = "InternalServerError";
}
/** The request never got an HTTP answer: refused, reset, or the socket closed mid-flight. */
export class ConnectionError extends AdminApiError {
  override name = "ConnectionError";
}
export class TimeoutError extends AdminApiError {
  override name = "TimeoutError";
}
/** A 2xx answer whose body does not have the shape the API documents. */
export class InvalidResponseError extends AdminApiError {
  override name = "InvalidResponseError";
}
/** Bad settings found before any request: no key, a plain-http remote URL. */
export class ConfigurationError extends AdminApiError {
  override name = "ConfigurationError";
  constructor(message: string) {
    super("OPENAI_ADMIN_CONFIGURATION", message);
  }
}

/** The one place that turns an HTTP error status into a typed error. */
export function errorFromStatus(
  req: RequestInfo,
  status: number,
  body: ApiErrorBody | undefined,
  requestId: string | undefined,
  ambiguous: boolean,
): AdminApiError {
  const [Ctor, code] = classify(status);
  const what = body?.message ? `: ${body.message}` : "";
  const details = [body?.type && `type ${body.type}`, body?.code && `code ${body.code}`, body?.param && `param ${body.param}`]
    .filter(Boolean)
    .join(", ");
  const message =
    `${req.method} ${req.path} failed with HTTP ${status}${what}` +
    (details ? ` (${details})` : "") +
    (requestId ? ` [request id ${requestId}]` : "") +
    (ambiguous ? "; the request may have been applied" : "");
  return new Ctor(code, message, { ...req, status, apiError: body, requestId, ambiguous });
}

function classify(status: number): [typeof AdminApiError, AdminErrorCode] {
  switch (status) {
    case 400:
    case 422:
      return [BadRequestError, "OPENAI_ADMIN_BAD_REQUEST"];
    case 401:
      return [AuthenticationError, "OPENAI_ADMIN_AUTHENTICATION"];
    case 403:
      return [PermissionDeniedError, "OPENAI_ADMIN_PERMISSION_DENIED"];
    case 404:
      return [NotFoundError, "OPENAI_ADMIN_NOT_FOUND"];
    case 409:
      return [ConflictError, "OPENAI_ADMIN_CONFLICT"];
    case 429:
      return [RateLimitError, "OPENAI_ADMIN_RATE_LIMITED"];
    default:
      return status >= 500 ? [InternalServerError, "OPENAI_ADMIN_SERVER_ERROR"] : [AdminApiError, "OPENAI_ADMIN_HTTP_ERROR"];
  }
}

/** True for an admin client error with the given stable code. */
export function isAdminError(e: unknown, code?: AdminErrorCode): e is AdminApiError {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" && c.startsWith("OPENAI_ADMIN_") && (code === undefined || c === code);
}
