import { z } from "zod";
import { InvalidResponseError } from "./errors";
import type { AdminClient } from "./http";

/** The list envelope of the newer endpoints (groups, roles): the next page's cursor is `next`, not `last_id`. */
export function nextListOf<T extends z.ZodType>(item: T) {
  return z.object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean(), next: z.string().nullish() });
}

/**
 * Iterates every item of a `next`-cursor list, as the official SDK's NextCursorPage does (`after` = `next`).
 * A listing that says there is more but gives no new cursor is an error, never a silently short list.
 */
export async function* paginateNext<T>(c: AdminClient, path: string, item: z.ZodType<T>, maxPages = 1000): AsyncGenerator<T> {
  const schema = nextListOf(item);
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = (await c.request({ method: "GET", path, query: { limit: 100, after }, schema, idempotent: true })) as {
      data: T[];
      has_more: boolean;
      next?: string | null;
    };
    yield* res.data;
    if (!res.has_more) return;
    if (!res.next || seen.has(res.next)) {
      throw new InvalidResponseError(`GET ${path} said it has more but gave ${res.next ? "a repeated" : "no"} next cursor`, {
        method: "GET",
        path,
      });
    }
    seen.add(res.next);
    after = res.next;
  }
  throw new InvalidResponseError(`GET ${path} did not end within ${maxPages} pages`, { method: "GET", path });
}
