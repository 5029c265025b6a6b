/**
 * Memberships (a person in a project or a group, a group's access to a project, a role assigned to someone) are
 * keyed by their parent and their member: the API refuses a second one. A rename, a move into a component or a
 * replacement creates the new resource while the old one's membership is still there (create-before-delete;
 * the old one's delete then leaves it, see ownership.ts), so a create must take over the membership it finds.
 *
 * A membership that was there before the resource took it over is recorded (`existedBefore`), and the
 * resource's delete leaves it: no step removes a person from a project the program did not put there.
 */
import { z } from "zod";
import { isAdminError } from "./client";
import { warn } from "./warn";

/** The output that records a take-over: its delete reads it, and the user sees what a delete will leave. */
export const existedBefore = z
  .boolean()
  .describe("True when it was there before this resource took it over (not by the import option): deleting the resource leaves it in place.");

/**
 * Adds the membership; when the API refuses it as a duplicate (any 400 or 409), looks for it, and takes it over
 * when it is there. Any other refusal, or a look that finds nothing, ends with the API's first error.
 */
export async function addOrTakeOver<T>(add: () => Promise<T>, find: () => Promise<T | undefined>): Promise<{ member: T; existedBefore: boolean }> {
  try {
    return { member: await add(), existedBefore: false };
  } catch (e) {
    if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") && !isAdminError(e, "OPENAI_ADMIN_CONFLICT")) throw e;
    let found: T | undefined;
    try {
      found = await find();
    } catch {
      throw e;
    }
    if (found === undefined) throw e;
    return { member: found, existedBefore: true };
  }
}

/** The membership's delete: leaves one that was there before Pulumi took it over, saying so; else removes it. */
export async function removeUnlessPreexisting(what: string, outs: { existedBefore?: unknown }, remove: () => Promise<unknown>): Promise<void> {
  if (outs.existedBefore === true) {
    await warn(`${what}: left in place, not removed: it was there before this resource took it over; it leaves Pulumi state.`);
    return;
  }
  await remove();
}

/** `undefined` for a 404, so a look for a membership answers "not there" rather than failing. */
export async function orNone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return undefined;
    throw e;
  }
}
