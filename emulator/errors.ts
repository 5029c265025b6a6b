/** An answer before it is written to the socket. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An OpenAI-shaped API error; the server turns it into `{"error": {...}}` with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** OpenAI's error envelope: `{"error": {message, type, param, code}}`. */
export function errorReply(status: number, message: string, type: string, param: string | null = null, code: string | null = null): Reply {
  return { status, body: { error: { message, type, param, code } } };
}

export function apiErrorReply(e: ApiError): Reply {
  return errorReply(e.status, e.message, e.status >= 500 ? "server_error" : "invalid_request_error", e.param, e.code);
}

/** The 429 OpenAI sends for a request-rate limit; `headers` carry retry hints, or none at all. */
export function rateLimitReply(headers: Record<string, string> = {}): Reply {
  const message = "Rate limit reached for requests. Please try again later.";
  return { ...errorReply(429, message, "requests", null, "rate_limit_exceeded"), headers };
}

export const invalidUrl = (method: string, path: string) => errorReply(404, `Invalid URL (${method} ${path})`, "invalid_request_error");
