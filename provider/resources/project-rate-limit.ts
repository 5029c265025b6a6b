/**
 * ProjectRateLimit: the limits of one model in one project. Every project already has a rate limit
 * per model, so this resource takes one over rather than making it.
 * - id: the rate limit id. Replaces on: `projectId`, `model`.
 * - Only the limits written are managed; the others keep whatever value they have.
 * - create: one list call to find the model's rate limit (and its current values), then one POST of
 *   the written limits. Nothing is made, so a retried create cannot duplicate anything. A POST that may
 *   have been applied (no answer, a 5xx) fails keeping the id and the values from before in the state.
 * - update: one POST; a limit no longer written is put back to the value it had before Pulumi set it.
 *   Removing a limit from the program is a change of that limit in the diff, so the update runs.
 * - delete: one POST putting back every managed limit's value from before (kept in `previous`).
 *   404 (project gone): done. A project archived meanwhile: done, its limits no longer apply.
 * - read: the run's listing of the project's limits (client/listed.ts); one missing from it and from a fresh
 *   listing reads as gone.
 * - adopt ({ import: "<projectId>/<rateLimitId>" }, or the id with `projectId`): the same; the values
 *   it has then are what delete puts back.
 */
import { z } from "zod";
import { NotFoundError, type AdminClient, type ProjectRateLimit, type RateLimitField, type RateLimitUpdateParams, isAdminError, projects, rateLimits, followUp } from "../client";
import { acrossInputs, projectId, documented, scopedImportId } from "../fields";
import { type DefinedResource, defineResource, madeAt } from "../handler";
import { firstWrite } from "../restore";

/** Each managed limit: its input name and its API name, written once (the export reads it too). */
export const RATE_LIMITS = {
  maxRequestsPer1Minute: "max_requests_per_1_minute",
  maxTokensPer1Minute: "max_tokens_per_1_minute",
  maxImagesPer1Minute: "max_images_per_1_minute",
  maxAudioMegabytesPer1Minute: "max_audio_megabytes_per_1_minute",
  maxRequestsPer1Day: "max_requests_per_1_day",
  batch1DayMaxInputTokens: "batch_1_day_max_input_tokens",
} as const satisfies Record<string, RateLimitField>;
type Limit = keyof typeof RATE_LIMITS;
const LIMIT_NAMES = Object.keys(RATE_LIMITS) as Limit[];

const limit = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be more than 0").optional();

// The words of the TSDoc npm run generate writes into sdk/project-rate-limit.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the resource.",
  "model": "The model whose limits these are, e.g. `gpt-4o`. Changing it replaces the resource.",
  "maxRequestsPer1Minute": "Requests per minute, at most the organization's limit.",
  "maxTokensPer1Minute": "Tokens per minute, at most the organization's limit.",
  "maxImagesPer1Minute": "Only for image models.",
  "maxAudioMegabytesPer1Minute": "Only for audio models.",
  "maxRequestsPer1Day": "Only for some models.",
  "batch1DayMaxInputTokens": "Only for models usable in batches.",
  "(class)": "The rate limits of one model in one project. Every project already has limits for every model, so creating this resource takes the model's limits over and sets the ones written; a limit later left out, and every limit on delete, is put back to the value it had before (kept in `previous`). A project's limit cannot go above the organization's. `{ import: \"<projectId>/<rateLimitId>\" }` adopts a limit without changing it (the program must match it)."
};

export const ProjectRateLimitInputs = documented(DOCS, z
  .strictObject({
    projectId,
    model: z.string({ error: "is required: the model id, like gpt-4o" }).trim().min(1, "is required: the model id, like gpt-4o"),
    maxRequestsPer1Minute: limit,
    maxTokensPer1Minute: limit,
    maxImagesPer1Minute: limit,
    maxAudioMegabytesPer1Minute: limit,
    maxRequestsPer1Day: limit,
    batch1DayMaxInputTokens: limit,
  }))
  .refine(...acrossInputs<Partial<Record<Limit, unknown>>>((i) => LIMIT_NAMES.some((k) => i[k] !== undefined), "", `set at least one limit: ${LIMIT_NAMES.join(", ")}`))
  .describe(DOCS["(class)"]);
export type ProjectRateLimitInputs = z.infer<typeof ProjectRateLimitInputs>;

/** One output per limit, from the one list of limits. */
const eachLimit = <T extends z.ZodType>(field: () => T) => Object.fromEntries(LIMIT_NAMES.map((k) => [k, field()])) as Record<Limit, T>;

/** What state holds for a project rate limit. A limit the model does not have is null. */
export const ProjectRateLimitOutputs = z.object({
  rateLimitId: z.string().describe("The rate limit id, also the resource id."),
  projectId: z.string(),
  model: z.string(),
  ...eachLimit(() => z.number().int().nullable().describe("The current value of this limit; null where the model has no such limit.")),
  previous: z
    .object(eachLimit(() => z.number().int().optional()))
    .describe("The value each managed limit had before Pulumi set it; delete puts these back."),
  createdAt: madeAt,
});
export type ProjectRateLimitOutputs = z.infer<typeof ProjectRateLimitOutputs>;

