import { destroy, up } from "../../harness/driver";
import { at, calls, driverHooks, ops, stack, thing, things } from "./driver-support";

driverHooks();

describe("diff rules", () => {
  test("a Same step keeps the old outputs and stores the new inputs", async () => {
    const s = stack();
    await up(s.options([{ name: "a", note: "first" }]));
    const result = await up(s.options([{ name: "a", note: "second" }]));
    expect(result.summary).toMatchObject({ unchanged: 1 });
    expect(thing(result.resources, "a").inputs.note).toBe("second");
    expect(thing(result.resources, "a").outputs.note).toBe("first");
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
  test("options the stand-in does not follow are refused before any provider call, each named", async () => {
    const s = stack();
    const opts = {
      protect: true,
      retainOnDelete: true,
      ignoreChanges: ["shape"],
      replaceOnChanges: ["shape"],
      aliases: ["urn:pulumi:dev::driver-program::fixture:Thing::before"],
      import: "existing-id",
    };
    await expect(up(s.options([{ name: "a", opts }]))).rejects.toThrow(
      /the engine stand-in does not take the protect, retainOnDelete, ignoreChanges, replaceOnChanges, aliases, import options; run this program through the real pulumi/,
    );
    expect(ops(calls())).toEqual([]);
    expect(things(s.state())).toEqual([]);
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

});
