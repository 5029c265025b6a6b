/**
 * Usage and costs: `GET /organization/usage/{kind}` (the ten kinds of OpenAI's description, plus `decisions`,
 * which only the official SDK has) and `GET /organization/costs`.
 *
 * Figures come from two sources. Synthetic usage: every project, every hour before now, has a little of each
 * kind, its amounts a hash of the project id (drawn from the seed), the kind and the hour, so the same seed and
 * state always answer the same numbers. Recorded usage: `POST /__emulator/usage` adds one record, and
 * `DELETE /__emulator/usage` empties the org and stops the synthetic figures, for tests that want exact sums.
 * Costs are the usage priced by a small table below, plus any cost recorded as kind `costs`.
 *
 * Buckets start at `start_time` exactly and are `bucket_width` long; the last one ends at `end_time` (default now).
 * The real API's alignment of buckets is not documented; this is the emulator's choice.
 */
import { z } from "zod";
import { ApiError } from "./errors";
import { allProjects, defaultProjectId, findProject } from "./projects";
import type { Org } from "./org";
import type { Family, Handler } from "./router";
import { OWNER_ID } from "./users";
import { fields, invalid, isObject, required } from "./validate";

const WIDTHS = { "1m": 60, "1h": 3600, "1d": 86400 } as const;
type Width = keyof typeof WIDTHS;
// `limit` per bucket width, from the description of every usage endpoint.
const USAGE_LIMITS: Record<Width, { default: number; max: number }> = {
  "1d": { default: 7, max: 31 },
  "1h": { default: 24, max: 168 },
  "1m": { default: 60, max: 1440 },
};

/** A dimension a result can be grouped or filtered by, and the filter parameter that names it. */
const FILTERS: Record<string, string> = {
  project_ids: "project_id", user_ids: "user_id", api_key_ids: "api_key_id", models: "model", sizes: "size", sources: "source",
  vector_store_ids: "vector_store_id", context_levels: "context_level", line_items: "line_item",
};
const ENUM_FILTERS: Record<string, readonly string[]> = {
  sizes: ["256x256", "512x512", "1024x1024", "1792x1792", "1024x1792"],
  sources: ["image.generation", "image.edit", "image.variation"],
  context_levels: ["low", "medium", "high"],
};

interface Kind {
  /** The result's `object`. */
  object: string;
  groupBy: readonly string[];
  filters: readonly string[];
  /** The counted fields of a result, each summed over the bucket. */
  metrics: readonly string[];
  /** What synthetic usage of this kind uses, and how it is priced: [metric, line item suffix, unit, USD per unit]. */
  models: readonly string[];
  prices: ReadonlyArray<[string, string, string | null, number]>;
}

const TOKENS_GROUP = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier", "api_source"] as const;
const PLAIN_GROUP = ["project_id", "user_id", "api_key_id", "model"] as const;
const PLAIN_FILTERS = ["project_ids", "user_ids", "api_key_ids", "models"] as const;
const TOKEN_METRICS = ["input_tokens", "output_tokens", "input_cached_tokens", "input_audio_tokens", "output_audio_tokens", "num_model_requests"];
const TOKEN_PRICES: Kind["prices"] = [["input_tokens", "input", "tokens", 0.15e-6], ["output_tokens", "output", "tokens", 0.6e-6]];

