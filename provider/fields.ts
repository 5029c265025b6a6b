import { z } from "zod";

const PROJECT_ID = /^proj_[A-Za-z0-9_-]+$/;
const PROJECT_ID_RULE = "must be a project id like proj_abc123 (a Project's projectId output)";

/**
 * The `projectId` input every per-project resource has. Checked for the API's id shape, so that a
 * name, a blank, `.` or `..` is refused at preview instead of at the first request.
 */
export const projectId = z
  .string({ error: "is required: the id of the project (proj_…)" })
  .trim()
  .min(1, "is required: the id of the project (proj_…)")
  .regex(PROJECT_ID, PROJECT_ID_RULE);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, lower-cased: the API treats addresses case-insensitively. */
export const email = z
  .string({ error: "must be an email address" })
  .trim()
  .regex(EMAIL, "must be an email address like name@example.com")
  .transform((s) => s.toLowerCase());

/** Orders strings by UTF-16 code units: the same in every locale, unlike `localeCompare`. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
