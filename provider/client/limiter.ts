/** Limits shared by every request to one origin in this process. */
export interface LimiterOptions {
  /** Requests in flight at once. Default 8. */
  maxConcurrency?: number;
  /** Requests started per minute; 0 means no pacing. Default 0 (the shared 429 cooldown still applies). */
  requestsPerMinute?: number;
}

const limiters = new Map<string, Limiter>();

/**
 * A FIFO gate in front of the HTTP pool: a cap on requests in flight, optional pacing, and the
 * cooldown a 429 sets for the whole process, so one rate-limited call slows every other call
 * instead of each discovering the limit on its own.
 */
export class Limiter {
  private maxConcurrency = 8;
  private spacingMs = 0;
  private inFlight = 0;
  private cooldownUntil = 0;
  private nextStart = 0;
  private readonly queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  /** The limiter of an origin; later options (from a later configure) replace earlier ones. */
  static forOrigin(origin: string, opts: LimiterOptions = {}): Limiter {
    let limiter = limiters.get(origin);
    if (!limiter) limiters.set(origin, (limiter = new Limiter()));
    limiter.configure(opts);
    return limiter;
  }

  configure(opts: LimiterOptions): void {
    if (opts.maxConcurrency !== undefined) this.maxConcurrency = Math.max(1, Math.floor(opts.maxConcurrency));
    if (opts.requestsPerMinute !== undefined) {
      this.spacingMs = opts.requestsPerMinute > 0 ? 60_000 / opts.requestsPerMinute : 0;
    }
  }

  /** Waits for a slot; call the returned function when the request is done. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push(() => {
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.inFlight--;
          this.pump();
        });
      });
      this.pump();
    });
  }

  /** Holds every queued and future request until `ms` from now. */
  onRateLimited(ms: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + ms);
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrency) {
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
      this.inFlight++;
      this.nextStart = now + this.spacingMs;
      this.queue.shift()!();
    }
  }
}
