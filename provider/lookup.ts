/**
 * What a create must know about the org before it writes: the objects it would duplicate, and the
 * "before" set that tells a lost create's object from everyone else's.
 *
 * The admin API allows only a few calls a minute, so each collection (the projects, the invites, one
 * project's spend alerts) is listed at most once per process, by whichever create needs it first, and
 * the listing is then kept current with what this process itself makes, changes and removes.
 */
import { type AdminClient, forgetListed } from "./client";
import { createOnce } from "./lost-create";
import { lostCreateWaitMs } from "./credentials";
import { forgetClaims } from "./ownership";

/** An API object as a list answers it. */
export interface Listed {
  id: string;
}

/** One collection as this process knows it. */
export class Collection<T extends Listed> {
  private listing?: Promise<Map<string, T>>;
  private readonly pending = new Map<string, T | undefined>();

  constructor(private readonly list: () => AsyncIterable<T>) {}

  /** Every object the collection holds, listed on first use; a failed listing is not kept, so the next create lists again. */
  async items(): Promise<T[]> {
    this.listing ??= collect(this.list()).then(
      (items) => {
        const byId = new Map(items.map((i) => [i.id, i]));
        // What this process wrote while the listing was under way wins over what the listing saw.
        for (const [id, item] of this.pending) {
          if (item === undefined) byId.delete(id);
          else byId.set(id, item);
        }
        return byId;
      },
      (e: unknown) => {
        this.listing = undefined;
        throw e;
      },
    );
    return [...(await this.listing).values()];
  }

  /** A fresh listing, for the look after a lost create (never cached: it must see what is new). */
  async fresh(): Promise<T[]> {
    return collect(this.list());
  }

  /** Records an object this process made or changed. */
  put(item: T): void {
    this.pending.set(item.id, item);
    void this.listing?.then((m) => m.set(item.id, item), () => undefined);
  }

  /** Records an object this process removed (deleted, archived). */
  remove(id: string): void {
    this.pending.set(id, undefined);
    void this.listing?.then((m) => m.delete(id), () => undefined);
  }

  /** Marks the collection as known to be empty (its parent was just made by this process): no listing needed. */
  startEmpty(): void {
    this.listing ??= Promise.resolve(new Map());
  }

