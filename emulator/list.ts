import { invalid } from "./validate";

/** One page of a list endpoint. */
export interface List<T> { object: "list"; data: T[]; first_id: string | null; last_id: string | null; has_more: boolean }

/**
 * A list endpoint's page size: its default when `limit` is absent, and the largest it takes. Each follows OpenAI's
 * description of that endpoint (../shared/openapi/admin.json); most are 20 and 100. Where the description's
 * minimum is 0, 1 is the least taken here: an empty page that says `has_more` would never end a read.
 */
export interface PageSize {
  default: number;
  max: number;
}

export const USUAL_PAGE: PageSize = { default: 20, max: 100 };

function limitOf(query: URLSearchParams, size: PageSize): number {
  const raw = query.get("limit");
  if (raw === null) return size.default;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= size.max)) throw invalid("limit", `expected an integer between 1 and ${size.max}`);
  return limit;
}

/** Cursor paging as the API does it: `after`/`before` name an id; an unknown cursor gives an empty page. */
export function page<T extends { id: string }>(items: T[], query: URLSearchParams, size: PageSize = USUAL_PAGE): List<T> {
  const limit = limitOf(query, size);
  const after = query.get("after");
  const before = query.get("before");
  const afterIndex = after === null ? -1 : items.findIndex((item) => item.id === after);
  const start = after === null ? 0 : afterIndex < 0 ? items.length : afterIndex + 1;
  const end = before === null ? items.length : Math.max(0, items.findIndex((item) => item.id === before));
  const window = items.slice(start, Math.max(start, end));
  // Paging backwards from `before` wants the items just before the cursor, not the first ones.
  const data = before !== null && after === null ? window.slice(-limit) : window.slice(0, limit);
  return { object: "list", data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: window.length > limit };
}
