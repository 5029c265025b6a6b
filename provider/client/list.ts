import { z } from "zod";
import { InvalidResponseError } from "./errors";
import type { AdminClient } from "./http";
import type { ApiPath } from "./path";
import type { ApiRequest } from "./transport";

/**
 * One page of a list, whichever envelope it came in: its items, whether more follow, and the cursor to send as
 * `after` for the next page, with the name of the field it came from (for messages).
 */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  after?: string;
  cursor: "last_id" | "next" | "next_page";
}

/** The list envelope of most calls: the next page starts after `last_id` (openai-node's CursorPage). */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .object({
      object: z.literal("list"),
      data: z.array(item),
      first_id: z.string().nullish(),
      last_id: z.string().nullish(),
      has_more: z.boolean(),
    })
    .transform((p) => ({ data: p.data, has_more: p.has_more, after: p.last_id ?? undefined, cursor: "last_id" as const }));
}

/** The list envelope of the newer endpoints (groups, roles): the next page starts after `next` (openai-node's NextCursorPage). */
export function nextListOf<T extends z.ZodType>(item: T) {
  return z
    .object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean(), next: z.string().nullish() })
    .transform((p) => ({ data: p.data, has_more: p.has_more, after: p.next ?? undefined, cursor: "next" as const }));
}

/** The page envelope of usage and costs: time buckets, and the next page's cursor in `next_page`, sent back as `page`. */
export function bucketPageOf<T extends z.ZodType>(bucket: T) {
  return z
    .object({ object: z.literal("page"), data: z.array(bucket), has_more: z.boolean(), next_page: z.string().nullish() })
    .transform((p) => ({ data: p.data, has_more: p.has_more, after: p.next_page ?? undefined, cursor: "next_page" as const }));
}

/** A list call: its path, its filters, and its envelope ({@link listOf}, {@link nextListOf} or {@link bucketPageOf}). */
export interface ListRequest<T> {
  path: ApiPath;
  query?: ApiRequest<unknown>["query"];
  schema: z.ZodType<Page<T>, unknown>;
}

/** How far a list is followed. */
export interface PageOptions {
  /** Items asked for per page. Default 100, the API's largest. */
  pageSize?: number;
  /** Pages read at most; a list still going past them is an error. Default 1000. */
  maxPages?: number;
}

/**
 * Iterates every item of a list call, sending each page's cursor as `after`. A list that ends abnormally (more to
 * come but no cursor, a cursor seen before, past `maxPages`) is an error, never a short list: a short list is how a
 * look for what a lost create made misses it (the official Terraform provider's page helper stops the same way).
 */
export async function* paginate<T>(c: AdminClient, req: ListRequest<T>, opts: PageOptions = {}): AsyncGenerator<T> {
  const maxPages = opts.maxPages ?? 1000;
  const seen = new Set<string>();
  let after: Record<string, string> = {};
  for (let page = 1; ; page++) {
    const res = await c.request({ ...req, method: "GET", idempotent: true, query: { ...req.query, limit: opts.pageSize ?? 100, ...after } });
    yield* res.data;
    if (!res.has_more) return;
    const cursor = res.after ?? "";
    const broken = !cursor
      ? `said has_more but no ${res.cursor} cursor to continue from`
      : seen.has(cursor)
        ? `repeated the cursor "${c.scrub(cursor, 100)}"`
        : page >= maxPages
          ? `had more than ${maxPages} pages`
          : undefined;
    if (broken) {
      throw new InvalidResponseError(`GET ${req.path.path}: the list ${broken}; stopped rather than use a list that may be incomplete`, {
        method: "GET",
        path: req.path.path,
        attempts: page,
      });
    }
    seen.add(cursor);
    // Usage and costs pages take their cursor as `page`; every other list as `after`.
    after = res.cursor === "next_page" ? { page: cursor } : { after: cursor };
  }
}
