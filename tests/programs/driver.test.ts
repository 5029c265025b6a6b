import * as fs from "fs";
import { destroy, preview, refresh, up, type StateResource } from "../../harness/driver";
import { at, calls, driverHooks, log, ops, overlap, stack, thing, things } from "./driver-support";

driverHooks();

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
