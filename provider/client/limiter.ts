import { ConfigurationError } from "./errors";
import { type PaceMemory, type RememberedPace, paceMemoryOf } from "./pace-memory";
import { ApiPath } from "./path";

/** Limits of the requests to one origin in this process. */
export interface LimiterOptions {
  /** Requests in flight at once, to the whole origin (every endpoint together). Default 8. */
  maxConcurrency?: number;
  /**
   * Requests started per minute at most, on each endpoint (method + path template, the unit the admin
   * API limits); 0 means no fixed pace. Default 0: each endpoint's pace is then learned from its first
   * 429, or starts where an earlier process left it (see {@link Limiter}). A learned pace may be slower, never faster.
   */
  requestsPerMinute?: number;
}

/** One request's slot in the limiter. Exactly one of its methods is called, once the request has ended. */
export interface Turn {
  /** The server answered with anything but 429: it took the request. */
  admitted(): void;
  /**
   * The server refused the request with 429. `retryAfterMs` is its hint; without one the endpoint waits
   * `backoff(n)` after the n-th refusal in a row (0-based) before it probes again.
   */
  rateLimited(retryAfterMs: number | undefined, backoff: (strike: number) => number): void;
  /** No answer (a network error or timeout): frees the slot and teaches nothing. */
  release(): void;
}

// After this long with nothing in flight on an endpoint, the server's window has refilled (the admin API
// states its limits per minute), so what it took before says nothing about the next burst.
const IDLE_RESET_MS = 60_000;
// How many of an endpoint's latest admitted requests are kept to learn its pace from.
const HISTORY = 64;
// Once a pace is known, how many of the latest admissions a refusal re-learns it from: more than the
// admin API takes in one window (about 10), so each estimate lands nearer the server's rate than the pace
// it ran at; fewer would swing past it.
const LEARN_FROM = 16;
// Probing upward: after this many requests taken in a row at a learned pace, the pace is tried that
// much faster; each further clean stretch doubles the step (up to the largest), a refusal resets it.
const PROBE_AFTER = 8;
const FIRST_STEP = 0.02;
const LARGEST_STEP = 0.16;
// A learned pace is set this much slower than the rate measured, so that it runs just under the limit.
const MARGIN = 0.03;

const limiters = new Map<string, Limiter>();

/**
 * The endpoint a request counts against: its method and its path's template (`POST /organization/projects/{}/spend_alerts`),
 * which the path carries (see {@link ApiPath}). A string is refused rather than guessed at: a path with an id in it
 * would be paced as an endpoint of its own.
 */
export function endpointOf(method: string, path: ApiPath): string {
  if (!(path instanceof ApiPath)) {
    throw new ConfigurationError(`${method} ${String(path)}: a request path must be made with apiPath\`...\`, so that it knows its template`);
  }
  return `${method} ${path.template}`;
}

/** What the limiter knows of one endpoint. */
class Pace {
  constructor(readonly endpoint: string) {}
  learnedSpacingMs = 0;
  inFlight = 0;
  cooldownUntil = 0;
  nextStart = 0;
  // Set by a 429, cleared when a request started after it is taken: one request in flight meanwhile.
  probing = false;
  // Requests are numbered as they start; those numbered up to this were in flight at the last refusal.
  started = 0;
  startedBeforeRefusal = 0;
  strikes = 0;
  lastBusy = -Infinity;
  // Start times of the latest requests the server took, oldest first. The opening burst stays: a later refusal
  // learns from as many as the window holds (see sample), and right after the opening those are the burst's, whose
  // leaving reopens the window (a refusal then, while another client's calls still fill part of it, would otherwise
  // learn from one or two admissions a pace several times too slow).
  taken: number[] = [];
  // A refusal with no retry-after leaves the server's window unknown until it takes a request again:
  // what it took before the refusal (from `first`, `count` of them) over the time until then is its rate.
  // The window reopened between the last refusal (`refusedAt`) and that admission.
  // `opening`: learned from the opening burst.
  learning: { first: number; count: number; refusedAt: number; opening: boolean } | undefined;
  // Requests taken in a row at the current learned pace, and the next upward step.
  clean = 0;
  step = FIRST_STEP;
  // A pace remembered from an earlier process (pace-memory.ts) whose window has had time to empty: this many may
  // start at once, as many as it took at once then; the next starts that burst's window after its first.
  burstLeft = 0;
  burstFirst = 0;
  // How many the server's window holds, as far as known: what the opening burst got in (now or in the process
  // the pace was remembered from); 0 when not known.
  windowCount = 0;

