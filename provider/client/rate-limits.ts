import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** The limits a project rate limit holds, by their API names; each is a whole number. */
export const RATE_LIMIT_FIELDS = [
  "max_requests_per_1_minute",
  "max_tokens_per_1_minute",
  "max_images_per_1_minute",
  "max_audio_megabytes_per_1_minute",
  "max_requests_per_1_day",
  "batch_1_day_max_input_tokens",
] as const;
export type RateLimitField = (typeof RATE_LIMIT_FIELDS)[number];

/** The per-model limits of a project. Every project has one per model; they are updated, never made. */
export const ProjectRateLimit = z.object({
  id: z.string(),
  object: z.literal("project.rate_limit"),
  model: z.string(),
  max_requests_per_1_minute: z.number(),
  max_tokens_per_1_minute: z.number(),
  // Present only for the models they apply to.
  max_images_per_1_minute: z.number().optional(),
  max_audio_megabytes_per_1_minute: z.number().optional(),
  max_requests_per_1_day: z.number().optional(),
  batch_1_day_max_input_tokens: z.number().optional(),
});
export type ProjectRateLimit = z.infer<typeof ProjectRateLimit>;

/** Only the fields sent change; the others keep their value. */
export type RateLimitUpdateParams = Partial<Record<RateLimitField, number>>;

/** Calls on `/organization/projects/{id}/rate_limits`. */
export const rateLimits = {
  update: (c: AdminClient, projectId: string, rateLimitId: string, body: RateLimitUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/rate_limits/${rateLimitId}`,
      body,
      schema: ProjectRateLimit,
      idempotent: true,
    }),
  list: (c: AdminClient, projectId: string) =>
    c.paginate({ path: apiPath`/organization/projects/${projectId}/rate_limits`, schema: listOf(ProjectRateLimit) }),
  /**
   * The rate limit from the run's listing of the project's limits (listed.ts); undefined when a fresh listing does not
   * hold it either. There is no GET of one limit, and limits are never made, so none is too new to be listed.
   */
  retrieveListed: (c: AdminClient, projectId: string, rateLimitId: string) =>
    fromListing(c, apiPath`/organization/projects/${projectId}/rate_limits`, () => rateLimits.list(c, projectId), rateLimitId, async () => {
      for await (const r of rateLimits.list(c, projectId)) if (r.id === rateLimitId) return r;
      return undefined;
    }),
};
