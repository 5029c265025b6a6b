import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { destroy, preview, readState, refresh, up, type DriverOptions, type StateResource } from "../../harness/driver";
import { defaultParallel } from "../../harness/executor";
import type { Spec } from "../fixtures/driver-program";

const programDir = path.join(__dirname, "..", "fixtures", "driver-program");
// Made at load: describe bodies make their stacks before any hook runs.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "driver-test-"));
const log = path.join(dir, "calls.log");
let stacks = 0;

/** A fresh stack: its own state file, and options for the driver with the resources the program declares. */
function stack() {
  const stateFile = path.join(dir, `state-${++stacks}.json`);
  const options = (resources: Spec[], extra: Partial<DriverOptions> & { config?: Record<string, string> } = {}): DriverOptions => ({
    programDir,
    stateFile,
    ...extra,
    config: { "fixture:resources": JSON.stringify(resources), "fixture:log": log, "fixture:state": stateFile, ...extra.config },
  });
  return { stateFile, options, state: () => readState(stateFile) };
}

/** The plugin's calls since the last look, as "start create a" lines. */
function calls(): string[] {
  const lines = fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
  fs.writeFileSync(log, "");
  return lines;
}

function thing(resources: StateResource[], name: string): StateResource {
  const found = resources.find((r) => r.urn.endsWith(`::${name}`) && r.custom && r.type.startsWith("pulumi-nodejs:dynamic"));
  if (!found) throw new Error(`no ${name} in ${resources.map((r) => r.urn).join(", ")}`);
  return found;
}

const things = (resources: StateResource[]) => resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => r.urn.split("::").pop());

/** The position of a log line, failing clearly when it is missing. */
function at(lines: string[], line: string): number {
  const i = lines.findIndex((l) => l.startsWith(line));
  if (i < 0) throw new Error(`"${line}" not in:\n${lines.join("\n")}`);
  return i;
}

/** The most calls of one kind under way at once, from their start and end lines. */
function overlap(lines: string[], op: string): number {
  let now = 0;
  let most = 0;
  for (const l of lines) {
    if (l.startsWith(`start ${op} `)) most = Math.max(most, ++now);
    if (l.startsWith(`end ${op} `)) now--;
  }
  return most;
}

const ops = (lines: string[]) => lines.filter((l) => l.startsWith("start ")).map((l) => l.split(" ").slice(1, 3).join(" "));

beforeEach(() => fs.writeFileSync(log, ""));

afterAll(() => fs.promises.rm(dir, { recursive: true, force: true }));