function outputs(projectId: string, r: ProjectRateLimit, previous: ProjectRateLimitOutputs["previous"]): ProjectRateLimitOutputs {
  const limits = Object.fromEntries(LIMIT_NAMES.map((k) => [k, r[RATE_LIMITS[k]] ?? null])) as Record<Limit, number | null>;
  return { rateLimitId: r.id, projectId, model: r.model, ...limits, previous };
}

function body(values: Partial<Record<Limit, number | null>>): RateLimitUpdateParams {
  const out: RateLimitUpdateParams = {};
  for (const k of LIMIT_NAMES) {
    const v = values[k];
    if (typeof v === "number") out[RATE_LIMITS[k]] = v;
  }
  return out;
}

/** The values the written limits have before Pulumi sets them: what delete puts back. */
function previousOf(current: ProjectRateLimit, inputs: ProjectRateLimitInputs): ProjectRateLimitOutputs["previous"] {
  const previous: ProjectRateLimitOutputs["previous"] = {};
  for (const k of LIMIT_NAMES) {
    const was = current[RATE_LIMITS[k]];
    if (inputs[k] !== undefined && was !== undefined) previous[k] = was;
  }
  return previous;
}

async function find(c: AdminClient, projectId: string, match: (r: ProjectRateLimit) => boolean): Promise<ProjectRateLimit | undefined> {
  for await (const r of rateLimits.list(c, projectId)) if (match(r)) return r;
  return undefined;
}

const handler = defineResource<ProjectRateLimitInputs, ProjectRateLimitOutputs>({
  type: "ProjectRateLimit",
  inputs: ProjectRateLimitInputs,
  outputs: ProjectRateLimitOutputs,
  importId: scopedImportId("ProjectRateLimit", "projectId", "<projectId>/<rateLimitId>"),
  replaceOn: ["projectId", "model"],
  importIdForm: "<projectId>/<rateLimitId>",
  lives: { path: "/organization/projects/{projectId}/rate_limits", under: "Project" },
  unmanagedWhenUnset: LIMIT_NAMES,
  describe: (props) => `rate limit of ${String(props.model ?? "?")} in project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const current = await find(c, inputs.projectId, (r) => r.model === inputs.model);
    if (!current) {
      throw new Error(
        `OpenAI ProjectRateLimit: project ${inputs.projectId} has no rate limit for model "${inputs.model}"; ` +
          "use a model id exactly as the project's limits page in the OpenAI dashboard lists it",
      );
    }
    const previous = previousOf(current, inputs);
    const r = await firstWrite(current.id, outputs(inputs.projectId, current, previous), () =>
      rateLimits.update(c, inputs.projectId, current.id, body(inputs)),
    );
    return { id: r.id, outs: outputs(inputs.projectId, r, previous) };
  },

  async adopt(c, id, inputs) {
    // `<projectId>/<rateLimitId>` names both; a bare id takes the project from the inputs.
    const [project, rateLimitId] = id.includes("/") ? id.split("/", 2) : [inputs.projectId, id];
    const r = await rateLimits.retrieveListed(c, project, rateLimitId);
    if (!r) throw new NotFoundError(`project ${project} has no rate limit ${rateLimitId}`);
    return { id: r.id, outs: outputs(project, r, previousOf(r, inputs)) };
  },

  async read(c, id, outs) {
    const r = await rateLimits.retrieveListed(c, outs.projectId, id);
    return r && outputs(outs.projectId, r, outs.previous ?? {});
  },

  async update(c, id, olds, inputs) {
    const previous = { ...olds.previous };
    const restore: Partial<Record<Limit, number>> = {};
    for (const k of LIMIT_NAMES) {
      const was = olds[k];
      if (inputs[k] !== undefined && previous[k] === undefined && was !== null) previous[k] = was;
      if (inputs[k] === undefined && previous[k] !== undefined) {
        restore[k] = previous[k];
        delete previous[k];
      }
    }
    const r = await rateLimits.update(c, olds.projectId, id, body({ ...restore, ...inputs }));
    return outputs(olds.projectId, r, previous);
  },

  async delete(c, id, outs) {
    const restore = body(outs.previous ?? {});
    if (Object.keys(restore).length === 0) return;
    try {
      await rateLimits.update(c, outs.projectId, id, restore);
    } catch (e) {
      // Only an archived project refuses the reset; the extra GET is paid on that path alone.
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || (await followUp(e, `the look at project ${outs.projectId}`, () => projects.retrieve(c, outs.projectId))).status !== "archived") throw e;
    }
  },
});

export const projectRateLimit: DefinedResource = {
  ...handler,
  // A limit left out is not managed, so the shared diff ignores it; but one Pulumi set (its value from before is
  // in `previous`) and then removed from the program must be put back, which only an update does.
  async diff(id, olds, news) {
    const d = await handler.diff(id, olds, news);
    const previous = (olds.previous ?? {}) as ProjectRateLimitOutputs["previous"];
    const released = LIMIT_NAMES.filter((k) => news[k] === undefined && previous[k] !== undefined && !d.diffs.includes(k));
    return released.length === 0 ? d : { ...d, changes: true, diffs: [...d.diffs, ...released] };
  },
};
