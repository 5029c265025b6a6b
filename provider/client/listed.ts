import type { AdminClient } from "./http";
import type { ApiPath } from "./path";

/**
 * Whole listings kept for one run, so that a refresh or an adoption reads a collection by its pages rather than
 * with one GET per object: the admin API allows only a few calls a minute per endpoint.
 *
 * The create guard keeps its listings current with what this process writes (lookup.ts), because a create must not
 * pay a listing per create. A read must never answer from a listing older than a write, so these are simply dropped
 * by any write (http.ts), and by a configure with other settings (credentials.ts).
 */
type Listing = Promise<Map<string, unknown> | undefined>;

// Per client, so a changed key or endpoint never sees another org's listing.
let kept = new WeakMap<AdminClient, Map<string, Listing>>();

/** Forgets every listing kept for reads: after any write, at other settings, or when a test resets its emulator. */
export function forgetListed(): void {
  kept = new WeakMap();
}

/**
 * The object `id` as the run's listing `key` shows it; else what `retrieve` (its own GET) answers. The listing is
 * made by `list` on first use and shared by every read of the run, concurrent ones too.
 *
 * A miss is never taken for "gone": the API may not list a new object yet, and its GET keeps the young-404 retry
 * (readVisible). A listing that failed is kept as no listing, so every read of it costs its own GET, as reads did
 * before, and the GET reports the failure in its own words.
 */
export async function fromListing<T, R>(
  c: AdminClient,
  key: string | ApiPath,
  list: () => AsyncIterable<T>,
  id: string,
  retrieve: () => Promise<R>,
  // Most listed objects carry their id; a project's groups are keyed by `group_id`.
  idOf: (item: T) => string = (item) => (item as { id: string }).id,
): Promise<T | R> {
  let byKey = kept.get(c);
  if (!byKey) kept.set(c, (byKey = new Map()));
  // A path names its listing by what it holds (the project's alerts), not by its template (every project's).
  const name = typeof key === "string" ? key : key.path;
  let listing = byKey.get(name);
  if (!listing) byKey.set(name, (listing = collect(list(), idOf).catch(() => undefined)));
  const found = (await listing)?.get(id) as T | undefined;
  return found ?? retrieve();
}

async function collect<T>(items: AsyncIterable<T>, idOf: (item: T) => string): Promise<Map<string, T>> {
  const byId = new Map<string, T>();
  for await (const i of items) byId.set(idOf(i), i);
  return byId;
}