  /** True when this process made or changed the object: it is never a lost create's. */
  madeHere(id: string): boolean {
    return this.pending.has(id);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

// Per client, so a changed key or endpoint never sees another org's listing.
let collections = new WeakMap<AdminClient, Map<string, Collection<Listed>>>();

/** The process-wide collection `key` of the client's org, made on first use. */
export function collection<T extends Listed>(c: AdminClient, key: string, list: () => AsyncIterable<T>): Collection<T> {
  let byKey = collections.get(c);
  if (!byKey) collections.set(c, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = new Collection(list) as Collection<Listed>));
  return found as Collection<T>;
}

// Per client, the objects this process made anew (`<kind>:<id>`): every collection under them starts empty.
let madeParents = new WeakMap<AdminClient, Set<string>>();

function parentsMade(c: AdminClient): Set<string> {
  let made = madeParents.get(c);
  if (!made) madeParents.set(c, (made = new Set()));
  return made;
}

/** How a collection under a parent is registered. */
export interface ChildCollection {
  /** The kind of the object that holds the collection: `Project`. */
  under: string;
  /** The holder's id. */
  id: string;
  /** The collection's name under it: `spend_alerts`. */
  name: string;
  /**
   * True when a new holder already has objects here that this process did not make (a new project has the
   * predefined roles): then the collection is listed even under a holder made in this run.
   */
  notEmptyWhenNew?: boolean;
}

/**
 * The collection `key.name` under one object of kind `key.under`, registered under that kind: when this process
 * made the object (see {@link madeParent}), the collection starts empty, with no listing. The parent never names
 * its children; each child's collection says where it lives.
 */
export function childCollection<T extends Listed>(c: AdminClient, key: ChildCollection, list: () => AsyncIterable<T>): Collection<T> {
  const found = collection(c, `${key.under}:${key.id}/${key.name}`, list);
  if (!key.notEmptyWhenNew && parentsMade(c).has(`${key.under}:${key.id}`)) found.startEmpty();
  return found;
}

/**
 * Records that this process just made object `id` of kind `kind` (not adopted: made anew), so every collection
 * registered under it, now or later, starts empty.
 */
export function madeParent(c: AdminClient, kind: string, id: string): void {
  parentsMade(c).add(`${kind}:${id}`);
}

/**
 * Forgets every listing (the guard's, and the reads' of client/listed.ts) and claim, as a new process would. For a
 * process that outlives one deployment against one org (a test that resets its emulator between cases).
 */
export function forgetListings(): void {
  collections = new WeakMap();
  madeParents = new WeakMap();
  forgetListed();
  forgetClaims();
}

// Creates of one identity (a project name…) in flight, so that the second waits for the first and then sees it:
// two same-name creates in one run are refused alike whether the engine runs them together or one after another.
const inFlight = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  const mine = before.then(run, run);
  const settled = mine.then(() => undefined, () => undefined);
  inFlight.set(key, settled);
  try {
    return await mine;
  } finally {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}

/** How a guarded create finds what it would duplicate, and what it may have made. */
export interface GuardedCreate<T extends Listed> {
  /** The collection the new object joins. */
  collection: Collection<T>;
  /** The resource type, for messages: `Project`. */
  type: string;
  /** A phrase naming the object to make, for messages: `project "research"`; creates of one phrase run one at a time. */
  what: string;
  /** An existing object a create would duplicate (e.g. an active project of the same name). */
  duplicates(existing: T): boolean;
  /** Describes an existing duplicate for the message: `active project "research" (proj_…)`. */
  describe(existing: T): string;
  /** The id to write in `{ import: "…" }` to adopt an object. */
  importId(existing: T): string;
  /** How to make a second one anyway, if the resource allows it; else undefined. */
  optOut?: string;
  /** True when the program asked to skip the duplicate check. */
  allowDuplicate?: boolean;
  /** True when an object matches every input: only such an object can be what a lost create made. */
  matches(candidate: T): boolean;
  /** The create call. */
  create(): Promise<T>;
  /** Reads an object by id (after a create whose answer failed its schema but carried the id). */
  retrieve(id: string): Promise<T>;
  /** How long to look for what a lost create made before sending it again, in ms (see createOnce). */
  lookForMs?: number;
}

/**
 * Makes an object without ever making a second: fails before any write when the org already holds what
 * the create would duplicate, naming it and the line that adopts it; after an ambiguous failure adopts
 * only an object that was not there before and is the one new object matching every input.
 * A replacement is never taken for a duplicate: these objects are replaced by deleting the old one first
 * (the `deletesFirst` of their definition, handler.ts).
 */
export async function guardedCreate<T extends Listed>(g: GuardedCreate<T>): Promise<T> {
  return oneAtATime(`${g.type}|${g.what}`, () => guardedCreateNow(g));
}

async function guardedCreateNow<T extends Listed>(g: GuardedCreate<T>): Promise<T> {
  const before = await g.collection.items();
  if (!g.allowDuplicate) {
    const dupes = before.filter((x) => g.duplicates(x));
    if (dupes.length > 0) {
      const adopt = dupes.map((d) => `${g.describe(d)}: adopt it with the resource option { import: "${g.importId(d)}" }`);
      throw new Error(
        `OpenAI ${g.type} (${g.what}): create refused, nothing was sent: the organization already has ${adopt.join("; ")}` +
          (g.optOut ? `. To make another one anyway, ${g.optOut}.` : ".") +
          " If you renamed this resource or moved it into a component, give it the old name as an alias " +
          '(`aliases: [{ name: "<old name>" }]`) instead. If this create replaces it (`pulumi up --replace`) in a ' +
          "language other than TypeScript, give the resource the option deleteBeforeReplace: true (the TypeScript classes set it).",
      );
    }
  }
  const beforeIds = new Set(before.map((x) => x.id));
  const made = await createOnce(g.create, {
    what: g.what,
    candidates: async () =>
      (await g.collection.fresh()).filter((x) => !beforeIds.has(x.id) && !g.collection.madeHere(x.id) && g.matches(x)),
    retrieve: g.retrieve,
    importLine: (x) => `{ import: "${g.importId(x)}" }`,
    lookForMs: g.lookForMs ?? lostCreateWaitMs(),
  });
  g.collection.put(made);
  return made;
}