// The OpenAPI description lacks `api_source` among completions' and web searches' groupings, and `decisions`
// entirely; the official SDK (newer) has them, so they are served.
const KINDS: Record<string, Kind> = {
  completions: { object: "organization.usage.completions.result", groupBy: TOKENS_GROUP, filters: [...PLAIN_FILTERS, "batch"], metrics: TOKEN_METRICS, models: ["gpt-4o-mini", "gpt-4.1"], prices: TOKEN_PRICES },
  decisions: { object: "organization.usage.decisions.result", groupBy: TOKENS_GROUP, filters: [...PLAIN_FILTERS, "batch"], metrics: TOKEN_METRICS, models: ["gpt-4o-mini"], prices: TOKEN_PRICES },
  embeddings: { object: "organization.usage.embeddings.result", groupBy: PLAIN_GROUP, filters: PLAIN_FILTERS, metrics: ["input_tokens", "num_model_requests"], models: ["text-embedding-3-small"], prices: [["input_tokens", "input", "tokens", 0.02e-6]] },
  moderations: { object: "organization.usage.moderations.result", groupBy: PLAIN_GROUP, filters: PLAIN_FILTERS, metrics: ["input_tokens", "num_model_requests"], models: ["omni-moderation-latest"], prices: [] },
  images: { object: "organization.usage.images.result", groupBy: [...PLAIN_GROUP, "size", "source"], filters: [...PLAIN_FILTERS, "sizes", "sources"], metrics: ["images", "num_model_requests"], models: ["gpt-image-1"], prices: [["images", "images", "images", 0.04]] },
  audio_speeches: { object: "organization.usage.audio_speeches.result", groupBy: PLAIN_GROUP, filters: PLAIN_FILTERS, metrics: ["characters", "num_model_requests"], models: ["tts-1"], prices: [["characters", "characters", "characters", 15e-6]] },
  audio_transcriptions: { object: "organization.usage.audio_transcriptions.result", groupBy: PLAIN_GROUP, filters: PLAIN_FILTERS, metrics: ["seconds", "num_model_requests"], models: ["whisper-1"], prices: [["seconds", "transcription", "duration_seconds", 0.0001]] },
  vector_stores: { object: "organization.usage.vector_stores.result", groupBy: ["project_id"], filters: ["project_ids"], metrics: ["usage_bytes"], models: [], prices: [] },
  code_interpreter_sessions: { object: "organization.usage.code_interpreter_sessions.result", groupBy: ["project_id"], filters: ["project_ids"], metrics: ["num_sessions"], models: [], prices: [["num_sessions", "code interpreter sessions", null, 0.03]] },
  file_search_calls: { object: "organization.usage.file_searches.result", groupBy: ["project_id", "user_id", "api_key_id", "vector_store_id"], filters: ["project_ids", "user_ids", "api_key_ids", "vector_store_ids"], metrics: ["num_requests"], models: [], prices: [["num_requests", "file search tool calls", null, 0.0025]] },
  web_search_calls: { object: "organization.usage.web_searches.result", groupBy: ["project_id", "user_id", "api_key_id", "model", "context_level", "api_source"], filters: [...PLAIN_FILTERS, "context_levels"], metrics: ["num_requests", "num_model_requests"], models: ["gpt-4o-mini"], prices: [["num_requests", "web search tool calls", null, 0.025]] },
};
// The SDK's costs groupings (`user_id`, `api_source` are newer than the description's three).
const COSTS_GROUP = ["project_id", "user_id", "line_item", "api_key_id", "api_source"];
const COSTS_FILTERS = ["project_ids", "api_key_ids", "line_items"];

const recordSchema = z.object({
  kind: z.string(),
  /** Unix seconds. */
  at: z.number(),
  dims: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
  metrics: z.record(z.string(), z.number()),
});
type UsageRecord = z.infer<typeof recordSchema>;
const shape = { usage: z.object({ synthetic: z.boolean(), records: z.array(recordSchema) }).default({ synthetic: true, records: [] }) };
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** FNV-1a: a stable hash, so synthetic figures depend only on the seed-drawn ids, the kind and the hour. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function syntheticRecord(kind: string, projectId: string, hour: number): UsageRecord | undefined {
  const h = hash(`${projectId}|${kind}|${hour}`);
  // About two hours in three have some usage of a kind.
  if (h % 3 === 0) return undefined;
  const k = KINDS[kind];
  const n = (scale: number, salt: string) => 1 + (hash(`${h}|${salt}`) % scale);
  const metrics: Record<string, number> = {};
  for (const m of k.metrics) metrics[m] = m === "num_model_requests" || m === "num_requests" || m === "num_sessions" ? n(20, m) : m === "usage_bytes" ? n(1 << 20, m) : n(5000, m);
  return {
    kind,
    at: hour + (h % 60) * 60,
    dims: {
      project_id: projectId, user_id: OWNER_ID, api_key_id: "key_emulator", model: k.models.length ? k.models[h % k.models.length] : null,
      batch: h % 5 === 0, service_tier: "default", api_source: "unlabeled", size: "1024x1024", source: "image.generation",
      vector_store_id: `vs_${projectId.slice(5, 13)}`, context_level: "medium",
    },
    metrics,
  };
}

/** Every usage record of `kind` in [from, to): the recorded ones and, unless turned off, the synthetic ones. */
function recordsIn(org: Org, kind: string, from: number, to: number): UsageRecord[] {
  const state = own(org).usage;
  const out = state.records.filter((r) => r.kind === kind && r.at >= from && r.at < to);
  if (!state.synthetic || !KINDS[kind]) return out;
  const projects = allProjects(org);
  const end = Math.min(to, org.now());
  for (let hour = Math.floor(from / 3600) * 3600; hour < end; hour += 3600) {
    for (const p of projects) {
      const r = syntheticRecord(kind, p.id, hour);
      if (r && r.at >= from && r.at < end) out.push(r);
    }
  }
  return out;
}