  forget(known?: RememberedPace): void {
    this.taken = [];
    this.learnedSpacingMs = known?.spacingMs ?? 0;
    this.learning = undefined;
    this.clean = 0;
    this.step = FIRST_STEP;
    // The window is empty once a whole one has passed since the last request it took.
    const emptied = known !== undefined && Date.now() - known.lastUsed >= known.burst * known.spacingMs;
    this.windowCount = known?.burst ?? 0;
    this.burstLeft = emptied ? this.windowCount : 0;
  }
}

interface Waiter {
  pace: Pace;
  start: (startedAt: number, seq: number, originSeq: number) => void;
}

/**
 * A FIFO gate in front of the HTTP pool, shared by every request to one origin. The admin API limits
 * each endpoint (method + path template) on its own and often says nothing of when to come back
 * (429 with no `retry-after`), so each endpoint has its own pace, learned from its own refusals:
 * - at most `maxConcurrency` requests in flight to the origin; a request waiting for its endpoint's
 *   pace does not hold up a request to another endpoint;
 * - a 429 with no `retry-after` (the admin API's way) holds that endpoint's requests for a growing
 *   backoff, and no other endpoint's; a 429 with one holds every request to the origin for that long,
 *   and the pace it teaches is the origin's (from every endpoint's admissions), since such a server may
 *   be limiting the origin as a whole; after a 429, one request at a time probes
 *   the endpoint until the server takes one again, so a cooldown does not end in a burst of refusals
 *   that eats every request's retries;
 * - the pace is the rate the server took requests at: its latest admissions on the endpoint spread
 *   over the time until it takes the next (its `retry-after`, or else the probe it takes), so requests
 *   then run just under the observed limit instead of bouncing off it;
 * - a learned pace is tried a little faster after each stretch of requests taken in a row (faster
 *   again after each clean stretch), so a raised limit is found within the run; the refusal that ends
 *   a try sets the pace from what was taken, as above;
 * - the pace lasts while the process does, and is forgotten after a minute with nothing in flight on
 *   the endpoint or when the options change; what is left then is what the memory holds (pace-memory.ts): the pace
 *   this or an earlier process learned, from which the endpoint starts, with a burst of as many as its window took
 *   at once when a whole window has passed since its last request.
 */
export class Limiter {
  private maxConcurrency = 8;
  private fixedSpacingMs = 0;
  private inFlight = 0;
  // Until when the server said to send nothing (a retry-after), to any endpoint: see onRefused.
  private originCooldownUntil = 0;
  // The whole origin's pace, learned from 429s that carry a retry-after (see onRefused): such a server
  // may be limiting the origin as a whole, and a pace learned per endpoint would only be each endpoint's
  // share of it at that moment, left too slow once the other endpoints' work is done.
  private readonly origin = new Pace("*");
  private readonly paces = new Map<string, Pace>();
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** `memory`: where the paces learned here are kept for the next process, and where this one starts from. */
  constructor(private readonly memory?: PaceMemory) {}

  /**
   * The limiter of an origin. Later options (from a later configure) replace earlier ones and start the
   * learning over; a cooldown in progress still holds.
   */
  static forOrigin(origin: string, opts: LimiterOptions = {}): Limiter {
    let limiter = limiters.get(origin);
    if (!limiter) limiters.set(origin, (limiter = new Limiter(paceMemoryOf(origin))));
    limiter.configure(opts);
    return limiter;
  }

  configure(opts: LimiterOptions): void {
    for (const pace of this.paces.values()) pace.forget(this.memory?.recall(pace.endpoint));
    this.origin.forget();
    if (opts.maxConcurrency !== undefined) this.maxConcurrency = Math.max(1, Math.floor(opts.maxConcurrency));
    if (opts.requestsPerMinute !== undefined) {
      this.fixedSpacingMs = opts.requestsPerMinute > 0 ? 60_000 / opts.requestsPerMinute : 0;
    }
  }

  /** The spacing between starts now in force on `endpoint`, in ms: the configured pace or the learned one, whichever is slower. */
  spacingMs(endpoint: string): number {
    return Math.max(this.fixedSpacingMs, this.paces.get(endpoint)?.learnedSpacingMs ?? 0, this.origin.learnedSpacingMs);
  }

