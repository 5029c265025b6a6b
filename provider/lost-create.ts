/**
 * What a create does when its answer is lost: the API has no idempotency key, so a create sent twice can make two
 * objects. The duplicate guard (lookup.ts) says what the org held before the create; this finds what the create made.
 */
import { AdminApiError, InvalidResponseError } from "./client";

/** How {@link createOnce} tells what a create made when its answer is lost. */
export interface CreateOnceOptions<T> {
  /** Names the object for messages: `project "research"`. */
  what: string;
  /**
   * Objects that can only be what a lost create made: not in the org before this create began (the
   * "before" set), not made by anything else in this process, and matching every input. Lists afresh.
   */
  candidates: () => Promise<T[]>;
  /** Reads an object by id: a create whose answer failed its schema but named the id is kept this way. */
  retrieve: (id: string) => Promise<T>;
  /** The resource option that adopts an object, for messages: `{ import: "proj_…" }`. */
  importLine: (made: T) => string;
  /** Creates sent in all (the first and each resend after the looks found nothing). Default 4. */
  attempts?: number;
  /**
   * How long to keep looking for what an ambiguous create made before sending it again, in ms. Default 20000:
   * the real service has not listed a new object for a moment after making it. Looks start at once, then
   * after 1.5 s, doubling the wait, and end once this much time has passed.
   */
  lookForMs?: number;
}

/**
 * Makes an object that has no idempotency key without ever making two or taking another's.
 *
 * - A create that fails ambiguously (sent, no answer said whether it was applied) is followed by a look for
 *   candidates (see {@link CreateOnceOptions.candidates}): exactly one is adopted; two or more fail, listing
 *   them; none, through {@link CreateOnceOptions.lookForMs} (the real service has not listed a new object for a
 *   moment after making it), and the create is sent again. A look that fails ends the create with an error saying what to look for.
 * - A create answered with 2xx and a body that is not the documented shape was applied: an id in the body is
 *   kept (read back by id); without one, the look above adopts the single candidate, and the create is never
 *   sent again.
 */
export async function createOnce<T>(create: () => Promise<T>, opts: CreateOnceOptions<T>): Promise<T> {
  const { attempts = 4, lookForMs = 20_000 } = opts;
  for (let i = 1; ; i++) {
    let error: AdminApiError;
    try {
      return await create();
    } catch (e) {
      if (!(e instanceof AdminApiError)) throw e;
      error = e;
    }
    const applied = error instanceof InvalidResponseError;
    if (applied) {
      const objectId = (error as InvalidResponseError & { objectId?: string }).objectId;
      if (objectId) return keepById(opts, objectId, error);
    } else if (!error.ambiguous) {
      throw error;
    }
    let found: T[];
    try {
      found = await opts.candidates();
      const started = Date.now();
      for (let wait = 1_500; found.length === 0 && Date.now() - started < lookForMs; wait *= 2) {
        await sleep(Math.min(wait, lookForMs - (Date.now() - started)));
        found = await opts.candidates();
      }
    } catch (look) {
      throw unresolved(
        error,
        `${applied ? "the create was applied" : "the create may have been applied"}, and the look for ${opts.what} ` +
          `failed (${look instanceof Error ? look.message : String(look)}). Look in the organization for ${opts.what} made just now; ` +
          'if it is there, adopt it with the resource option { import: "<its id>" }',
      );
    }
    if (found.length === 1) return found[0];
    if (found.length > 1) {
      throw unresolved(
        error,
        `${applied ? "the create was applied" : "the create may have been applied"}, and ${found.length} new objects match ${opts.what}: ` +
          `${found.map(opts.importLine).join(", ")}. Adopt the one that is yours with its import option and remove the others`,
      );
    }
    if (applied) {
      throw unresolved(
        error,
        `the create was applied but its answer could not be read, and no new ${opts.what} shows yet. ` +
          'Look in the organization for it; adopt it with the resource option { import: "<its id>" }',
      );
    }
    if (i >= attempts) throw error;
  }
}

async function keepById<T>(opts: CreateOnceOptions<T>, id: string, error: AdminApiError): Promise<T> {
  try {
    return await opts.retrieve(id);
  } catch (e) {
    // The engine stores an error carrying an id as a resource that failed to initialize: no second create.
    throw Object.assign(unresolved(error, `the create was applied as ${id}, which could not be read back (${e instanceof Error ? e.message : String(e)})`), {
      objectId: id,
    });
  }
}

/** The create's own error, told what became of it; no longer ambiguous, so nothing retries it. */
function unresolved(error: AdminApiError, what: string): AdminApiError {
  return error.withContext(what, { ambiguous: false });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
