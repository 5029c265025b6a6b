import { z } from "zod";
import { type AdminClient, ApiPath } from "./http";
import { type Page, bucketPageOf } from "./list";

/**
 * The usage kinds, each read at `GET /organization/usage/{kind}`. The ten of OpenAI's description, and `decisions`,
 * which only the official SDK (newer) has.
 */
export const USAGE_KINDS = [
  "completions",
  "embeddings",
  "moderations",
  "images",
  "audio_speeches",
  "audio_transcriptions",
  "vector_stores",
  "code_interpreter_sessions",
  "file_search_calls",
  "web_search_calls",
  "decisions",
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** The bucket widths, their length in seconds, and the most buckets one page holds (the largest `limit`). */
export const BUCKET_WIDTHS = {
  "1m": { seconds: 60, perPage: 1440 },
  "1h": { seconds: 3600, perPage: 168 },
  "1d": { seconds: 86400, perPage: 31 },
} as const;
export type BucketWidth = keyof typeof BUCKET_WIDTHS;

const TOKENS_GROUP = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier", "api_source"] as const;
const PLAIN_GROUP = ["project_id", "user_id", "api_key_id", "model"] as const;

/** What each kind can be grouped by (`group_by`), as the official SDK's params types list it. */
export const USAGE_GROUP_BY = {
  completions: TOKENS_GROUP,
  embeddings: PLAIN_GROUP,
  moderations: PLAIN_GROUP,
  images: [...PLAIN_GROUP, "size", "source"],
  audio_speeches: PLAIN_GROUP,
  audio_transcriptions: PLAIN_GROUP,
  vector_stores: ["project_id"],
  code_interpreter_sessions: ["project_id"],
  file_search_calls: ["project_id", "user_id", "api_key_id", "vector_store_id"],
  web_search_calls: ["project_id", "user_id", "api_key_id", "model", "context_level", "api_source"],
  decisions: TOKENS_GROUP,
} as const satisfies Record<UsageKind, readonly string[]>;
export type UsageGrouping = (typeof USAGE_GROUP_BY)[UsageKind][number];

/** The filters of a usage query; each kind takes some of them (see {@link USAGE_FILTERS}). */
export interface UsageFilters {
  project_ids?: string[];
  user_ids?: string[];
  api_key_ids?: string[];
  models?: string[];
  /** True: batch jobs only; false: no batch jobs. */
  batch?: boolean;
  sizes?: string[];
  sources?: string[];
  vector_store_ids?: string[];
  context_levels?: string[];
}

const PLAIN_FILTERS = ["project_ids", "user_ids", "api_key_ids", "models"] as const;
/** The filters each kind takes, as the official SDK's params types list them. */
export const USAGE_FILTERS = {
  completions: [...PLAIN_FILTERS, "batch"],
  embeddings: PLAIN_FILTERS,
  moderations: PLAIN_FILTERS,
  images: [...PLAIN_FILTERS, "sizes", "sources"],
  audio_speeches: PLAIN_FILTERS,
  audio_transcriptions: PLAIN_FILTERS,
  vector_stores: ["project_ids"],
  code_interpreter_sessions: ["project_ids"],
  file_search_calls: ["project_ids", "user_ids", "api_key_ids", "vector_store_ids"],
  web_search_calls: [...PLAIN_FILTERS, "context_levels"],
  decisions: [...PLAIN_FILTERS, "batch"],
} as const satisfies Record<UsageKind, ReadonlyArray<keyof UsageFilters>>;
export const IMAGE_SIZES = ["256x256", "512x512", "1024x1024", "1792x1792", "1024x1792"] as const;
export const IMAGE_SOURCES = ["image.generation", "image.edit", "image.variation"] as const;
export const CONTEXT_LEVELS = ["low", "medium", "high"] as const;

/** The counted fields a usage result may carry, each kind some of them. */
export const USAGE_METRICS = [
  "input_tokens",
  "output_tokens",
  "input_cached_tokens",
  "input_uncached_tokens",
  "input_text_tokens",
  "input_cached_text_tokens",
  "input_audio_tokens",
  "input_cached_audio_tokens",
  "input_image_tokens",
  "input_cached_image_tokens",
  "input_cache_write_tokens",
  "input_cache_write_30m_tokens",
  "input_cache_write_12h_tokens",
  "output_text_tokens",
  "output_audio_tokens",
  "output_image_tokens",
  "num_model_requests",
  "images",
  "characters",
  "seconds",
  "usage_bytes",
  "num_sessions",
  "num_requests",
] as const;
/** The dimensions a usage result may carry: the value of each grouping asked for. */
export const USAGE_DIMENSIONS = [
  "project_id",
  "user_id",
  "api_key_id",
  "model",
  "batch",
  "service_tier",
  "api_source",
  "size",
  "source",
  "vector_store_id",
  "context_level",
] as const;

/** One result of a usage bucket: one group's sums. Every field but `object` depends on the kind and the grouping. */
export const UsageResult = z.looseObject({
  object: z.string(),
  ...Object.fromEntries(USAGE_METRICS.map((m) => [m, z.number().nullish()])),
  ...Object.fromEntries(USAGE_DIMENSIONS.map((d) => [d, d === "batch" ? z.boolean().nullish() : z.string().nullish()])),
}) as z.ZodType<{ object: string } & Partial<Record<(typeof USAGE_METRICS)[number], number | null>> & Partial<Record<(typeof USAGE_DIMENSIONS)[number], string | boolean | null>>>;
export type UsageResult = z.infer<typeof UsageResult>;

/** One time bucket: [start_time, end_time) in Unix seconds, and its results. */
export interface Bucket<R> {
  start_time: number;
  end_time: number;
  results: R[];
}

/** One time bucket of a usage or costs page. */
export function bucketOf<R extends z.ZodType>(result: R) {
  return z.object({ object: z.literal("bucket"), start_time: z.number(), end_time: z.number(), results: z.array(result) });
}

/** The query of a bucketed read: the range, the width, and the rest as the API names it. */
export type BucketQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * Every bucket of a usage or costs read, by the client's one paginator (the cursor is `next_page`, sent back as
 * `page`). A read that says there is more with no new cursor, or that has more after `maxPages` pages, is an error
 * naming the bound: never a silently cut range.
 */
