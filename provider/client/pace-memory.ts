import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";

/**
 * What a process learned of one endpoint's limit, kept for the next process. Each `pulumi` command runs its own
 * plugin, and the admin API limits each endpoint to about ten calls a minute with no hint of when to come back: a
 * process that starts from nothing pays a burst of 429s per endpoint to learn what the last one already knew.
 */
export interface RememberedPace {
  /** The spacing between starts the endpoint was learned to take, in ms (its rate, a little under). */
  spacingMs: number;
  /** How many it took at once when its window was empty; 0 when not known. */
  burst: number;
  /** When a request to it was last taken, in ms since the epoch. */
  lastUsed: number;
}

/** Where a limiter keeps what it learned, per endpoint of one origin. */
export interface PaceMemory {
  recall(endpoint: string): RememberedPace | undefined;
  /** A pace learned from refusals; `burst` when it was learned from the opening burst. */
  learned(endpoint: string, spacingMs: number, burst: number | undefined, at: number): void;
  /** A request the server took. */
  used(endpoint: string, at: number): void;
}

const Entry = z.object({ spacingMs: z.number().positive().finite(), burst: z.number().int().nonnegative(), lastUsed: z.number().finite() });
const PaceFile = z.object({ version: z.literal(1), origins: z.record(z.string(), z.object({ updated: z.number(), endpoints: z.record(z.string(), Entry) })) });
type PaceFile = z.infer<typeof PaceFile>;

// What the file keeps: origins used within a month, the latest few (every emulator port is an origin).
const KEEP_MS = 30 * 24 * 3600_000;
const KEEP_ORIGINS = 32;
// Saves come at most this often: every taken request marks its endpoint used.
const SAVE_EVERY_MS = 1000;

/**
 * The file the paces are kept in: `OPENAI_ADMIN_PACE_FILE`, or `off` to keep none; by default
 * `$XDG_CACHE_HOME/pulumi-openai-admin/paces.json` (`~/.cache/…`). It holds origins, endpoint templates and
 * numbers, never a key or an id.
 */
export function paceFilePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.OPENAI_ADMIN_PACE_FILE?.trim();
  if (set === "off") return undefined;
  if (set) return path.resolve(set);
  const cache = env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), ".cache");
  return path.join(cache, "pulumi-openai-admin", "paces.json");
}

// Memories with changes not yet written, and whether the one exit hook that writes them is set.
const unsaved = new Set<PaceFileMemory>();
let savesAtExit = false;

/**
 * The paces of `origin` kept in `file`. Reading and saving never fail a run: a missing, unreadable or malformed
 * file is an empty memory, and a save that fails is dropped. Saves merge with what other processes wrote since.
 */
export class PaceFileMemory implements PaceMemory {
  private endpoints: Record<string, RememberedPace>;
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly origin: string,
  ) {
    this.endpoints = { ...(read(file)?.origins[origin]?.endpoints ?? {}) };
  }

  recall(endpoint: string): RememberedPace | undefined {
    return this.endpoints[endpoint];
  }

  learned(endpoint: string, spacingMs: number, burst: number | undefined, at: number): void {
    const before = this.endpoints[endpoint];
    this.endpoints[endpoint] = { spacingMs, burst: burst ?? before?.burst ?? 0, lastUsed: Math.max(at, before?.lastUsed ?? 0) };
    this.changed(endpoint);
  }

  used(endpoint: string, at: number): void {
    const before = this.endpoints[endpoint];
    if (!before) return;
    before.lastUsed = Math.max(before.lastUsed, at);
    this.changed(endpoint);
  }

  private changed(endpoint: string): void {
    this.dirty.add(endpoint);
    unsaved.add(this);
    if (!savesAtExit) {
      savesAtExit = true;
      process.once("exit", () => unsaved.forEach((m) => m.save()));
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.save(), SAVE_EVERY_MS);
    // A pending save never keeps the process alive; the exit handler writes what is left.
    this.timer.unref();
  }

  /** Writes this origin's changed endpoints over what the file holds now: another process may have saved since. */
  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    unsaved.delete(this);
    if (this.dirty.size === 0) return;
    const now = Date.now();
    const file = read(this.file) ?? { version: 1, origins: {} };
    const mine = file.origins[this.origin]?.endpoints ?? {};
    for (const e of this.dirty) mine[e] = this.endpoints[e];
    this.dirty.clear();
    file.origins[this.origin] = { updated: now, endpoints: mine };
    const kept = Object.entries(file.origins)
      .filter(([, o]) => now - o.updated < KEEP_MS)
      .sort(([, a], [, b]) => b.updated - a.updated)
      .slice(0, KEEP_ORIGINS);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ version: 1, origins: Object.fromEntries(kept) }));
      // A reader sees the old file or the new one, never half of one.
      fs.renameSync(tmp, this.file);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Nothing more to do: the old file stands.
      }
    }
  }
}

function read(file: string): PaceFile | undefined {
  try {
    const parsed = PaceFile.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The memory of `origin`'s paces in the configured file, or none when it is `off`. */
export function paceMemoryOf(origin: string): PaceMemory | undefined {
  const file = paceFilePath();
  return file === undefined ? undefined : new PaceFileMemory(file, origin);
}
