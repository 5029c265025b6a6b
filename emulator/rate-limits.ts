import { z } from "zod";
import { ApiError } from "./errors";
import { audit } from "./audit-logs";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, invalid } from "./validate";

// The limits a rate limit can hold, by their API names.
const FIELDS = [
  "max_requests_per_1_minute", "max_tokens_per_1_minute", "max_images_per_1_minute",
  "max_audio_megabytes_per_1_minute", "max_requests_per_1_day", "batch_1_day_max_input_tokens",
] as const;
type Field = (typeof FIELDS)[number];
type Limits = Partial<Record<Field, number>>;

/**
 * The organization's limit per model: every project starts at these and may only go lower. A model has
 * only the fields that apply to it (images for image models, audio for audio models…), as on the real service.
 */
export const ORGANIZATION_LIMITS: Record<string, Limits> = {
  "gpt-4o": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, batch_1_day_max_input_tokens: 5_000_000_000 },
  "gpt-4o-mini": { max_requests_per_1_minute: 30_000, max_tokens_per_1_minute: 150_000_000, batch_1_day_max_input_tokens: 15_000_000_000 },
  "gpt-4.1": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, batch_1_day_max_input_tokens: 5_000_000_000 },
  "gpt-4.1-mini": { max_requests_per_1_minute: 30_000, max_tokens_per_1_minute: 150_000_000, batch_1_day_max_input_tokens: 15_000_000_000 },
  "o3": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, max_requests_per_1_day: 1_000_000 },
  "dall-e-3": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_images_per_1_minute: 500 },
  "whisper-1": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_audio_megabytes_per_1_minute: 2_000 },
  "text-embedding-3-small": { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 10_000_000, max_requests_per_1_day: 10_000_000 },
};
const MODELS = Object.keys(ORGANIZATION_LIMITS);

// A project stores only the limits set on it; the rest are the organization's.
const shape = { rateLimits: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number()))).default({}) };
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

const PATH = "/organization/projects/{project_id}/rate_limits";
const idOf = (model: string) => `rl-${model}`;

function view(org: Org, projectId: string, model: string) {
  return { object: "project.rate_limit", id: idOf(model), model, ...ORGANIZATION_LIMITS[model], ...own(org).rateLimits[projectId]?.[model] };
}

/** Per-model rate limits of a project: listed and updated, never made or deleted. */
export const rateLimits: Family = {
  state: shape,
  fresh: () => ({ rateLimits: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      // This list alone is documented with a default page of 100.
      const q = new URLSearchParams(query);
      if (!q.has("limit")) q.set("limit", "100");
      return org.page(MODELS.map((m) => view(org, project_id, m)), q);
    },
    [`POST ${PATH}/{rate_limit_id}`]: ({ org, params: { project_id, rate_limit_id }, body }) => {
      writableProject(org, project_id, "modify");
      const model = MODELS.find((m) => idOf(m) === rate_limit_id);
      if (!model) throw new ApiError(404, `No rate limit found with id '${rate_limit_id}'.`);
      const b = fields(body, [...FIELDS]);
      const ceiling = ORGANIZATION_LIMITS[model];
      const next: Limits = {};
      for (const field of FIELDS) {
        const value = b[field];
        if (value === undefined) continue;
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw invalid(field, "expected a non-negative integer");
        const max = ceiling[field];
        if (max === undefined) throw invalid(field, `not a limit of model '${model}'`);
        if (value > max) throw invalid(field, `must not exceed the organization's limit of ${max}`);
        next[field] = value;
      }
      const project = (own(org).rateLimits[project_id] ??= {});
      project[model] = { ...project[model], ...next };
      audit(org, "rate_limit.updated", { id: rate_limit_id, changes_requested: next }, project_id);
      return view(org, project_id, model);
    },
  },
};
