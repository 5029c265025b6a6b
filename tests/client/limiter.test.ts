import { type AdminClient, type ApiPath, type ApiRequest, Limiter, type PaceMemory, type RememberedPace, type Turn, apiPath, endpointOf, roleAssignments, roles } from "../../provider/client";
import { z } from "zod";
import { failure, withScriptedClient } from "../support/client";

// The limiter reads the clock and sets timers; fake ones make each schedule exact, so these tests
// assert when requests start, not how fast anything runs.
beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

const A = "POST /organization/projects";
const B = "POST /organization/projects/{}/spend_alerts";

/** Queues `n` requests on `endpoint` and records, for each, when it started and its turn. */
function requests(limiter: Limiter, n: number, endpoint = A) {
  const started: Array<{ at: number; turn: Turn }> = [];
  for (let i = 0; i < n; i++) void limiter.acquire(endpoint).then((turn) => started.push({ at: Date.now(), turn }));
  return started;
}

const t0 = 1_000_000;
const noBackoff = () => {
  throw new Error("a retry-after was given: no backoff expected");
};
// The client's backoff without jitter: 500 ms doubled each strike, at most 20 s.
const backoff = (strike: number) => Math.min(20_000, 500 * 2 ** strike);

/**
 * A server that takes `limit()` requests per `windowMs` on a sliding window and answers 429 with no
 * retry-after past it, as the admin API does. `n` requests go through `limiter`, each sent again after a
 * refusal, as the client does; resolves with the times the server took them and the number of 429s.
 */
async function againstWindow(
  limiter: Limiter,
  opts: { n: number; limit: () => number; windowMs: number; endpoint?: string; latencyMs?: number; overloadedEvery?: number; before?: number[] },
) {
  const { n, limit, windowMs, endpoint = A, latencyMs = 20, overloadedEvery = Infinity, before = [] } = opts;
  let arrivals = 0;
  // `before`: when another client's requests were taken, still in the window as this run starts.
  const others = [...before];
  const taken: number[] = [];
  const refused: number[] = [];
  const one = async (): Promise<void> => {
    for (;;) {
      const turn = await limiter.acquire(endpoint);
      const now = Date.now();
      // Every `overloadedEvery`-th arrival is refused whatever the window holds, as an overloaded server might.
      const took = ++arrivals % overloadedEvery !== 0 && [...others, ...taken].filter((t) => now - t < windowMs).length < limit();
      if (took) taken.push(now);
      await new Promise((r) => setTimeout(r, latencyMs));
      if (took) {
        turn.admitted();
        return;
      }
      refused.push(now);
      turn.rateLimited(undefined, backoff);
    }
  };
  const all = Promise.all(Array.from({ length: n }, one));
  await jest.runAllTimersAsync();
  await all;
  return { taken, refused };
}

/** Requests taken per second from the first to the last, ÷ the limit per second. */
const efficiency = (taken: number[], limit: number, windowMs: number) =>
  (taken.length - 1) / ((taken[taken.length - 1] - taken[0]) / 1000) / (limit / (windowMs / 1000));

