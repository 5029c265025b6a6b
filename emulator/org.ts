import { z } from "zod";
import { ApiError } from "./errors";
import { List, type PageSize, page } from "./list";
import type { Family } from "./router";

/** The whole org as stored in the state file: each family's keys side by side. */
export type OrgState = Record<string, unknown>;

/** How to build an {@link Org}. */
export interface OrgOptions {
  families: Family[];
  /** Source of ids (seeded for deterministic tests). */
  random: () => number;
  /** Milliseconds since the epoch; a fake clock in tests. Default `Date.now`. */
  clock?: () => number;
  /** A previously saved org, already checked with {@link parseOrgState}; else a fresh one. */
  saved?: OrgState;
  /** Persists the state after every call that changed it (the state file hook). */
  save?: (state: OrgState) => void;
}

/** Validates parsed state-file JSON against every family's schema, throwing an Error that says what is wrong. */
export function parseOrgState(families: Family[], value: unknown): OrgState {
  const schema = z.object(Object.assign({}, ...families.map((f) => f.state)));
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`it does not hold an emulator org (${issue.path.join(".") || "top level"}: ${issue.message})`);
  }
  return result.data;
}

/** A small deterministic PRNG (mulberry32), so a seed reproduces ids and fault decisions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Every string `id` anywhere in a saved org, so new ids never collide with saved ones. */
function idsIn(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => idsIn(v, into));
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "id" && typeof v === "string") into.add(v);
      else idsIn(v, into);
    }
  }
  return into;
}

/**
 * The org's state and what every family needs from it: ids, time, paging and persistence.
 * The rules of each kind of object live in its family module (see `router.ts`).
 */
export class Org {
  /** Each family's keys; a family reads its own slice through a cast to its state type. */
  state: OrgState;
  private readonly families: Family[];
  private readonly random: () => number;
  private readonly clock: () => number;
  private readonly save?: (state: OrgState) => void;
  private readonly taken: Set<string>;
  /** When each id made under a read lag was made; an entry goes once its lag is over and it is looked at. */
  private readonly born = new Map<string, number>();
  /** How long a new object stays invisible to reads (the "real" profile's lag), in ms. */
  readLagMs = 0;
  /** True while a fresh org is built: its default objects were always there, never "just created". */
  private seeding = false;

  constructor(options: OrgOptions) {
    this.families = options.families;
    this.random = options.random;
    this.clock = options.clock ?? Date.now;
    this.save = options.save;
    this.taken = idsIn(options.saved, new Set());
    this.state = options.saved ?? this.fresh();
  }

  /** Now, in whole seconds since the epoch, as the API's `created_at` fields count. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** A new id `prefix` + 24 random characters, never one this org already holds. */
  newId(prefix: string): string {
    // A restart with the same seed replays the same sequence, so skip ids a saved org already uses.
    for (;;) {
      const id = prefix + Array.from({ length: 24 }, () => ID_ALPHABET[Math.floor(this.random() * ID_ALPHABET.length)]).join("");
      if (!this.taken.has(id)) {
        this.taken.add(id);
        if (!this.seeding && this.readLagMs > 0) this.recordBirth(id);
        return id;
      }
    }
  }

  /** One page of `items`, as list endpoints answer; objects still in their read lag are left out. */
  page<T extends { id: string }>(items: T[], query: URLSearchParams, size?: PageSize): List<T> {
    return page(items.filter((item) => !this.isYoung(item.id)), query, size);
  }

  private recordBirth(id: string): void {
    const now = this.clock();
    // Objects nobody reads would otherwise stay here for good; sweep the ones past their lag now and then.
    if (this.born.size >= 1000) for (const [old, at] of this.born) if (now - at >= this.readLagMs) this.born.delete(old);
    this.born.set(id, now);
  }

  /** True while an object made this run is still in its read lag: the real service answers 404 for it. */
  isYoung(id: string): boolean {
    const born = this.born.get(id);
    if (born === undefined) return false;
    if (this.clock() - born < this.readLagMs) return true;
    this.born.delete(id);
    return false;
  }

  /** The state to persist. */
  snapshot(): OrgState {
    return this.state;
  }

  /** Everything the org holds, in API shapes. */
  dump(): Record<string, unknown> {
    return Object.assign({}, ...this.families.map((f) => f.dump?.(this) ?? Object.fromEntries(Object.keys(f.state).map((k) => [k, this.state[k]]))));
  }

  /** Replaces everything with a fresh org. */
  reset(): void {
    this.change(() => (this.state = this.fresh()));
  }

  /**
   * Runs a call that may change the org as one step: if it changed something the state is saved;
   * if the call throws (even halfway through a change) or the save fails, the org is put back as it
   * was, so memory and the state file never disagree and a refused request changes nothing.
   */
  change<T>(call: () => T): T {
    const before = JSON.stringify(this.state);
    try {
      const result = call();
      if (this.save && JSON.stringify(this.state) !== before) {
        try {
          this.save(this.state);
        } catch (e) {
          throw new ApiError(500, `The emulator could not write its state file, so the change was not applied: ${(e as Error).message}`);
        }
      }
      return result;
    } catch (e) {
      this.state = JSON.parse(before) as OrgState;
      throw e;
    }
  }

  private fresh(): OrgState {
    const state: OrgState = {};
    this.seeding = true;
    try {
      for (const family of this.families) Object.assign(state, family.fresh(this));
    } finally {
      this.seeding = false;
    }
    return state;
  }
}
