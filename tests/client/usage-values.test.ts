import type { APIResource } from "openai/core/resource";
import type * as U from "openai/resources/admin/organization/usage";
import {
  BUCKET_WIDTHS,
  CONTEXT_LEVELS,
  COSTS_GROUP_BY,
  IMAGE_SIZES,
  IMAGE_SOURCES,
  USAGE_DIMENSIONS,
  USAGE_FILTERS,
  USAGE_GROUP_BY,
  USAGE_KINDS,
  USAGE_METRICS,
  type UsageKind,
} from "../../provider/client";

/** `true` only when A and B are the same set of values; anything else fails to compile, which fails this suite. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Of<T extends readonly unknown[]> = T[number];
type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

// The official SDK's params type of each kind, by our kind names.
interface Params {
  completions: U.UsageCompletionsParams;
  embeddings: U.UsageEmbeddingsParams;
  moderations: U.UsageModerationsParams;
  images: U.UsageImagesParams;
  audio_speeches: U.UsageAudioSpeechesParams;
  audio_transcriptions: U.UsageAudioTranscriptionsParams;
  vector_stores: U.UsageVectorStoresParams;
  code_interpreter_sessions: U.UsageCodeInterpreterSessionsParams;
  file_search_calls: U.UsageFileSearchCallsParams;
  web_search_calls: U.UsageWebSearchCallsParams;
  decisions: U.UsageDecisionsParams;
}
type GroupBy<K extends UsageKind> = NonNullable<Params[K]["group_by"]>[number];
type Filters<K extends UsageKind> = Exclude<keyof Params[K], "start_time" | "end_time" | "bucket_width" | "group_by" | "limit" | "page">;
type Result = U.UsageCompletionsResponse.Data["results"][number] | U.UsageDecisionsResponse.Data.Result;
type Fields<R> = R extends unknown ? keyof R : never;

// Each line is checked by the compiler against the official `openai` package's own types.
const agreement = {
  kinds: true satisfies Same<Camel<UsageKind> | "costs", Exclude<keyof U.Usage, keyof APIResource>>,
  widths: true satisfies Same<keyof typeof BUCKET_WIDTHS, NonNullable<U.UsageCompletionsParams["bucket_width"]>>,
  costsGroupBy: true satisfies Same<Of<typeof COSTS_GROUP_BY>, NonNullable<U.UsageCostsParams["group_by"]>[number]>,
  imageSizes: true satisfies Same<Of<typeof IMAGE_SIZES>, NonNullable<U.UsageImagesParams["sizes"]>[number]>,
  imageSources: true satisfies Same<Of<typeof IMAGE_SOURCES>, NonNullable<U.UsageImagesParams["sources"]>[number]>,
  contextLevels: true satisfies Same<Of<typeof CONTEXT_LEVELS>, NonNullable<U.UsageWebSearchCallsParams["context_levels"]>[number]>,
  // Every field of every usage result is a count we map or a dimension we map (costs' fields are mapped one by one).
  resultFields: true satisfies Same<
    Of<typeof USAGE_METRICS> | Of<typeof USAGE_DIMENSIONS> | "object",
    Fields<Exclude<Result, U.UsageCompletionsResponse.Data.OrganizationCostsResult>>
  >,
  groupBy: true satisfies Same<
    { [K in UsageKind]: Of<(typeof USAGE_GROUP_BY)[K]> },
    { [K in UsageKind]: GroupBy<K> }
  >,
  filters: true satisfies Same<{ [K in UsageKind]: Of<(typeof USAGE_FILTERS)[K]> }, { [K in UsageKind]: Filters<K> }>,
};

describe("the usage and costs lists", () => {
  test("agree with the official openai package's types (checked when this file compiles)", () => {
    expect(Object.values(agreement).every(Boolean)).toBe(true);
  });

  test("name each kind's groupings and filters once, and every kind has both", () => {
    for (const kind of USAGE_KINDS) {
      expect([kind, new Set(USAGE_GROUP_BY[kind]).size]).toEqual([kind, USAGE_GROUP_BY[kind].length]);
      expect([kind, USAGE_FILTERS[kind].length > 0]).toEqual([kind, true]);
    }
  });
});