describe("endpointOf", () => {
  test("names an endpoint by method and path template, whatever the ids in the path", () => {
    const one = apiPath`/organization/projects/${"proj_1"}/spend_alerts/${"alert_1"}`;
    const two = apiPath`/organization/projects/${"proj_2"}/spend_alerts/${"alert_2"}`;
    expect(endpointOf("GET", one)).toBe("GET /organization/projects/{}/spend_alerts/{}");
    expect(endpointOf("GET", two)).toBe(endpointOf("GET", one));
    expect(endpointOf("DELETE", one)).not.toBe(endpointOf("GET", one));
    expect(endpointOf("GET", apiPath`/organization/projects/${"proj_1"}`)).toBe("GET /organization/projects/{}");
    expect(endpointOf("POST", apiPath`/organization/projects`)).toBe("POST /organization/projects");
  });

  test("keys two role assignments of different people in different projects by one template, which the path carries", async () => {
    const sent: ApiRequest<unknown>[] = [];
    const c = { request: async (r: ApiRequest<unknown>) => (sent.push(r), {}) } as unknown as AdminClient;
    await roleAssignments.unassign(c, "users", "user-1", "role_a", "proj_1");
    await roleAssignments.unassign(c, "users", "user-2", "role_b", "proj_2");
    const [one, two] = sent.map((r) => r.path);
    expect(one.path).toBe("/projects/proj_1/users/user-1/roles/role_a");
    expect(two.path).toBe("/projects/proj_2/users/user-2/roles/role_b");
    expect(one.params).toEqual(["proj_1", "user-1", "role_a"]);
    expect(endpointOf("DELETE", one)).toBe("DELETE /projects/{}/users/{}/roles/{}");
    expect(endpointOf("DELETE", two)).toBe(endpointOf("DELETE", one));
  });

  test("refuses a path made without apiPath, even one an apiPath made before: there is no path-to-template table to guess from", async () => {
    const made = apiPath`/organization/projects/${"proj_1"}/spend_alerts/${"alert_1"}`;
    const glued = `${apiPath`/organization/projects/${"proj_1"}`}${apiPath`/spend_alerts/${"alert_1"}`}`;
    expect(glued).toBe(made.path);
    expect(() => endpointOf("GET", made.path as unknown as ApiPath)).toThrow(/must be made with apiPath/);
    expect(() => endpointOf("GET", glued as unknown as ApiPath)).toThrow(/must be made with apiPath/);
    // The client refuses it before anything is sent, and does not retry.
    await withScriptedClient(
      () => ({ status: 200, body: {} }),
      async (client, srv) => {
        const err = await failure(client.request({ method: "GET", path: glued as unknown as ApiPath, schema: z.any(), idempotent: true }));
        expect(err).toMatchObject({ code: "OPENAI_ADMIN_CONFIGURATION" });
        expect(err.message).toMatch(/must be made with apiPath/);
        expect(srv.seen).toHaveLength(0);
      },
      { adminKey: "sk-admin-fake.limiter.key.556677" },
    );
  });

  test("paces a role's and a role assignment's calls per endpoint, not per role or person (issue 20 #11)", async () => {
    const paths: ApiPath[] = [];
    const c = { request: async (r: { path: ApiPath }) => (paths.push(r.path), {}) } as unknown as AdminClient;
    await roleAssignments.retrieve(c, "users", "user-1", "role_a");
    await roleAssignments.retrieve(c, "users", "user-2", "role_b");
    await roleAssignments.unassign(c, "groups", "group-1", "role_a", "proj_1");
    await roleAssignments.unassign(c, "groups", "group-2", "role_b", "proj_2");
    await roles.retrieve(c, "role_a", "proj_1");
    await roles.retrieve(c, "role_b", "proj_2");
    expect(paths.map((p, i) => endpointOf(i === 2 || i === 3 ? "DELETE" : "GET", p))).toEqual([
      "GET /organization/users/{}/roles/{}",
      "GET /organization/users/{}/roles/{}",
      "DELETE /projects/{}/groups/{}/roles/{}",
      "DELETE /projects/{}/groups/{}/roles/{}",
      "GET /projects/{}/roles/{}",
      "GET /projects/{}/roles/{}",
    ]);
  });
});

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

  test("a 429 without retry-after on one endpoint neither holds nor paces another", async () => {
    const limiter = new Limiter();
    const a = requests(limiter, 3, A);
    await jest.advanceTimersByTimeAsync(0);
    a[0].turn.admitted();
    a[1].turn.rateLimited(undefined, () => 5000);
    a[2].turn.rateLimited(undefined, () => 5000);
    const queuedA = requests(limiter, 1, A);
    const b = requests(limiter, 3, B);
    await jest.advanceTimersByTimeAsync(0);
    // B starts at once, all three together; A waits for its backoff.
    expect(b.map((x) => x.at - t0)).toEqual([0, 0, 0]);
    expect(queuedA).toHaveLength(0);
    expect(limiter.spacingMs(B)).toBe(0);
    await jest.advanceTimersByTimeAsync(5000);
    expect(queuedA.map((x) => x.at - t0)).toEqual([5000]);
  });

  test("a wait the server names (retry-after) holds every endpoint for that long, and paces the whole origin", async () => {
    const limiter = new Limiter();
    const a = requests(limiter, 2, A);
    await jest.advanceTimersByTimeAsync(0);
    a[0].turn.admitted();
    a[1].turn.rateLimited(500, noBackoff);
    // Such a server may limit the origin as a whole: one request taken in the 500 ms until it takes the
    // next is the origin's rate, for B as for A (a pace per endpoint would be only A's share of it).
    expect(limiter.spacingMs(A)).toBeCloseTo(515);
    expect(limiter.spacingMs(B)).toBeCloseTo(515);
    const b = requests(limiter, 2, B);
    await jest.advanceTimersByTimeAsync(500);
    expect(b.map((x) => x.at - t0)).toEqual([500]);
    b[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(515);
    expect(b.map((x) => x.at - t0)).toEqual([500, 1015]);
  });

  test("a pace learned from a retry-after is the origin's: an endpoint is not held to its share of it", async () => {
    const limiter = new Limiter();
    const a = requests(limiter, 4, A);
    const b = requests(limiter, 4, B);
    await jest.advanceTimersByTimeAsync(0);
    expect(a.length + b.length).toBe(8);
    // The server took four a second across both endpoints (three of A's, one of B's), then said to come
    // back in a second.
    [...a.slice(0, 3), b[0]].forEach((x) => x.turn.admitted());
    [a[3], ...b.slice(1)].forEach((x) => x.turn.rateLimited(1000, noBackoff));
    // A has nothing more to send: B's next go at the origin's four a second, not at its share of one.
    const c = requests(limiter, 3, B);
    for (const wait of [1000, 258, 258]) {
      await jest.advanceTimersByTimeAsync(wait);
      c[c.length - 1]?.turn.admitted();
    }
    expect(c.map((x) => x.at - t0)).toEqual([1000, 1258, 1516]);
  });

  test("the in-flight cap is shared by every endpoint of the origin", async () => {
    const limiter = new Limiter();
    limiter.configure({ maxConcurrency: 3 });
    const a = requests(limiter, 2, A);
    const b = requests(limiter, 2, B);
    await jest.advanceTimersByTimeAsync(0);
    expect(a.length + b.length).toBe(3);
    a[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(0);
    expect(a.length + b.length).toBe(4);
  });

  test("a request waiting for its endpoint's pace does not block a later request to another endpoint", async () => {
    const limiter = new Limiter();
    limiter.configure({ maxConcurrency: 1, requestsPerMinute: 60 });
    const a = requests(limiter, 2, A);
    await jest.advanceTimersByTimeAsync(0);
    a[0].turn.admitted();
    const b = requests(limiter, 1, B);
    await jest.advanceTimersByTimeAsync(0);
    // A's second waits a second for its pace; B, queued after it, goes now.
    expect(b.map((x) => x.at - t0)).toEqual([0]);
    expect(a).toHaveLength(1);
    b[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(1000);
    expect(a.map((x) => x.at - t0)).toEqual([0, 1000]);
  });

  test("a 429 with retry-after sets the pace to what the server took over the time until it takes the next", async () => {
    const limiter = new Limiter();
    const r = requests(limiter, 5);
    await jest.advanceTimersByTimeAsync(0);
    // The server took four at once, then refused with 1 s to wait: four a second is its rate.
    r.slice(0, 4).forEach((x) => x.turn.admitted());
    r[4].turn.rateLimited(1000, noBackoff);
    expect(limiter.spacingMs(A)).toBeCloseTo(250 * 1.03);
    const next = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(1000);
    next[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(1000);
    // 250 ms a request, set 3% slower to run just under the limit; the clock rounds to whole ms.
    expect(next.map((x) => x.at - t0)).toEqual([1000, 1258, 1516]);
  });

  test("without retry-after, refused probes back off further, and one taken request ends the strikes", async () => {
    const limiter = new Limiter();
    const strikes: number[] = [];
    const counting = (n: number) => {
      strikes.push(n);
      return 100 * 2 ** n;
    };
    const r = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(0);
    // Requests in flight together are refused for one reason: one strike.
    r[0].turn.rateLimited(undefined, counting);
    r[1].turn.rateLimited(undefined, counting);
    r[2].turn.rateLimited(undefined, counting);
    const probes = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(100);
    probes[0].turn.rateLimited(undefined, counting);
    await jest.advanceTimersByTimeAsync(200);
    probes[1].turn.admitted();
    await jest.advanceTimersByTimeAsync(0);
    probes[2].turn.rateLimited(undefined, counting);
    expect(probes.map((x) => x.at - t0)).toEqual([100, 300, 300]);
    expect(strikes).toEqual([0, 1, 0]);
  });

  test("without retry-after, the pace is what was taken before the refusal over the time until a probe is taken", async () => {
    const limiter = new Limiter();
    limiter.configure({ maxConcurrency: 9 });
    const r = requests(limiter, 9);
    await jest.advanceTimersByTimeAsync(0);
    // Eight taken at once, the ninth refused: the server's window is not known yet.
    r.slice(0, 8).forEach((x) => x.turn.admitted());
    r[8].turn.rateLimited(undefined, () => 3000);
    const probes = requests(limiter, 2);
    await jest.advanceTimersByTimeAsync(3000);
    probes[0].turn.rateLimited(undefined, () => 5000);
    // Refused probes stretch the pace: eight in 3 s at least.
    expect(limiter.spacingMs(A)).toBe(3000 / 8);
    await jest.advanceTimersByTimeAsync(5000);
    probes[1].turn.admitted();
    expect(probes.map((x) => x.at - t0)).toEqual([3000, 8000]);
    // The window reopened between the refusal at t0+3000 and the admission at t0+8000: the eight before
    // took 5.5 s, and the pace is set a little slower than that.
    expect(limiter.spacingMs(A)).toBeCloseTo((5500 / 8) * 1.03);
  });

  test("against a window with no retry-after, an endpoint settles just under the rate the server takes", async () => {
    const limiter = new Limiter();
    const { taken, refused } = await againstWindow(limiter, { n: 80, limit: () => 10, windowMs: 12_000 });
    const afterFirstWindow = taken.filter((t) => t >= t0 + 12_000);
    expect(taken).toHaveLength(80);
    // From the window's reopening on, the server's rate is used, not exceeded (it cannot be).
    expect(efficiency(afterFirstWindow, 10, 12_000)).toBeGreaterThan(0.9);
    expect(efficiency(afterFirstWindow, 10, 12_000)).toBeLessThanOrEqual(1.01);
    // After the window is learned, a refusal now and then as the pace tries faster, not one per request.
    expect(refused.filter((t) => t >= afterFirstWindow[0]).length).toBeLessThanOrEqual(4);
  });

  test("an opening that shares the window with another client's last calls does not learn a pace several times too slow", async () => {
    const limiter = new Limiter();
    // Three of the window's ten were taken by a command that ended just before this one.
    const { taken } = await againstWindow(limiter, { n: 47, limit: () => 10, windowMs: 12_000, before: [t0 - 9000, t0 - 6000, t0 - 3000] });
    expect(taken).toHaveLength(47);
    // The limits allow the 47 in about 45 s (10 at once, then 37 at one per 1.2 s). Learning from the opening
    // burst's calls, this takes 74 s (the three other calls still make the burst look like seven a window, which
    // the upward tries then correct); learning from the one or two calls taken after the opening, it took 117 s.
    expect((taken[46] - t0) / 1000).toBeLessThan(90);
  });

  test("a raised limit is found within the run: the pace probes upward", async () => {
    const limiter = new Limiter();
    let limit = 10;
    setTimeout(() => (limit = 20), 30_000);
    const { taken } = await againstWindow(limiter, { n: 120, limit: () => limit, windowMs: 12_000 });

    expect(taken).toHaveLength(120);
    // Before the raise, one per 1.2 s; within half a minute after it, near one per 0.6 s.
    const late = taken.filter((t) => t >= t0 + 60_000);
    expect(late.length).toBeGreaterThan(10);
    expect(efficiency(late, 20, 12_000)).toBeGreaterThan(0.8);
  });

  test("429s that are not the window's, now and then, do not slow the pace without end", async () => {
    const limiter = new Limiter();
    const { taken } = await againstWindow(limiter, { n: 100, limit: () => 10, windowMs: 12_000, overloadedEvery: 30 });
    expect(taken).toHaveLength(100);
    // One arrival in thirty refused for nothing (the soak's share of 429s) does not drag the pace down.
    expect(efficiency(taken.filter((t) => t >= t0 + 12_000), 10, 12_000)).toBeGreaterThan(0.75);
    expect(limiter.spacingMs(A)).toBeLessThan(1200 * 1.5);
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
    expect(limiter.spacingMs(A)).toBeCloseTo(70 / 8);
  });

  test("requestsPerMinute is a floor under each endpoint's learned pace, and new options forget what was learned", async () => {
    const limiter = new Limiter();
    limiter.configure({ requestsPerMinute: 600 });
    expect(limiter.spacingMs(A)).toBe(100);
    expect(limiter.spacingMs(B)).toBe(100);
    const r = requests(limiter, 2);
    await jest.advanceTimersByTimeAsync(100);
    r[0].turn.admitted();
    r[1].turn.rateLimited(900, noBackoff);
    expect(limiter.spacingMs(A)).toBeCloseTo(1030);
    // A retry-after paces the whole origin (see above).
    expect(limiter.spacingMs(B)).toBeCloseTo(1030);
    limiter.configure({ requestsPerMinute: 600 });
    expect(limiter.spacingMs(A)).toBe(100);
  });

  test("after a minute with nothing in flight, the learned pace is dropped", async () => {
    const limiter = new Limiter();
    const r = requests(limiter, 2);
    await jest.advanceTimersByTimeAsync(0);
    r[0].turn.admitted();
    r[1].turn.rateLimited(2000, noBackoff);
    expect(limiter.spacingMs(A)).toBeCloseTo(2060);
    await jest.advanceTimersByTimeAsync(2000);
    const probe = requests(limiter, 1);
    await jest.advanceTimersByTimeAsync(0);
    probe[0].turn.admitted();
    await jest.advanceTimersByTimeAsync(61_000);
    const later = requests(limiter, 3);
    await jest.advanceTimersByTimeAsync(0);
    expect(later).toHaveLength(3);
    expect(limiter.spacingMs(A)).toBe(0);
  });
});

describe("a pace remembered from an earlier process (pace-memory.ts)", () => {
  /** The memory a pace file gives a limiter, kept in this test instead. */
  function memory(): PaceMemory & { kept: Map<string, RememberedPace> } {
    const kept = new Map<string, RememberedPace>();
    return {
      kept,
      recall: (e) => (kept.has(e) ? { ...kept.get(e)! } : undefined),
      learned: (e, spacingMs, burst, at) => void kept.set(e, { spacingMs, burst: burst ?? kept.get(e)?.burst ?? 0, lastUsed: at }),
      used: (e, at) => void (kept.has(e) && (kept.get(e)!.lastUsed = at)),
    };
  }

  test("the next process starts at the pace the last one learned: a few refusals in its run, not one per window", async () => {
    const m = memory();
    const first = await againstWindow(new Limiter(m), { n: 47, limit: () => 10, windowMs: 12_000 });
    // From nothing, the opening burst and the probes that find the window's end cost several refusals.
    expect(first.refused.length).toBeGreaterThan(5);
    expect(m.kept.get(A)).toMatchObject({ burst: 10 });
    expect(m.kept.get(A)!.spacingMs).toBeGreaterThan(1200);
    expect(m.kept.get(A)!.spacingMs).toBeLessThan(1200 * 1.15);

    // Right after it (the server's window still full of the last run's requests, here a new window: either way no
    // burst), the next run goes at the remembered pace from its first request.
    const second = await againstWindow(new Limiter(m), { n: 47, limit: () => 10, windowMs: 12_000 });
    expect(second.taken).toHaveLength(47);
    expect(second.refused.length).toBeLessThanOrEqual(2);
    expect(second.taken[1] - second.taken[0]).toBeGreaterThanOrEqual(1200);
    expect(efficiency(second.taken, 10, 12_000)).toBeGreaterThan(0.9);
  });

  test("once a whole window has passed since its last request, as many as the window took at once start at once, then the pace", async () => {
    const m = memory();
    m.kept.set(A, { spacingMs: 1236, burst: 10, lastUsed: t0 - 12_360 });
    const limiter = new Limiter(m);
    limiter.configure({ maxConcurrency: 16 });
    const { taken, refused } = await againstWindow(limiter, { n: 15, limit: () => 10, windowMs: 12_000 });
    expect(refused).toEqual([]);
    expect(taken.slice(0, 10).every((t) => t === t0)).toBe(true);
    // The eleventh waits for the burst's window to pass, not one spacing.
    expect(taken[10] - t0).toBeGreaterThanOrEqual(12_360);
  });

  test("a remembered window still in use gives no burst", async () => {
    const m = memory();
    m.kept.set(A, { spacingMs: 1236, burst: 10, lastUsed: t0 - 5_000 });
    const { taken } = await againstWindow(new Limiter(m), { n: 3, limit: () => 10, windowMs: 12_000 });
    expect(taken.map((t) => t - t0)).toEqual([0, 1236, 2472]);
  });

  test("a refusal after a remembered burst learns the window's pace, not one slowed by the wait that followed the burst", async () => {
    const m = memory();
    // Remembered a little fast: the server takes 10 per 12 s, one per 1.2 s.
    m.kept.set(A, { spacingMs: 1100, burst: 10, lastUsed: 0 });
    const limiter = new Limiter(m);
    limiter.configure({ maxConcurrency: 16 });
    const { taken, refused } = await againstWindow(limiter, { n: 40, limit: () => 10, windowMs: 12_000 });
    expect(taken).toHaveLength(40);
    expect(refused.length).toBeGreaterThan(0);
    expect(limiter.spacingMs(A)).toBeGreaterThan(1150);
    expect(limiter.spacingMs(A)).toBeLessThan(1300);
  });

  test("a refusal after calls that came at less than half the pace (little work) teaches no pace: it was not their doing", async () => {
    const m = memory();
    m.kept.set(A, { spacingMs: 1236, burst: 10, lastUsed: t0 });
    const limiter = new Limiter(m);
    // Twelve calls, one every 5 s, all taken; the thirteenth refused (a 429 that is not the window's), its retry taken.
    for (let i = 0; i < 12; i++) {
      const r = requests(limiter, 1);
      await jest.advanceTimersByTimeAsync(0);
      r[0].turn.admitted();
      await jest.advanceTimersByTimeAsync(5000);
    }
    const refused = requests(limiter, 1);
    await jest.advanceTimersByTimeAsync(0);
    refused[0].turn.rateLimited(undefined, backoff);
    const retry = requests(limiter, 1);
    // It waits out the backoff and the pace's spacing since the refused call started.
    await jest.advanceTimersByTimeAsync(1300);
    expect(retry).toHaveLength(1);
    retry[0].turn.admitted();
    // The pace is where it was (less an upward try's 2%); learning from those twelve would have set one call per
    // 5.2 s, four times slower than the server takes.
    expect(limiter.spacingMs(A)).toBeGreaterThan(1150);
    expect(limiter.spacingMs(A)).toBeLessThanOrEqual(1236);
  });

  test("a remembered pace the server no longer takes is learned again, and the slower pace is kept", async () => {
    const m = memory();
    m.kept.set(A, { spacingMs: 100, burst: 10, lastUsed: 0 });
    const { taken } = await againstWindow(new Limiter(m), { n: 30, limit: () => 5, windowMs: 12_000 });
    expect(taken).toHaveLength(30);
    expect(m.kept.get(A)!.spacingMs).toBeGreaterThan(2000);
  });
});