describe("the plugin driver: up, refresh and destroy", () => {
  const s = stack();
  let first: StateResource[];

  test("up creates every resource, independent ones concurrently, and hands each real id to the resources that use it", async () => {
    const result = await up(s.options([{ name: "a" }, { name: "b" }, { name: "c", after: "a" }]));
    first = result.resources;
    expect(result.summary).toEqual({ created: 3, updated: 0, replaced: 0, deleted: 0, unchanged: 0 });
    const lines = calls();
    // Both creates were under way before either ended: nothing serialized them.
    expect(Math.max(at(lines, "start create a"), at(lines, "start create b"))).toBeLessThan(Math.min(at(lines, "end create a"), at(lines, "end create b")));
    expect(thing(first, "a").id).toMatch(/^a\.\w+$/);
    expect(thing(first, "c").outputs.after).toBe(thing(first, "a").id);
    expect(thing(first, "c").dependencies).toContain(thing(first, "a").urn);
    expect(result.pluginPeakRssBytes).toBeGreaterThan(0);
  });

  test("the state keeps components, parents and the serialized provider, in the inputs and the outputs", () => {
    const state = s.state();
    const group = state.find((r) => !r.custom);
    expect(group).toMatchObject({ type: "fixture:index:Group", urn: expect.stringMatching(/::group$/) });
    expect(thing(state, "a").parent).toBe(group?.urn);
    expect(thing(state, "a").inputs.__provider).toContain("exports.handler");
    expect(thing(state, "a").outputs.__provider).toBe(thing(state, "a").inputs.__provider);
  });

  test("an up with nothing changed checks and diffs each resource, one at a time, and creates, updates and deletes nothing", async () => {
    const result = await up(s.options([{ name: "a" }, { name: "b" }, { name: "c", after: "a" }]));
    expect(result.summary).toEqual({ created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 3 });
    const lines = calls();
    expect(ops(lines).filter((o) => !/^(check|diff) /.test(o))).toEqual([]);
    expect(ops(lines).filter((o) => o.startsWith("diff"))).toHaveLength(3);
    expect(overlap(lines, "check") + overlap(lines, "diff")).toBe(2);
    expect(lines.filter((l) => /^start (check|diff)/.test(l)).every((l, i, all) => i === 0 || lines.indexOf(l) > lines.indexOf(all[i - 1].replace("start", "end")))).toBe(true);
    expect(result.resources).toEqual(first);
  });

  test("a replacement is made first, and the old resource is deleted only after what used it moved to the new one", async () => {
    const oldA = thing(first, "a").id;
    const result = await up(s.options([{ name: "a", shape: "round" }, { name: "b" }, { name: "c", after: "a" }]));
    expect(result.summary).toEqual({ created: 0, updated: 1, replaced: 1, deleted: 0, unchanged: 1 });
    const lines = calls();
    // A replacement checks again with no olds, so defaults are made afresh.
    expect(at(lines, "start check a olds:yes")).toBeLessThan(at(lines, "start check a olds:no"));
    expect(at(lines, "end create a")).toBeLessThan(at(lines, "start update c"));
    expect(at(lines, "end update c")).toBeLessThan(at(lines, `start delete ${oldA}`));
    expect(thing(result.resources, "c").outputs.after).toBe(thing(result.resources, "a").id);
    expect(thing(result.resources, "a").id).not.toBe(oldA);
  });

  test("resources the program no longer declares are deleted after everything else, each after the resources that depend on it", async () => {
    const before = s.state();
    const result = await up(s.options([{ name: "b", color: "red" }]));
    expect(result.summary).toEqual({ created: 0, updated: 1, replaced: 0, deleted: 2, unchanged: 0 });
    const lines = calls();
    expect(at(lines, "end update b")).toBeLessThan(at(lines, `start delete ${thing(before, "c").id}`));
    expect(at(lines, `end delete ${thing(before, "c").id}`)).toBeLessThan(at(lines, `start delete ${thing(before, "a").id}`));
    expect(things(result.resources)).toEqual(["b"]);
  });

  test("refresh reads every resource at once, drops the gone, and diffs the changed for the display only", async () => {
    await up(s.options([{ name: "b" }, { name: "d", after: "b" }, { name: "e" }]));
    calls();
    fs.writeFileSync(`${log}.gone.d`, "");
    fs.writeFileSync(`${log}.changed.b`, "");
    const result = await refresh(s.options([]));
    expect(result.summary).toEqual({ created: 0, updated: 1, replaced: 0, deleted: 1, unchanged: 1 });
    const lines = calls();
    expect(overlap(lines, "read")).toBe(3);
    expect(ops(lines).filter((o) => !o.startsWith("read"))).toEqual(["diff b"]);
    expect(things(result.resources)).toEqual(["b", "e"]);
    expect(thing(result.resources, "b").outputs.readBack).toBe(true);
  });

  test("a refresh preview reads everything and writes nothing, so an interactive refresh reads each object twice", async () => {
    fs.writeFileSync(`${log}.gone.e`, "");
    const before = fs.readFileSync(s.stateFile, "utf8");
    const previewed = await refresh({ ...s.options([]), preview: true });
    expect(previewed.summary).toMatchObject({ deleted: 1 });
    expect(fs.readFileSync(s.stateFile, "utf8")).toBe(before);
    expect((await refresh(s.options([]))).summary).toMatchObject({ deleted: 1 });
    expect(ops(calls()).filter((o) => o.startsWith("read")).sort()).toEqual(["read b", "read b", "read e", "read e"]);
    fs.rmSync(`${log}.gone.e`);
  });

  test("destroy deletes everything, dependents first, independent ones at once, and leaves an empty state", async () => {
    fs.rmSync(`${log}.changed.b`);
    await up(s.options([{ name: "b" }, { name: "f", after: "b" }, { name: "g", after: "b" }]));
    const made = s.state();
    calls();
    const result = await destroy(s.options([]));
    expect(result.summary).toMatchObject({ deleted: 3 });
    const lines = calls();
    expect(overlap(lines, "delete")).toBe(2);
    expect(at(lines, `end delete ${thing(made, "f").id}`)).toBeLessThan(at(lines, `start delete ${thing(made, "b").id}`));
    expect(at(lines, `end delete ${thing(made, "g").id}`)).toBeLessThan(at(lines, `start delete ${thing(made, "b").id}`));
    expect(s.state()).toEqual([]);
  });
});

