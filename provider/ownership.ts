/**
 * Who owns an object within one engine run.
 *
 * Many of the API's objects have no identity of their own (a project's model policy, a spend limit, a person's
 * membership): two resources of a stack can point at the same one. The engine renames a resource, moves it into
 * a component or replaces it create-before-delete by creating the new resource, then deleting the old one, in one
 * run (deletes run after every create: pkg/resource/deploy/step_generator.go `GenerateDeletes`). The old one's
 * delete would then undo what the new one just took over: remove the person, lift the limit.
 *
 * So every create or adopt claims its object: a claim is a fresh token, written into the resource's outputs and
 * remembered here by the object's key for the rest of the process. A delete whose outputs carry another claim
 * than the newest one for the same key belongs to a resource that no longer owns the object, and leaves it.
 * The delete of the very resource that made it (same claim) still deletes. Every resource of a stack goes
 * through one provider process per run, so memory is the right lifetime.
 *
 * A run that failed half-way leaves both resources in the state (the new one made, the old one's delete never
 * run), and the next run makes nothing: so a resource the program still declares, and keeps, also holds its
 * object when its diff runs (Diff runs for each of them before any delete), with the claim its outputs carry.
 */
import { randomUUID } from "crypto";

/** A token naming one create or adopt. */
export type Claim = string;

const owners = new Map<string, Claim>();

/**
 * The object's key: its type, its id, and the parent its id is scoped to (a membership's id is the person's, the
 * same in every project or group).
 */
function keyOf(type: string, id: string, outs: Record<string, unknown>): string {
  const scope = [outs.projectId, outs.groupId].map((v) => (typeof v === "string" ? v : "")).join("/");
  return `${type}|${scope}|${id}`;
}

/** Records that a create or adopt just took the object; answers the claim to keep in its outputs. */
export function claim(type: string, id: string, outs: Record<string, unknown>): Claim {
  const token = randomUUID();
  owners.set(keyOf(type, id, outs), token);
  return token;
}

/**
 * Records that a resource the program still declares keeps the object (its diff answered no replacement), unless
 * a create or adopt of this run claimed it already. A resource from before claims existed holds it all the same.
 */
export function hold(type: string, id: string, outs: Record<string, unknown>, held: unknown): void {
  const key = keyOf(type, id, outs);
  if (!owners.has(key)) owners.set(key, typeof held === "string" ? held : "held");
}

/** The newest claim on the object in this process, or undefined when no create or adopt took it. */
export function ownerOf(type: string, id: string, outs: Record<string, unknown>): Claim | undefined {
  return owners.get(keyOf(type, id, outs));
}

/** Forgets every claim, as a new process would (for tests that take several runs in one process). */
export function forgetClaims(): void {
  owners.clear();
}
