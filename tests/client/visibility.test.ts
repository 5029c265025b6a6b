import { DEFAULT_VISIBILITY_POLICY, NotFoundError, errorFromStatus, readVisible } from "../../provider/client";

// readVisible waits between reads; a fake clock makes each wait exact and the tests instant.
beforeEach(() => {
  jest.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const notFound = () => errorFromStatus({ method: "GET", path: "/x" }, 404, undefined, undefined, false);

/** A read that answers 404 until `visibleAt` (ms), recording when it was called. */
function lagging(visibleAt: number) {
  const calls: number[] = [];
  const read = async () => {
    calls.push(Date.now());
    if (Date.now() < visibleAt) throw notFound();
    return "found";
  };
  return { read, calls };
}

/** Runs `p` to the end on the fake clock; resolves with its value or its error. */
async function settle<T>(p: Promise<T>): Promise<T | Error> {
  const result = p.catch((e: Error) => e);
  await jest.runAllTimersAsync();
  return result;
}

describe("readVisible", () => {
  test("a young object's 404s are retried with growing waits until it shows", async () => {
    const t0 = Date.now();
    const { read, calls } = lagging(t0 + 3000);
    expect(await settle(readVisible(read, nowSeconds()))).toBe("found");
    expect(calls.map((t) => t - t0)).toEqual([0, 250, 750, 1750, 3750]);
  });

  test("an old object's 404 is gone at once: one call", async () => {
    const { read, calls } = lagging(Infinity);
    const err = await settle(readVisible(read, nowSeconds() - 3600));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });

  test("an object with no creation time gets one call", async () => {
    const { read, calls } = lagging(Infinity);
    expect(await settle(readVisible(read, null))).toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });

  test("a young object that never shows is gone after the bounded wait", async () => {
    const t0 = Date.now();
    const { read, calls } = lagging(Infinity);
    expect(await settle(readVisible(read, nowSeconds()))).toBeInstanceOf(NotFoundError);
    expect(calls[calls.length - 1] - t0).toBe(DEFAULT_VISIBILITY_POLICY.waitMs);
    expect(calls.length).toBeLessThanOrEqual(8);
  });

  test("errors other than 404 are not retried", async () => {
    let calls = 0;
    const read = async () => {
      calls++;
      throw new Error("boom");
    };
    expect(await settle(readVisible(read, nowSeconds()))).toEqual(new Error("boom"));
    expect(calls).toBe(1);
  });
});