describe("preview", () => {
  test("calls Check and Diff only, leaves outputs of objects not made yet unknown to the program, and writes nothing", async () => {
    const s = stack();
    await up(s.options([{ name: "a" }]));
    const state = fs.readFileSync(s.stateFile, "utf8");
    calls();
    const result = await preview(s.options([{ name: "a", shape: "round" }, { name: "b", color: "blue" }, { name: "c", after: "b" }]));
    expect(result.summary).toEqual({ created: 2, updated: 0, replaced: 1, deleted: 0, unchanged: 0 });
    const lines = calls();
    expect(ops(lines).filter((o) => !/^(check|diff) /.test(o))).toEqual([]);
    expect(fs.readFileSync(s.stateFile, "utf8")).toBe(state);
    // The program saw the new ones' ids as unknown, their checked inputs as known, and the kept one's id as known.
    expect(lines).toContain("program b id known:false secret:false");
    expect(lines).toContain("program c id known:false secret:false");
    expect(lines).toContain("program a id known:false secret:false");
    expect(lines.filter((l) => l.startsWith("program b derived"))).toEqual(["program b derived known:false secret:false"]);
  });
});

describe("diff rules", () => {
  test("replace keys count only when the diff reports changes", async () => {
    const s = stack();
    await up(s.options([{ name: "a", sticky: true }]));
    calls();
    const result = await up(s.options([{ name: "a", sticky: true, note: "edited" }]));
    expect(result.summary).toMatchObject({ unchanged: 1, replaced: 0 });
    expect(ops(calls()).filter((o) => /^(create|delete|update)/.test(o))).toEqual([]);
  });

  test("a Same step keeps the old outputs and stores the new inputs", async () => {
    const s = stack();
    await up(s.options([{ name: "a", note: "first" }]));
    const result = await up(s.options([{ name: "a", note: "second" }]));
    expect(result.summary).toMatchObject({ unchanged: 1 });
    expect(thing(result.resources, "a").inputs.note).toBe("second");
    expect(thing(result.resources, "a").outputs.note).toBe("first");
  });

  test("an unknown diff makes the engine compare inputs, and only then does replaceOnChanges apply", async () => {
    const s = stack();
    const spec = (note: string): Spec => ({ name: "a", unknownDiff: true, note, opts: { replaceOnChanges: ["note"] } });
    await up(s.options([spec("one")]));
    expect((await up(s.options([spec("one")]))).summary).toMatchObject({ unchanged: 1 });
    expect((await up(s.options([spec("two")]))).summary).toMatchObject({ replaced: 1 });
    // With a provider diff that says "changes" (as ours do), replaceOnChanges has no changed keys to act on.
    const t = stack();
    await up(t.options([{ name: "a", opts: { replaceOnChanges: ["color"] } }]));
    expect((await up(t.options([{ name: "a", color: "red", opts: { replaceOnChanges: ["color"] } }]))).summary).toMatchObject({ updated: 1, replaced: 0 });
  });

  test("--replace skips the provider's Diff, checks with no olds, and creates before it deletes", async () => {
    const s = stack();
    const made = await up(s.options([{ name: "a" }]));
    calls();
    const result = await up(s.options([{ name: "a" }], { replace: [thing(made.resources, "a").urn] }));
    expect(result.summary).toMatchObject({ replaced: 1 });
    const lines = calls();
    expect(ops(lines).filter((o) => o.startsWith("diff"))).toEqual([]);
    expect(ops(lines).filter((o) => o.startsWith("check"))).toEqual(["check a"]);
    expect(at(lines, "start check a olds:no")).toBeGreaterThanOrEqual(0);
    expect(at(lines, "end create a")).toBeLessThan(at(lines, `start delete ${thing(made.resources, "a").id}`));
  });

  test.each([
    ["the diff", { dbr: true }],
    ["the deleteBeforeReplace option", { opts: { deleteBeforeReplace: true } }],
  ])("a replacement deletes first when %s asks for it", async (_why, extra) => {
    const s = stack();
    const made = await up(s.options([{ name: "a", ...extra }]));
    calls();
    const result = await up(s.options([{ name: "a", shape: "round", ...extra }]));
    expect(result.summary).toMatchObject({ replaced: 1 });
    const lines = calls();
    expect(at(lines, `end delete ${thing(made.resources, "a").id}`)).toBeLessThan(at(lines, "start create a"));
    expect(things(result.resources)).toEqual(["a"]);
  });
});