  /** Waits for a slot on `endpoint` (see {@link endpointOf}); the request must end it through the returned {@link Turn}. */
  acquire(endpoint: string): Promise<Turn> {
    let pace = this.paces.get(endpoint);
    // A new endpoint has never been busy: at its first start (pump) it is reset to what the memory holds.
    if (!pace) this.paces.set(endpoint, (pace = new Pace(endpoint)));
    const p = pace;
    return new Promise((resolve) => {
      this.queue.push({
        pace: p,
        start: (startedAt, seq, originSeq) => {
          let ended = false;
          const end = (learn: () => void) => {
            if (ended) return;
            ended = true;
            this.inFlight--;
            p.inFlight--;
            p.lastBusy = this.origin.lastBusy = Date.now();
            learn();
            this.pump();
          };
          resolve({
            admitted: () => end(() => {
              this.onAdmitted(p, startedAt, seq);
              this.memory?.used(endpoint, startedAt);
            }),
            rateLimited: (retryAfterMs, backoff) => end(() => this.onRefused(p, seq, originSeq, retryAfterMs, backoff)),
            release: () => end(() => undefined),
          });
        },
      });
      this.pump();
    });
  }

  private onAdmitted(p: Pace, startedAt: number, seq: number): void {
    const o = this.origin;
    // The origin's pace, when one is known, is tried faster after clean stretches as an endpoint's is.
    if (o.learnedSpacingMs > 0 && ++o.clean >= PROBE_AFTER) {
      o.learnedSpacingMs *= 1 - o.step;
      o.step = Math.min(LARGEST_STEP, o.step * 2);
      o.clean = 0;
    }
    o.taken.push(startedAt);
    if (o.taken.length > HISTORY) o.taken.shift();
    if (p.probing && seq > p.startedBeforeRefusal) {
      p.probing = false;
      p.strikes = 0;
      if (p.learning) {
        // The window reopened after the last refusal and by the time this request started: what was
        // taken before took that long (the middle of the two, which are at most a probe's wait apart).
        const reopened = (p.learning.refusedAt + startedAt) / 2;
        p.learnedSpacingMs = ((reopened - p.learning.first) / p.learning.count) * (1 + MARGIN);
        this.memory?.learned(p.endpoint, p.learnedSpacingMs, p.learning.opening ? p.learning.count : undefined, startedAt);
        if (p.learning.opening) p.windowCount = p.learning.count;
        p.learning = undefined;
      }
      p.clean = 0;
    } else if (!p.probing && p.learnedSpacingMs > 0 && ++p.clean >= PROBE_AFTER) {
      p.learnedSpacingMs *= 1 - p.step;
      p.step = Math.min(LARGEST_STEP, p.step * 2);
      p.clean = 0;
    }
    p.taken.push(startedAt);
    if (p.taken.length > HISTORY) p.taken.shift();
  }

  private onRefused(p: Pace, seq: number, originSeq: number, retryAfterMs: number | undefined, backoff: (strike: number) => number): void {
    const now = Date.now();
    // Requests already in flight when the first 429 came are refused for the same reason: one strike for all.
    // A wait the server names holds every endpoint: a server that says when to come back (the real admin
    // API mostly does not) may be limiting the whole origin, and the wait costs at most that long. A
    // refusal with no retry-after holds and paces only its own endpoint.
    if (retryAfterMs !== undefined) {
      this.originCooldownUntil = Math.max(this.originCooldownUntil, now + retryAfterMs);
      const o = this.origin;
      // The server took `count` requests, to any endpoint, in the time up to when it takes the next: that
      // rate is the origin's pace (once for the requests in flight together). The endpoint keeps its own
      // pace: it learns one only from 429s with no retry-after.
      if (originSeq > o.startedBeforeRefusal) {
        o.startedBeforeRefusal = o.started;
        const all = this.sample(o);
        if (all) o.learnedSpacingMs = ((now + retryAfterMs - all.first) / all.count) * (1 + MARGIN);
        o.clean = 0;
        o.step = FIRST_STEP;
      }
    }
    if (seq <= p.startedBeforeRefusal) {
      p.cooldownUntil = Math.max(p.cooldownUntil, now + (retryAfterMs ?? 0));
      return;
    }
    p.startedBeforeRefusal = p.started;
    p.clean = 0;
    p.step = FIRST_STEP;
    // The remembered burst was too much for the window as it is now: the pace is learned again from here.
    p.burstLeft = 0;
    if (p.probing) {
      // A refused probe: the window is still full. Until a probe is taken the pace is at least what was
      // taken before over the time until now.
      if (p.learning) {
        p.learning.refusedAt = now;
        p.learnedSpacingMs = Math.max(p.learnedSpacingMs, (now - p.learning.first) / p.learning.count);
      }
    } else {
      const sample = this.sample(p);
      if (!sample || retryAfterMs !== undefined || this.sparse(p, sample, now)) {
        p.learning = undefined;
      } else {
        p.learning = { ...sample, refusedAt: now, opening: p.learnedSpacingMs === 0 };
        p.learnedSpacingMs = Math.max(p.learnedSpacingMs, (now - sample.first) / sample.count);
      }
    }
    p.probing = true;
    p.cooldownUntil = Math.max(p.cooldownUntil, now + (retryAfterMs ?? this.probeWait(p, now, backoff)));
  }

