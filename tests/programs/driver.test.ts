import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { destroy, readState, refresh, up, type DriverOptions, type StateResource } from "../../harness/driver";
import type { Spec } from "../fixtures/driver-program";

const programDir = path.join(__dirname, "..", "fixtures", "driver-program");
let dir: string;
let log: string;

function options(resources: Spec[]): DriverOptions {
  return {
    programDir,
    stateFile: path.join(dir, "state.json"),
    config: { "fixture:resources": JSON.stringify(resources), "fixture:log": log },
  };
}

/** The plugin's calls since the last look, as "start create a" lines. */
function calls(): string[] {
  const lines = fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
  fs.writeFileSync(log, "");
  return lines;
}

function thing(resources: StateResource[], name: string): StateResource {
  const found = resources.find((r) => r.urn.endsWith(`::${name}`) && r.custom);
  if (!found) throw new Error(`no ${name} in ${resources.map((r) => r.urn).join(", ")}`);
  return found;
}

/** The position of a log line, failing clearly when it is missing. */
function at(lines: string[], line: string): number {
  const i = lines.findIndex((l) => l.startsWith(line));
  if (i < 0) throw new Error(`"${line}" not in:\n${lines.join("\n")}`);
  return i;
}

beforeAll(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "driver-test-"));
  log = path.join(dir, "calls.log");
  fs.writeFileSync(log, "");
});

afterAll(() => fs.promises.rm(dir, { recursive: true, force: true }));

describe("the plugin driver", () => {
  let first: StateResource[];

  test("up creates every resource, independent ones concurrently, and hands each real id to the resources that use it", async () => {
    const result = await up(options([{ name: "a" }, { name: "b" }, { name: "c", after: "a" }]));
    first = result.resources;
    expect(result.summary).toEqual({ created: 3, updated: 0, replaced: 0, deleted: 0, unchanged: 0 });
    const lines = calls();
    // Both creates were under way before either ended: nothing serialized them.
    expect(Math.max(at(lines, "start create a"), at(lines, "start create b"))).toBeLessThan(
      Math.min(at(lines, "end create a"), at(lines, "end create b")),
    );
    expect(thing(first, "a").id).toMatch(/^a\.\w+$/);
    expect(thing(first, "c").outputs.after).toBe(thing(first, "a").id);
    expect(thing(first, "c").dependencies).toContain(thing(first, "a").urn);
    expect(result.pluginPeakRssBytes).toBeGreaterThan(0);
  });

  test("the state keeps components, parents and the serialized provider, in the inputs and the outputs", () => {
    const state = readState(path.join(dir, "state.json"));
    const group = state.find((r) => !r.custom);
    expect(group).toMatchObject({ type: "fixture:index:Group", urn: expect.stringMatching(/::group$/) });
    expect(thing(state, "a").parent).toBe(group?.urn);
    expect(thing(state, "a").inputs.__provider).toContain("exports.handler");
    expect(thing(state, "a").outputs.__provider).toBe(thing(state, "a").inputs.__provider);
  });

  test("an up with nothing changed creates, updates and deletes nothing", async () => {
    const result = await up(options([{ name: "a" }, { name: "b" }, { name: "c", after: "a" }]));
    expect(result.summary).toEqual({ created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 3 });
    expect(calls()).toEqual([]);
    expect(result.resources).toEqual(first);
  });

  test("a replacement is made first, and the old resource is deleted only after what used it moved to the new one", async () => {
    const oldA = thing(first, "a").id;
    const result = await up(options([{ name: "a", shape: "round" }, { name: "b" }, { name: "c", after: "a" }]));
    expect(result.summary).toEqual({ created: 0, updated: 1, replaced: 1, deleted: 0, unchanged: 1 });
    const lines = calls();
    expect(at(lines, "end create a")).toBeLessThan(at(lines, "start update c"));
    expect(at(lines, "end update c")).toBeLessThan(at(lines, `start delete ${oldA}`));
    expect(thing(result.resources, "c").outputs.after).toBe(thing(result.resources, "a").id);
    expect(thing(result.resources, "a").id).not.toBe(oldA);
  });

  test("resources the program no longer declares are deleted, each after the resources that depend on it", async () => {
    const before = readState(path.join(dir, "state.json"));
    const result = await up(options([{ name: "b" }]));
    expect(result.summary).toEqual({ created: 0, updated: 0, replaced: 0, deleted: 2, unchanged: 1 });
    const lines = calls();
    expect(at(lines, `end delete ${thing(before, "c").id}`)).toBeLessThan(at(lines, `start delete ${thing(before, "a").id}`));
    expect(result.resources.filter((r) => r.custom).map((r) => r.urn)).toEqual([thing(before, "b").urn]);
  });

  test("refresh drops a resource its provider reports gone and stores the new outputs of the others", async () => {
    await up(options([{ name: "b" }, { name: "d", after: "b" }]));
    fs.writeFileSync(`${log}.gone.d`, "");
    const result = await refresh(options([]));
    expect(result.summary).toEqual({ created: 0, updated: 1, replaced: 0, deleted: 1, unchanged: 0 });
    expect(result.resources.filter((r) => r.custom).map((r) => r.urn.split("::").pop())).toEqual(["b"]);
    expect(thing(result.resources, "b").outputs.readBack).toBe(true);
  });

  test("destroy deletes everything, dependents first, and leaves an empty state", async () => {
    await up(options([{ name: "b" }, { name: "e", after: "b" }]));
    const made = readState(path.join(dir, "state.json"));
    calls();
    const result = await destroy(options([]));
    expect(result.summary).toMatchObject({ deleted: 2 });
    const lines = calls();
    expect(at(lines, `end delete ${thing(made, "e").id}`)).toBeLessThan(at(lines, `start delete ${thing(made, "b").id}`));
    expect(readState(path.join(dir, "state.json"))).toEqual([]);
  });

  test("a failed create fails the up with the provider's message and the state keeps what the other registrations made", async () => {
    const failing = up(options([{ name: "x" }, { name: "y", fail: true }]));
    await expect(failing).rejects.toThrow(/create of urn:pulumi:dev::driver-program::fixture:index:Group\$pulumi-nodejs:dynamic\/fixture:Thing::y failed: refusing to create y/);
    await expect(failing).rejects.toMatchObject({ output: expect.stringContaining("refusing to create y") });
    const state = readState(path.join(dir, "state.json"));
    expect(thing(state, "x").id).toMatch(/^x\./);
    await destroy(options([]));
  });
});