export function paginateBuckets<R>(c: AdminClient, path: ApiPath, query: BucketQuery, result: z.ZodType<R>, maxPages: number): AsyncGenerator<Bucket<R>> {
  const { limit, ...rest } = query;
  return c.paginate({ path, query: rest, schema: bucketPageOf(bucketOf(result)) as z.ZodType<Page<Bucket<R>>, unknown> }, { pageSize: Number(limit), maxPages });
}

/** A usage query, in the API's names; `limit` is the most buckets a page holds for the width. */
export interface UsageParams extends UsageFilters {
  start_time: number;
  end_time?: number;
  bucket_width: BucketWidth;
  group_by?: readonly string[];
}

/** Calls on `/organization/usage/{kind}`. */
export const usage = {
  /** Every bucket of the range, each page as large as the width allows, at most `maxPages` pages. */
  list: (c: AdminClient, kind: UsageKind, q: UsageParams, maxPages: number) =>
    paginateBuckets(
      c,
      // Each kind is an endpoint of its own, limited on its own: its path is its template.
      new ApiPath([`/organization/usage/${kind}`], []),
      {
        start_time: q.start_time,
        end_time: q.end_time,
        bucket_width: q.bucket_width,
        limit: BUCKET_WIDTHS[q.bucket_width].perPage,
        "group_by[]": q.group_by,
        "project_ids[]": q.project_ids,
        "user_ids[]": q.user_ids,
        "api_key_ids[]": q.api_key_ids,
        "models[]": q.models,
        batch: q.batch,
        "sizes[]": q.sizes,
        "sources[]": q.sources,
        "vector_store_ids[]": q.vector_store_ids,
        "context_levels[]": q.context_levels,
      },
      UsageResult,
      maxPages,
    ),
};
