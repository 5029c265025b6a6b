import { Limiter, type Turn } from "../../provider/client";

// The limiter reads the clock and sets timers; fake ones make each schedule exact, so these tests
// assert when requests start, not how fast anything runs.
beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** Queues `n` requests and records, for each, when it started and its turn. */
function requests(limiter: Limiter, n: number) {
  const started: Array<{ at: number; turn: Turn }> = [];
  for (let i = 0; i < n; i++) void limiter.acquire().then((turn) => started.push({ at: Date.now(), turn }));
  return started;
}

const t0 = 1_000_000;
const noBackoff = () => {
  throw new Error("a retry-after was given: no backoff expected");
};

describe("Limiter", () => {
  test("after a 429 one request probes, and the rest follow only once the server took it", async () => {
    const limiter = new Limiter();
    limiter.configure({ maxConcurrency: 4 });
    const r = requests(limiter, 6);
    await jest.advanceTimersByTimeAsync(0);
    expect(r).toHaveLength(4);
    r[1].turn.rateLimited(500, noBackoff);
    // Answers to requests that were in flight with the refused one do not end the probing.
    r[0].turn.admitted();
    r[2].turn.rateLimited(500, noBackoff);
    r[3].turn.admitted();
    await jest.advanceTimersByTimeAsync(499);
    expect(r).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1);
    // One probe, though four slots are free.
    expect(r.map((x) => x.at - t0)).toEqual([0, 0, 0, 0, 500]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(r).toHaveLength(5);
    r[4].turn.admitted();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(r).toHaveLength(6);
  });

  test("a 429 with retry-after sets the pace to what the server took over the time until it takes the next", async () => {
    const limiter = new Limiter();
    const r = requests(limiter, 5);
    await jest.advanceTimersByTimeAsync(0);
    // The server took four at once, then refused with 1 s to wait: four a second is its rate.
    r.slice(0, 4).forEach((x) => x.turn.admitted());
    r[4].turn.rateLimited(1000, noBackoff);
    expect(limiter.spacingMs()).toBe(250);
    const next = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(1000);
    next[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(1000);
    expect(next.map((x) => x.at - t0)).toEqual([1000, 1250, 1500]);
  });

  test("without retry-after, refused probes back off further, and one taken request ends the strikes", async () => {
    const limiter = new Limiter();
    const strikes: number[] = [];
    const backoff = (n: number) => {
      strikes.push(n);
      return 100 * 2 ** n;
    };
    const r = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(0);
    // Requests in flight together are refused for one reason: one strike.
    r[0].turn.rateLimited(undefined, backoff);
    r[1].turn.rateLimited(undefined, backoff);
    r[2].turn.rateLimited(undefined, backoff);
    const probes = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(100);
    probes[0].turn.rateLimited(undefined, backoff);
    await jest.advanceTimersByTimeAsync(200);
    probes[1].turn.admitted();
    await jest.advanceTimersByTimeAsync(0);
    probes[2].turn.rateLimited(undefined, backoff);
    expect(probes.map((x) => x.at - t0)).toEqual([100, 300, 300]);
    expect(strikes).toEqual([0, 1, 0]);
  });

  test("a 429 without retry-after does not slow the pace below the rate just taken", async () => {
    const limiter = new Limiter();
    const r = requests(limiter, 9);
    for (let i = 0; i < 8; i++) {
      await jest.advanceTimersByTimeAsync(i === 0 ? 0 : 10);
      r[i].turn.admitted();
    }
    await jest.advanceTimersByTimeAsync(0);
    r[8].turn.rateLimited(undefined, () => 500);
    // Eight taken from t0 to t0+70, refused at t0+70: the pace is no slower than one per 70/8 ms.
    expect(limiter.spacingMs()).toBeCloseTo(70 / 8);
  });

  test("requestsPerMinute is a floor under the learned pace, and new options forget what was learned", async () => {
    const limiter = new Limiter();
    limiter.configure({ requestsPerMinute: 600 });
    expect(limiter.spacingMs()).toBe(100);
    const r = requests(limiter, 2);
    await jest.advanceTimersByTimeAsync(100);
    r[0].turn.admitted();
    r[1].turn.rateLimited(900, noBackoff);
    expect(limiter.spacingMs()).toBe(1000);
    limiter.configure({ requestsPerMinute: 600 });
    expect(limiter.spacingMs()).toBe(100);
  });

  test("after a minute with nothing in flight, the learned pace is dropped", async () => {
    const limiter = new Limiter();
    const r = requests(limiter, 2);
    await jest.advanceTimersByTimeAsync(0);
    r[0].turn.admitted();
    r[1].turn.rateLimited(2000, noBackoff);
    expect(limiter.spacingMs()).toBe(2000);
    await jest.advanceTimersByTimeAsync(2000);
    const probe = requests(limiter, 1);
    await jest.advanceTimersByTimeAsync(0);
    probe[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(61_000);
    const later = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(0);
    expect(later).toHaveLength(3);
    expect(limiter.spacingMs()).toBe(0);
  });
});