  /**
   * How long a refused endpoint waits before it probes, when the server did not say. Growing backoff,
   * except while it learns a window with several requests waiting: the window then ends about as long
   * after its first admission as it has already lasted, so probes come a quarter of that apart (each
   * landing at most a fifth past the reopening) and, taken in turn by the waiting requests, cost none of
   * them more than a retry or two.
   */
  private probeWait(p: Pace, now: number, backoff: (strike: number) => number): number {
    const wait = backoff(p.strikes++);
    if (!p.learning || this.queue.filter((w) => w.pace === p).length < 2) return wait;
    return Math.min(wait, Math.max(backoff(0), (now - p.learning.first) / 4));
  }

  /**
   * The admissions a refusal teaches the pace from: all before any pace is known (the opening burst); else as many
   * as the window holds when that is known (the oldest of them is the one whose leaving reopens a sliding window,
   * so they span the window however they were spread: more would reach back over a wait, such as the one after a
   * burst, and learn a pace slower than the server's); else the latest {@link LEARN_FROM}.
   */
  private sample(p: Pace): { first: number; count: number } | undefined {
    const count = Math.min(p.learnedSpacingMs === 0 ? Infinity : p.windowCount || LEARN_FROM, p.taken.length);
    return count === 0 ? undefined : { first: p.taken[p.taken.length - count], count };
  }

  /**
   * True when the admissions a refusal would learn from came at less than half the known pace: the endpoint had
   * little work, so they show how fast work came, not how fast the server takes it, and the refusal was not their
   * doing (a 429 that is not the window's, or another client's calls). It then holds the endpoint and probes, as
   * any refusal does, but teaches no pace: learning from them would slow the pace to the rate work came at.
   */
  private sparse(p: Pace, sample: { first: number; count: number }, now: number): boolean {
    return p.learnedSpacingMs > 0 && sample.count > 1 && now - sample.first > 2 * sample.count * p.learnedSpacingMs;
  }

  /** When `p` may start its next request; Infinity while it probes with one in flight (the answer wakes it). */
  private readyAt(p: Pace): number {
    if (p.probing && p.inFlight > 0) return Infinity;
    return Math.max(p.cooldownUntil, p.nextStart, this.originCooldownUntil, this.origin.nextStart);
  }

  private pump(): void {
    const now = Date.now();
    let wake = Infinity;
    for (let i = 0; i < this.queue.length && this.inFlight < this.maxConcurrency; ) {
      const { pace: p, start } = this.queue[i];
      const at = this.readyAt(p);
      if (at > now) {
        wake = Math.min(wake, at);
        i++;
        continue;
      }
      if (p.inFlight === 0 && now - p.lastBusy > IDLE_RESET_MS) p.forget(this.memory?.recall(p.endpoint));
      if (this.inFlight === 0 && now - this.origin.lastBusy > IDLE_RESET_MS) this.origin.forget();
      this.queue.splice(i, 1);
      this.inFlight++;
      p.inFlight++;
      const spacing = Math.max(this.fixedSpacingMs, p.learnedSpacingMs);
      if (p.burstLeft > 0) {
        if (p.burstLeft === p.windowCount) p.burstFirst = now;
        p.burstLeft--;
        p.nextStart = p.burstLeft > 0 ? now : Math.max(now + spacing, p.burstFirst + p.windowCount * spacing);
      } else {
        p.nextStart = now + spacing;
      }
      this.origin.nextStart = now + this.origin.learnedSpacingMs;
      start(now, ++p.started, ++this.origin.started);
    }
    if (wake < this.timerAt) {
      clearTimeout(this.timer);
      this.timerAt = wake;
      if (wake !== Infinity) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.timerAt = Infinity;
          this.pump();
        }, wake - now);
      }
    }
  }
}