/** The cost lines a usage record makes, or the record itself when it is a recorded cost. */
function costLines(r: UsageRecord): UsageRecord[] {
  if (r.kind === "costs") return [r];
  const k = KINDS[r.kind];
  return k.prices
    .filter(([metric]) => (r.metrics[metric] ?? 0) > 0)
    .map(([metric, suffix, unit, price]) => ({
      kind: "costs", at: r.at,
      dims: { ...r.dims, line_item: r.dims.model ? `${r.dims.model}, ${suffix}` : suffix, quantity_unit: unit },
      metrics: { value: r.metrics[metric] * price, quantity: r.metrics[metric] },
    }));
}

const listOf = (query: URLSearchParams, key: string) => [...query.getAll(`${key}[]`), ...query.getAll(key)];

function integer(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(key, "expected a Unix timestamp in seconds");
  return Number(raw);
}

const cursorOf = (start: number) => `page_${Buffer.from(String(start)).toString("base64url")}`;

interface Window { start: number; end: number; width: number; limit: number; from: number }

/** The buckets a request asks for, checked as the API checks them; each wrong parameter is a 400 naming it. */
function windowOf(org: Org, query: URLSearchParams, widths: readonly Width[], limits: (w: Width) => { default: number; max: number }): Window {
  const start = integer(query, "start_time");
  if (start === undefined) throw new ApiError(400, "Missing required parameter: 'start_time'.", "start_time");
  const givenEnd = integer(query, "end_time");
  if (givenEnd !== undefined && givenEnd <= start) throw invalid("end_time", "expected a time after start_time");
  // Without an end the range runs to now; one starting later holds no bucket.
  const end = givenEnd ?? Math.max(org.now(), start);
  const raw = query.get("bucket_width") ?? "1d";
  if (!widths.includes(raw as Width)) throw invalid("bucket_width", `expected one of ${widths.join(", ")}`);
  const width = raw as Width;
  const bounds = limits(width);
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? bounds.default : /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!(limit >= 1 && limit <= bounds.max)) throw invalid("limit", `expected an integer between 1 and ${bounds.max} for bucket_width=${width}`);
  const seconds = WIDTHS[width];
  let from = start;
  const page = query.get("page");
  if (page !== null) {
    const decoded = /^page_[A-Za-z0-9_-]+$/.test(page) ? Number(Buffer.from(page.slice(5), "base64url").toString()) : NaN;
    if (!(Number.isInteger(decoded) && decoded > start && decoded < end && (decoded - start) % seconds === 0)) {
      throw invalid("page", "expected the next_page cursor of a previous answer to the same query");
    }
    from = decoded;
  }
  return { start, end, width: seconds, limit, from };
}

function checkedList(query: URLSearchParams, allowed: readonly string[], key: string, values?: readonly string[]): string[] {
  const got = listOf(query, key);
  if (got.length && !allowed.includes(key)) throw new ApiError(400, `Unrecognized request argument supplied: ${key}`, key);
  for (const v of got) if (values && !values.includes(v)) throw invalid(key, `expected one of ${values.join(", ")}`);
  return got;
}

