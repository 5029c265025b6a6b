/** Limits shared by every request to one origin in this process. */
export interface LimiterOptions {
  /** Requests in flight at once. Default 8. */
  maxConcurrency?: number;
  /**
   * Requests started per minute at most; 0 means no fixed pace. Default 0: the pace is then learned
   * from the first 429 (see {@link Limiter}).
   */
  requestsPerMinute?: number;
}

/** One request's slot in the limiter. Exactly one of its methods is called, once the request has ended. */
export interface Turn {
  /** The server answered with anything but 429: it took the request. */
  admitted(): void;
  /**
   * The server refused the request with 429. `retryAfterMs` is its hint; without one the limiter waits
   * `backoff(n)` after the n-th refusal in a row (0-based).
   */
  rateLimited(retryAfterMs: number | undefined, backoff: (strike: number) => number): void;
  /** No answer (a network error or timeout): frees the slot and teaches nothing. */
  release(): void;
}

// After this long with nothing in flight, the server's window has refilled (the admin API states its
// limits per minute), so what it took before says nothing about the next burst.
const IDLE_RESET_MS = 60_000;
// How many of the latest requests the server took the pace is learned from: enough to span a few of
// its windows, so that one burst it allowed does not read as its rate.
const HISTORY = 16;

const limiters = new Map<string, Limiter>();

/**
 * A FIFO gate in front of the HTTP pool, shared by every request to one origin:
 * - at most `maxConcurrency` requests in flight, and starts spaced by the pace;
 * - a 429 holds every queued request for the server's `retry-after` (or a backoff when it sends
 *   none), so one refusal slows the whole process instead of each request finding the limit alone;
 * - after a 429, one request at a time probes until the server takes one again, so a cooldown does
 *   not end in a burst of refusals that eat every request's retries;
 * - each 429 sets the pace to the rate the server took requests at: its latest admissions spread over
 *   the time until it takes the next (its `retry-after`), so requests then run just under the observed
 *   limit instead of bouncing off it. The pace lasts while the process does, and is forgotten after a
 *   minute with nothing in flight or when the options change.
 */
export class Limiter {
  private maxConcurrency = 8;
  private fixedSpacingMs = 0;
  private learnedSpacingMs = 0;
  private inFlight = 0;
  private cooldownUntil = 0;
  private nextStart = 0;
  // Set by a 429, cleared when a request started after it is taken: one request in flight meanwhile.
  private probing = false;
  // Requests are numbered as they start; those numbered up to this were in flight at the last refusal.
  private started = 0;
  private startedBeforeRefusal = 0;
  private strikes = 0;
  private lastBusy = -Infinity;
  // Start times of the latest requests the server took, oldest first.
  private taken: number[] = [];
  private readonly queue: Array<(startedAt: number, seq: number) => void> = [];
  private timer: NodeJS.Timeout | undefined;

  /**
   * The limiter of an origin. Later options (from a later configure) replace earlier ones and start the
   * learning over; a cooldown in progress still holds.
   */
  static forOrigin(origin: string, opts: LimiterOptions = {}): Limiter {
    let limiter = limiters.get(origin);
    if (!limiter) limiters.set(origin, (limiter = new Limiter()));
    limiter.configure(opts);
    return limiter;
  }

  configure(opts: LimiterOptions): void {
    this.learnedSpacingMs = 0;
    this.taken = [];
    if (opts.maxConcurrency !== undefined) this.maxConcurrency = Math.max(1, Math.floor(opts.maxConcurrency));
    if (opts.requestsPerMinute !== undefined) {
      this.fixedSpacingMs = opts.requestsPerMinute > 0 ? 60_000 / opts.requestsPerMinute : 0;
    }
  }

  /** The spacing between starts now in force, in ms: the configured pace or the learned one, whichever is slower. */
  spacingMs(): number {
    return Math.max(this.fixedSpacingMs, this.learnedSpacingMs);
  }

  /** Waits for a slot; the request must end it through the returned {@link Turn}. */
  acquire(): Promise<Turn> {
    return new Promise((resolve) => {
      this.queue.push((startedAt, seq) => {
        let ended = false;
        const end = (learn: () => void) => {
          if (ended) return;
          ended = true;
          this.inFlight--;
          this.lastBusy = Date.now();
          learn();
          this.pump();
        };
        resolve({
          admitted: () => end(() => this.onAdmitted(startedAt, seq)),
          rateLimited: (retryAfterMs, backoff) => end(() => this.onRefused(seq, retryAfterMs, backoff)),
          release: () => end(() => undefined),
        });
      });
      this.pump();
    });
  }

  private onAdmitted(startedAt: number, seq: number): void {
    if (this.probing && seq > this.startedBeforeRefusal) {
      this.probing = false;
      this.strikes = 0;
    }
    this.taken.push(startedAt);
    if (this.taken.length > HISTORY) this.taken.shift();
  }

  private onRefused(seq: number, retryAfterMs: number | undefined, backoff: (strike: number) => number): void {
    const now = Date.now();
    // Requests already in flight when the first 429 came are refused for the same reason: one strike for all.
    if (seq > this.startedBeforeRefusal) {
      this.startedBeforeRefusal = this.started;
      // The server took `taken` requests in the time up to when it takes the next: that rate is the pace.
      // Without a retry-after, the time is known only to run at least until now; a refused probe then
      // stretches it, and a single passing refusal does not slow the pace below what was just taken.
      if (this.taken.length > 0) this.learnedSpacingMs = (now + (retryAfterMs ?? 0) - this.taken[0]) / this.taken.length;
      this.probing = true;
      this.cooldownUntil = Math.max(this.cooldownUntil, now + (retryAfterMs ?? backoff(this.strikes++)));
    } else {
      this.cooldownUntil = Math.max(this.cooldownUntil, now + (retryAfterMs ?? 0));
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < (this.probing ? 1 : this.maxConcurrency)) {
      const now = Date.now();
      const startAt = Math.max(this.cooldownUntil, this.nextStart);
      if (startAt > now) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, startAt - now);
        }
        return;
      }
      if (this.inFlight === 0 && now - this.lastBusy > IDLE_RESET_MS) {
        this.taken = [];
        this.learnedSpacingMs = 0;
      }
      this.inFlight++;
      this.nextStart = now + this.spacingMs();
      this.queue.shift()!(now, ++this.started);
    }
  }
}
