import { isAdminError } from "./client";
import type { Props } from "./handler";

/**
 * True unless the API definitely refused the write (a 4xx other than 408) or it was never sent: a write with
 * no answer, a 5xx, or a 2xx whose body could not be read may have been applied.
 */
function mayHaveApplied(e: unknown): boolean {
  if (!isAdminError(e) || e.code === "OPENAI_ADMIN_CONFIGURATION") return false;
  return e.status === undefined || e.status === 408 || e.status < 400 || e.status >= 500;
}

/**
 * Runs the first write of a create that takes over a keyed object, whose value from before is in `outs`.
 * A write that may have been applied fails carrying the object's id and `outs`: the engine keeps them (a
 * resource that failed to initialize), so delete still knows what to put back, and the next `up` updates
 * the object instead of taking Pulumi's own value for the one from before.
 */
export async function firstWrite<T>(id: string, outs: Props, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (mayHaveApplied(e)) throw Object.assign(e as Error, { objectId: id, outs });
    throw e;
  }
}
