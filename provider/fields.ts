import { z } from "zod";

/** The `projectId` input every per-project resource has. */
export const projectId = z
  .string({ error: "is required: the id of the project (proj_…)" })
  .trim()
  .min(1, "is required: the id of the project (proj_…)");

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, lower-cased: the API treats addresses case-insensitively. */
export const email = z
  .string({ error: "must be an email address" })
  .trim()
  .regex(EMAIL, "must be an email address like name@example.com")
  .transform((s) => s.toLowerCase());
