import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { paginateBuckets } from "./usage";

/**
 * What costs can be grouped by. OpenAI's description has `project_id`, `line_item` and `api_key_id`; the official SDK
 * (newer) adds `user_id` and `api_source`, so they are taken too.
 */
export const COSTS_GROUP_BY = ["project_id", "user_id", "line_item", "api_key_id", "api_source"] as const;
export type CostsGrouping = (typeof COSTS_GROUP_BY)[number];

/** Costs come only in day buckets; a page holds at most 180 of them. */
export const COSTS_PER_PAGE = 180;

/** One result of a costs bucket: one group's amount. */
export const CostsResult = z.looseObject({
  object: z.literal("organization.costs.result"),
  amount: z.object({ value: z.number().nullish(), currency: z.string().nullish() }).nullish(),
  line_item: z.string().nullish(),
  project_id: z.string().nullish(),
  user_id: z.string().nullish(),
  api_key_id: z.string().nullish(),
  api_source: z.string().nullish(),
  quantity: z.number().nullish(),
  quantity_unit: z.string().nullish(),
});
export type CostsResult = z.infer<typeof CostsResult>;

/** A costs query, in the API's names. */
export interface CostsParams {
  start_time: number;
  end_time?: number;
  group_by?: readonly CostsGrouping[];
  project_ids?: string[];
  api_key_ids?: string[];
  /** Exact `line_item` values, e.g. `gpt-4o-mini, input`. */
  line_items?: string[];
}

/** Calls on `/organization/costs`. */
export const costs = {
  /** Every day bucket of the range, 180 to a page, at most `maxPages` pages. */
  list: (c: AdminClient, q: CostsParams, maxPages: number) =>
    paginateBuckets(
      c,
      apiPath`/organization/costs`,
      {
        start_time: q.start_time,
        end_time: q.end_time,
        bucket_width: "1d",
        limit: COSTS_PER_PAGE,
        "group_by[]": q.group_by,
        "project_ids[]": q.project_ids,
        "api_key_ids[]": q.api_key_ids,
        "line_items[]": q.line_items,
      },
      CostsResult,
      maxPages,
    ),
};
