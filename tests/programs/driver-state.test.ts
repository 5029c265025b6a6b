import * as fs from "fs";
import * as os from "os";
import { refresh, up } from "../../harness/driver";
import { defaultParallel } from "../../harness/executor";
import { at, calls, driverHooks, ops, overlap, stack, thing, things } from "./driver-support";

driverHooks();

describe("secrets", () => {
  test("a secret input reaches the provider in plain text; its output and additionalSecretOutputs are secret in the state and the program", async () => {
    const s = stack();
    const result = await up(s.options([{ name: "a", token: "tok-123", peek: true, opts: { additionalSecretOutputs: ["derived"] } }]));
    const lines = calls();
    const peek = JSON.parse(lines.find((l) => l.startsWith("peek a "))!.slice("peek a ".length)) as Record<string, unknown>;
    expect(peek.token).toBe("tok-123");
    expect(lines).toContain("program a token known:true secret:true");
    expect(lines).toContain("program a derived known:true secret:true");
    expect(thing(result.resources, "a").outputs.token).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "tok-123" });
    expect(thing(s.state(), "a").outputs.token).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });
    // (The test's own config carries the token too: only the resource's entry is searched.)
    const text = JSON.stringify(thing(s.state(), "a"));
    expect(text).toContain("ciphertext");
    expect(text).not.toContain("tok-123");
    expect(text).not.toContain("derived from a");
  });

  test("the stack config saved with the default provider keeps secrets encrypted and the rest plain", async () => {
    const s = stack();
    await up(s.options([{ name: "a" }], { config: { "fixture:greeting": "hello-secret", "fixture:plain": "plain-value" }, secretKeys: ["fixture:greeting"] }));
    const text = fs.readFileSync(s.stateFile, "utf8");
    expect(text).not.toContain("hello-secret");
    expect(text).toContain("plain-value");
    const provider = s.state().find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    expect(provider?.inputs["fixture:greeting"]).toMatchObject({ ciphertext: expect.any(String) });
    // Without --secret, the state holds the value as it is.
    const t = stack();
    await up(t.options([{ name: "a" }], { config: { "fixture:greeting": "hello-plain" } }));
    expect(fs.readFileSync(t.stateFile, "utf8")).toContain("hello-plain");
  });
});

describe("config on refresh and destroy", () => {
  test("refresh and destroy configure the provider from the config saved at the last up, not the current config", async () => {
    const s = stack();
    await up(s.options([{ name: "a" }], { config: { "fixture:greeting": "from-up" }, secretKeys: ["fixture:greeting"] }));
    calls();
    await refresh(s.options([], { config: { "fixture:greeting": "rotated" } }));
    expect(calls()).toContain("start read a greeting:from-up");
    await up(s.options([{ name: "a", peek: true }], { config: { "fixture:greeting": "rotated" } }));
    calls();
    await refresh(s.options([], { config: { "fixture:greeting": "ignored" } }));
    expect(calls()).toContain("start read a greeting:rotated");
  });
});

describe("concurrency, failures and checkpoints", () => {
  test("steps other than Check and Diff run at most --parallel at once, 4 × CPUs by default", async () => {
    expect(defaultParallel()).toBe(4 * os.cpus().length);
    const s = stack();
    const result = await up(s.options(["a", "b", "c", "d"].map((name) => ({ name })), { parallel: 2 }));
    expect(overlap(calls(), "create")).toBe(2);
    expect(result.peakParallel).toBe(2);
  });

  test("the first failure stops new steps, and steps under way finish and stay in the state", async () => {
    const s = stack();
    // z waits for slow's id, which comes after x has failed: by then no new step may start.
    const failing = up(s.options([{ name: "slow", slow: true }, { name: "x", fail: true }, { name: "z", after: "slow" }]));
    await expect(failing).rejects.toThrow(/create of urn:pulumi:dev::driver-program::fixture:index:Group\$pulumi-nodejs:dynamic\/fixture:Thing::x failed: refusing to create x/);
    await expect(failing).rejects.toMatchObject({ output: expect.stringContaining("refusing to create x") });
    const lines = calls();
    expect(ops(lines).filter((o) => o.startsWith("create")).sort()).toEqual(["create slow", "create x"]);
    expect(ops(lines)).not.toContain("check z");
    expect(at(lines, "end create x")).toBeLessThan(at(lines, "end create slow"));
    expect(things(s.state())).toEqual(["slow"]);
  });

  test("the state is written after every step, so a resource's create sees the ones finished before it", async () => {
    const s = stack();
    await up(s.options([{ name: "a" }, { name: "b", after: "a", peek: true }]));
    const peek = JSON.parse(calls().find((l) => l.startsWith("peek b "))!.slice("peek b ".length)) as { state: string };
    expect(peek.state).toContain("::a");
    expect(peek.state).not.toContain("::b\"");
  });

  test("an error carrying an id stores the resource with its init errors, and the next up updates it with no diff", async () => {
    const s = stack();
    await expect(up(s.options([{ name: "w", initFail: true }]))).rejects.toThrow(/w was made but is not ready/);
    const stored = thing(s.state(), "w");
    expect(stored.id).toMatch(/^w\./);
    expect(stored.initErrors).toEqual(["not ready"]);
    calls();
    const result = await up(s.options([{ name: "w" }]));
    expect(ops(calls()).filter((o) => !/^(check|diff)/.test(o))).toEqual(["update w"]);
    expect(thing(result.resources, "w").initErrors).toBeUndefined();
  });
});

describe("launch", () => {
  test("the plugin gets the log flags before the engine address, and the project in its environment", async () => {
    const s = stack();
    await up(s.options([{ name: "a", peek: true }], { logFlags: true, engineAddress: "127.0.0.1:9" }));
    const peek = JSON.parse(calls().find((l) => l.startsWith("peek a "))!.slice("peek a ".length)) as Record<string, unknown>;
    expect(peek).toMatchObject({ argv: ["--logtostderr", "-v=9", "127.0.0.1:9"], project: "driver-program", pulumiConfig: "{}" });
  });
});
