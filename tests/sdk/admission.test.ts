import { execFile } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Admission, admit } from "../../sdk/admission";

// The gate alone, on a fake clock: who gets a slot, in what order, and when a held slot comes back.
describe("Admission", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  // Lets every settled promise run its callbacks.
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  test("lets `cap` in at once and the rest in the order they asked, one per slot given back", async () => {
    const gate = new Admission(2, 60_000);
    const admitted: number[] = [];
    const releases: Array<() => void> = [];
    for (let i = 0; i < 5; i++) {
      void gate.acquire().then((release) => {
        admitted.push(i);
        releases.push(release);
      });
    }
    await flush();
    expect(admitted).toEqual([0, 1]);
    releases[1]();
    await flush();
    expect(admitted).toEqual([0, 1, 2]);
    // Giving a slot back twice frees one slot, not two.
    releases[1]();
    await flush();
    expect(admitted).toEqual([0, 1, 2]);
    releases[0]();
    releases[2]();
    await flush();
    expect(admitted).toEqual([0, 1, 2, 3, 4]);
  });

  test("a slot held past holdMs is given back, and its late release frees nothing more", async () => {
    const gate = new Admission(1, 60_000);
    const admitted: number[] = [];
    let first: () => void = () => undefined;
    void gate.acquire().then((release) => {
      admitted.push(0);
      first = release;
    });
    for (const i of [1, 2]) void gate.acquire().then(() => admitted.push(i));
    await flush();
    expect(admitted).toEqual([0]);
    jest.advanceTimersByTime(59_999);
    await flush();
    expect(admitted).toEqual([0]);
    jest.advanceTimersByTime(1);
    await flush();
    expect(admitted).toEqual([0, 1]);
    first();
    await flush();
    expect(admitted).toEqual([0, 1]);
  });

  test("a slot given back in time stops its timer", async () => {
    const gate = new Admission(1, 60_000);
    const release = await gate.acquire();
    release();
    expect(jest.getTimerCount()).toBe(0);
  });
});

// Node itself, which ends a program when nothing but promises is left: a wait for a slot must keep it running,
// except in a program that has failed (issue 20 #5).
describe("Admission in a Node process", () => {
  // Built by `pretest`; the source under ts-jest could not be run by a plain `node`.
  const built = path.join(__dirname, "..", "..", "dist", "sdk", "admission.js");
  // A slot held by a registration that never finishes (one waiting, through dependsOn, for the next), and the next.
  // FAIL_AFTER_MS: the program fails that long after the wait began (an error logged, as pulumi.log.hasErrors sees it).
  const script = `
    const { Admission } = require(${JSON.stringify(built)});
    const failAfter = Number(process.env.FAIL_AFTER_MS);
    let failed = false;
    const gate = new Admission(1, Number(process.env.HOLD_MS), () => failed);
    gate.acquire().then(() => console.log("held"));
    gate.acquire().then(() => console.log("admitted"));
    if (failAfter >= 0) setTimeout(() => (failed = true), failAfter).unref();
  `;
  const run = (holdMs: number, failAfterMs: number) =>
    new Promise<{ out: string[]; ms: number }>((resolve, reject) => {
      const env = { ...process.env, HOLD_MS: String(holdMs), FAIL_AFTER_MS: String(failAfterMs) };
      // The time includes loading @pulumi/pulumi, a second or two here.
      const started = Date.now();
      execFile(process.execPath, ["-e", script], { env, timeout: 30_000 }, (err, out) =>
        err ? reject(err) : resolve({ out: out.trim().split("\n"), ms: Date.now() - started }),
      );
    });

  test("a registration waiting for a held slot keeps the program running until the hold limit lets it in", async () => {
    expect((await run(300, -1)).out).toEqual(["held", "admitted"]);
  });

  test("a program that fails while registrations wait still ends, without waiting out the hold limit", async () => {
    const { out, ms } = await run(8_000, 100);
    expect(out).toEqual(["held"]);
    expect(ms).toBeLessThan(8_000);
  });
});

// admit() as a resource class uses it, with the engine's --parallel 2 (one slot per kind) and stand-ins for the
// resources: what matters is when each one's dependsOn lets its registration go.
describe("admit", () => {
  const saved = process.env.PULUMI_NODEJS_PARALLEL;
  beforeAll(() => (process.env.PULUMI_NODEJS_PARALLEL = "2"));
  afterAll(() => (saved === undefined ? delete process.env.PULUMI_NODEJS_PARALLEL : (process.env.PULUMI_NODEJS_PARALLEL = saved)));

  const sent = (opts: pulumi.CustomResourceOptions | undefined, log: string[], name: string) =>
    void (opts?.dependsOn as Promise<unknown>).then(() => log.push(name));
  const resource = (urn: Promise<string>) => ({ urn: pulumi.output(urn) }) as unknown as pulumi.CustomResource;
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test("the next of a kind goes when the one before is done, and another kind does not wait", async () => {
    const log: string[] = [];
    let finish: (urn: string) => void = () => undefined;
    const a = admit("KindA", { name: "a" }, undefined);
    const b = admit("KindA", { name: "b" }, undefined);
    const c = admit("KindB", { name: "c" }, undefined);
    sent(a.opts, log, "a");
    sent(b.opts, log, "b");
    sent(c.opts, log, "c");
    a.registered(resource(new Promise((resolve) => (finish = resolve))));
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["a", "c"]);
    finish("urn:a");
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["a", "c", "b"]);
  });

  test("a registration that failed gives its slot back at once, not after the hold limit", async () => {
    const log: string[] = [];
    let fail: (err: Error) => void = () => undefined;
    const a = admit("KindC", { name: "a" }, undefined);
    const b = admit("KindC", { name: "b" }, undefined);
    sent(a.opts, log, "a");
    sent(b.opts, log, "b");
    // An Output over a rejected promise would reject its inner promises unhandled; the SDK awaits a resource's
    // urn through promise(), and so does admit.
    const failing = new Promise<string>((_, reject) => (fail = reject));
    // Like an Output, apply runs its callback only on a value.
    const urn = { promise: () => failing, apply: (f: (v: string) => unknown) => void failing.then(f, () => undefined) };
    a.registered({ urn } as unknown as pulumi.CustomResource);
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["a"]);
    fail(new Error("refused"));
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["a", "b"]);
  });

  test("a registration waits for its inputs before it takes a slot, so one still waiting blocks nobody", async () => {
    const log: string[] = [];
    let name: (v: string) => void = () => undefined;
    const a = admit("KindD", { name: new Promise<string>((resolve) => (name = resolve)) }, undefined);
    const b = admit("KindD", { name: "b" }, undefined);
    sent(a.opts, log, "a");
    sent(b.opts, log, "b");
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["b"]);
    name("a");
    for (let i = 0; i < 5; i++) await tick();
    // b has not finished: a waits for its slot.
    expect(log).toEqual(["b"]);
    // A registration left waiting would keep this process running.
    b.registered(resource(Promise.resolve("urn:b")));
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(["b", "a"]);
  });
});