describe("resource options", () => {
  test("protect makes a replace and a delete an error; the other deletes still run", async () => {
    const s = stack();
    await up(s.options([{ name: "p", opts: { protect: true } }, { name: "q" }]));
    await expect(up(s.options([{ name: "p", shape: "round", opts: { protect: true } }, { name: "q" }]))).rejects.toThrow(/unable to replace resource .*::p"\nas it is currently marked for protection/);
    calls();
    await expect(destroy(s.options([]))).rejects.toThrow(/resource ".*::p" cannot be deleted\nbecause it is protected/);
    expect(ops(calls()).filter((o) => o.startsWith("delete"))).toEqual([expect.stringMatching(/^delete q\./)]);
    expect(things(s.state())).toEqual(["p"]);
  });

  test("retainOnDelete takes the resource out of the state without a Delete", async () => {
    const s = stack();
    await up(s.options([{ name: "r", opts: { retainOnDelete: true } }]));
    calls();
    await destroy(s.options([]));
    expect(ops(calls())).toEqual([]);
    expect(s.state()).toEqual([]);
  });

  test("ignoreChanges keeps the old value of an input, so its change neither replaces nor reaches the state", async () => {
    const s = stack();
    await up(s.options([{ name: "a", opts: { ignoreChanges: ["shape"] } }]));
    const result = await up(s.options([{ name: "a", shape: "round", opts: { ignoreChanges: ["shape"] } }]));
    expect(result.summary).toMatchObject({ unchanged: 1 });
    expect(thing(result.resources, "a").inputs.shape).toBe("square");
  });

  test("dependsOn orders creates and deletes as an input would", async () => {
    const s = stack();
    const made = await up(s.options([{ name: "base", slow: true }, { name: "user", dependsOn: "base" }]));
    expect(thing(made.resources, "user").dependencies).toEqual([thing(made.resources, "base").urn]);
    let lines = calls();
    expect(at(lines, "end create base")).toBeLessThan(at(lines, "start create user"));
    await destroy(s.options([]));
    lines = calls();
    expect(at(lines, `end delete ${thing(made.resources, "user").id}`)).toBeLessThan(at(lines, `start delete ${thing(made.resources, "base").id}`));
  });

  test("aliases carry a resource to its new name with no create or delete", async () => {
    const s = stack();
    const made = await up(s.options([{ name: "old" }]));
    calls();
    const result = await up(s.options([{ name: "new", opts: { aliases: [thing(made.resources, "old").urn] } }]));
    expect(things(result.resources)).toEqual(["new"]);
    expect(thing(result.resources, "new").id).toBe(thing(made.resources, "old").id);
    expect(ops(calls()).filter((o) => /^(create|delete)/.test(o))).toEqual([]);
  });

  test("the import option fails as pulumi up fails for a dynamic resource: Read gets no __provider", async () => {
    const s = stack();
    await expect(up(s.options([{ name: "imp", opts: { import: "existing-id" } }]))).rejects.toThrow(/^import of .*::imp failed: code must be a string, not undefined/);
    expect(things(s.state())).toEqual([]);
  });
});

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
