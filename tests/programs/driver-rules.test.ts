import { destroy, up } from "../../harness/driver";
import type { Spec } from "../fixtures/driver-program";
import { at, calls, driverHooks, ops, stack, thing, things } from "./driver-support";

driverHooks();

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
