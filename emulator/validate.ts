import { ApiError } from "./errors";

/** A parsed JSON object body. */
export type Body = Record<string, unknown>;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const invalid = (param: string, expectation: string) =>
  new ApiError(400, `Invalid value for '${param}': ${expectation}.`, param);

export function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rejects anything that is not an object holding only `allowed` keys, as the real API does. */
export function fields(value: unknown, allowed: string[], parent?: string): Body {
  if (!isObject(value)) {
    throw parent ? invalid(parent, "expected an object") : new ApiError(400, "The request body must be a JSON object.");
  }
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    const param = parent ? `${parent}.${unknown}` : unknown;
    throw new ApiError(400, `Unrecognized request argument supplied: ${param}`, param);
  }
  return value;
}

export function required(body: Body, key: string, param = key): unknown {
  if (body[key] === undefined || body[key] === null) {
    throw new ApiError(400, `Missing required parameter: '${param}'.`, param);
  }
  return body[key];
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], param: string): T {
  if (!allowed.includes(value as T)) throw invalid(param, `expected one of ${allowed.join(", ")}`);
  return value as T;
}

export function nullableString(value: unknown, param: string): string | null | undefined {
  if (value === undefined || value === null || typeof value === "string") return value;
  throw invalid(param, "expected a string or null");
}
