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
import { type AdminClient, isAdminError } from "./client";
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

/** How a membership kind reads and removes one member of one parent (a person in a project, a group in a project…). */
export interface MemberCalls<O, M> {
  /** The input and output that name the parent: `projectId`, `groupId`. */
  parent: string;
  /** One GET of the member (or the run's listing of the parent, client/listed.ts). */
  retrieve(c: AdminClient, parentId: string, id: string): Promise<M>;
  /** One DELETE of the member. */
  remove(c: AdminClient, parentId: string, id: string): Promise<unknown>;
  /** The member's id, which is the resource's. */
  idOf(member: M): string;
  /** The mapping of a member; `from` is the inputs at an adoption, the old outputs at a read. */
  outputs(parentId: string, member: M, existedBefore: boolean, from: Record<string, unknown>): O;
  /** What a delete's warning calls it: `OpenAI ProjectUser user-1 of project proj_1`. */
  describe(id: string, outs: O): string;
}

/**
 * The adopt, read and delete every membership kind has alike: adopted by `<parentId>/<id>` (or the id alone when the
 * program names the parent) with one GET and no write; read by one GET; deleted unless it was there before Pulumi
 * took it over (see {@link removeUnlessPreexisting}).
 */
export function memberOperations<I extends Record<string, unknown>, O extends { existedBefore?: boolean }, M>(m: MemberCalls<O, M>) {
  const parentOf = (props: Record<string, unknown>) => props[m.parent] as string;
  return {
    async adopt(c: AdminClient, importId: string, inputs: I): Promise<{ id: string; outs: O }> {
      const [parentId, id] = importId.includes("/") ? importId.split("/", 2) : [parentOf(inputs), importId];
      const member = await m.retrieve(c, parentId, id);
      return { id: m.idOf(member), outs: m.outputs(parentId, member, false, inputs) };
    },
    async read(c: AdminClient, id: string, outs: O): Promise<O> {
      const parentId = parentOf(outs as Record<string, unknown>);
      return m.outputs(parentId, await m.retrieve(c, parentId, id), outs.existedBefore ?? false, outs as Record<string, unknown>);
    },
    async delete(c: AdminClient, id: string, outs: O): Promise<void> {
      await removeUnlessPreexisting(m.describe(id, outs), outs, () => m.remove(c, parentOf(outs as Record<string, unknown>), id));
    },
  };
}

/** The update of a kind the API cannot change: every input replaces it, so an update is never asked for. */
export function noUpdate(type: string, what: string): () => Promise<never> {
  return async () => {
    throw new Error(`OpenAI ${type}: ${what}; every change replaces it`);
  };
}
