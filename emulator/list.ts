import { invalid } from "./validate";

/** One page of a list endpoint. */
export interface List<T> { object: "list"; data: T[]; first_id: string | null; last_id: string | null; has_more: boolean }

function limitOf(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null) return 20;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw invalid("limit", "expected an integer between 1 and 100");
  return limit;
}

/** Cursor paging as the API does it: `after`/`before` name an id; an unknown cursor gives an empty page. */
export function page<T extends { id: string }>(items: T[], query: URLSearchParams): List<T> {
  const limit = limitOf(query);
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