/** Answers one page of buckets: records filtered, grouped by `group_by`, summed. */
function buckets(
  org: Org,
  query: URLSearchParams,
  opts: { widths: readonly Width[]; limits: (w: Width) => { default: number; max: number }; groupBy: readonly string[]; filters: readonly string[]; dims: readonly string[] },
  records: (from: number, to: number) => UsageRecord[],
  result: (dims: Record<string, unknown>, rs: UsageRecord[]) => Record<string, unknown>,
) {
  const w = windowOf(org, query, opts.widths, opts.limits);
  const groupBy = checkedList(query, ["group_by"], "group_by", opts.groupBy);
  const filters: Array<[string, string[]]> = [];
  for (const key of [...Object.keys(FILTERS), "batch"]) {
    if (key === "batch") {
      const raw = query.get("batch");
      if (raw === null) continue;
      if (!opts.filters.includes("batch")) throw new ApiError(400, "Unrecognized request argument supplied: batch", "batch");
      if (raw !== "true" && raw !== "false") throw invalid("batch", "expected true or false");
      filters.push(["batch", [raw]]);
      continue;
    }
    const got = checkedList(query, opts.filters, key, ENUM_FILTERS[key]);
    if (got.length) filters.push([FILTERS[key], got]);
  }
  const data = [];
  let at = w.from;
  for (; at < w.end && data.length < w.limit; at += w.width) {
    const to = Math.min(at + w.width, w.end);
    const matching = records(at, to).filter((r) => filters.every(([dim, values]) => values.includes(String(r.dims[dim] ?? ""))));
    const groups = new Map<string, UsageRecord[]>();
    for (const r of matching) {
      const key = JSON.stringify(groupBy.map((g) => r.dims[g] ?? null));
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const results = [...groups.values()].map((rs) =>
      result(Object.fromEntries(opts.dims.map((d) => [d, groupBy.includes(d) ? (rs[0].dims[d] ?? null) : null])), rs));
    data.push({ object: "bucket", start_time: at, end_time: to, results });
  }
  const more = at < w.end;
  return { object: "page", data, has_more: more, next_page: more ? cursorOf(at) : null };
}

const sum = (rs: UsageRecord[], metric: string) => rs.reduce((s, r) => s + (r.metrics[metric] ?? 0), 0);

function usageRoute(kind: string): Handler {
  const k = KINDS[kind];
  return ({ org, query }) =>
    buckets(org, query, { widths: ["1m", "1h", "1d"], limits: (w) => USAGE_LIMITS[w], groupBy: k.groupBy, filters: k.filters, dims: k.groupBy },
      (from, to) => recordsIn(org, kind, from, to),
      (dims, rs) => ({ object: k.object, ...Object.fromEntries(k.metrics.map((m) => [m, sum(rs, m)])), ...dims }));
}

function costsRoute(): Handler {
  return ({ org, query }) =>
    buckets(org, query, { widths: ["1d"], limits: () => ({ default: 7, max: 180 }), groupBy: COSTS_GROUP, filters: COSTS_FILTERS, dims: COSTS_GROUP },
      (from, to) => [...Object.keys(KINDS).flatMap((kind) => recordsIn(org, kind, from, to)), ...recordsIn(org, "costs", from, to)].flatMap(costLines),
      (dims, rs) => {
        const units = new Set(rs.map((r) => r.dims.quantity_unit ?? null));
        return {
          object: "organization.costs.result",
          // Rounded to micro-dollars, so sums of many small prices do not show float noise.
          amount: { value: Math.round(sum(rs, "value") * 1e6) / 1e6, currency: "usd" },
          ...dims,
          quantity: dims.line_item === null ? null : sum(rs, "quantity"),
          quantity_unit: dims.line_item === null || units.size !== 1 ? null : [...units][0],
        };
      });
}

/** Usage of every kind, and costs, in time buckets; see the top of this file. */
export const usage: Family = {
  state: shape,
  fresh: () => ({ usage: { synthetic: true, records: [] } }),
  routes: {
    ...Object.fromEntries(Object.keys(KINDS).map((kind) => [`GET /organization/usage/${kind}`, usageRoute(kind)])),
    "GET /organization/costs": costsRoute(),
  },
  control: {
    /**
     * Records usage of `kind` at `at` (Unix seconds, default now) in `project_id` (default the default project):
     * its dimensions (`model`, `user_id`, …) and counts (`input_tokens`, …) as a result of that kind names them.
     * Kind `costs` records a cost line: `line_item`, `value` (USD), `quantity`, `quantity_unit`.
     */
    "POST /__emulator/usage": ({ org, body }) => {
      if (!isObject(body)) throw new ApiError(400, "The request body must be a JSON object.");
      const kind = required(body, "kind");
      if (typeof kind !== "string" || !(kind in KINDS || kind === "costs")) throw invalid("kind", `expected one of ${[...Object.keys(KINDS), "costs"].join(", ")}`);
      const metrics = kind === "costs" ? ["value", "quantity"] : KINDS[kind].metrics;
      const dims = kind === "costs" ? [...COSTS_GROUP, "quantity_unit"] : KINDS[kind].groupBy;
      const b = fields(body, ["kind", "at", ...dims, ...metrics]);
      const at = b.at ?? org.now();
      if (typeof at !== "number" || !Number.isInteger(at) || at < 0) throw invalid("at", "expected Unix seconds");
      const projectId = b.project_id ?? defaultProjectId(org);
      if (!findProject(org, projectId)) throw invalid("project_id", "expected a project of this organization");
      const record: UsageRecord = { kind, at, dims: { project_id: projectId as string }, metrics: {} };
      for (const d of dims) {
        if (d === "project_id" || b[d] === undefined) continue;
        if (!(b[d] === null || typeof b[d] === "string" || typeof b[d] === "boolean")) throw invalid(d, "expected a string");
        record.dims[d] = b[d] as string | boolean | null;
      }
      for (const m of metrics) {
        const v = b[m] ?? 0;
        if (typeof v !== "number" || !(v >= 0)) throw invalid(m, "expected a number, not negative");
        record.metrics[m] = v;
      }
      own(org).usage.records.push(record);
      return record;
    },
    /** Empties the usage: no recorded records and no synthetic figures from now on (until a reset). */
    "DELETE /__emulator/usage": ({ org }) => {
      own(org).usage = { synthetic: false, records: [] };
      return { ok: true };
    },
  },
  dump: (org) => ({ usage: own(org).usage }),
};
