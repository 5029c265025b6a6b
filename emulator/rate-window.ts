/**
 * A sliding-window request limit: at most `limit` admissions in any `windowMs`. Refused requests
 * are not counted, as a client that backs off would otherwise never get back in.
 */
export class RateWindow {
  private admitted: number[] = [];

  /** @param clock milliseconds, `Date.now` unless a test fakes it */
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Admits one request (undefined), or says how long until the oldest admission leaves the window (ms). */
  admit(): number | undefined {
    const now = this.clock();
    this.admitted = this.admitted.filter((t) => now - t < this.windowMs);
    if (this.admitted.length < this.limit) {
      this.admitted.push(now);
      return undefined;
    }
    return this.admitted[0] + this.windowMs - now;
  }
}
