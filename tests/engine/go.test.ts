/**
 * A Go program through the real `pulumi`: the Go SDK generated from the schema the installed plugin serves (with
 * pulumi/pulumi's own Go code generator), the program run as an Automation API inline program, and the provider
 * reached through the package's executable plugin named by path in the project settings.
 */
import { GoStack, buildGoProgram, goRouteDir } from "./go-program";
import { ENGINE_ADMIN_KEY, EngineFixture, requireRealEngine, steps } from "./support";

requireRealEngine();
goRouteDir();

describe("a Go program through the generated Go SDK, the provider plugin and the real pulumi CLI", () => {
  let fx: EngineFixture;
  let stack: GoStack;
  let firstKey: string;
  const config = () => fx.config({});
  const mine = async () =>
    new Map(((await stack.deployment()).resources ?? []).filter((r) => r.type.startsWith("openai:index:")).map((r) => [r.urn.split("::").pop()!, r]));

  beforeAll(async () => {
    fx = await EngineFixture.start("go", 37);
    const binary = await buildGoProgram(fx.programDir);
    stack = await fx.stack("dev", (stateDir) => new GoStack(fx.programDir, stateDir, binary));
  });
  afterAll(() => fx?.close());

  test("up creates every resource, the key output is a secret, and neither key is in the state in plain text", async () => {
    const r = await stack.run("up", { config: config() });
    expect(steps(r)).toEqual({ create: 5 }); // and the stack
    const org = await fx.control.org();
    const team = org.projects.find((p) => p.name === "go-team")!;
    expect(org.modelPermissions[team.id]).toMatchObject({ mode: "allow_list", model_ids: ["gpt-4.1"] });
    expect(org.spendAlerts[team.id].map((a) => a.threshold_amount)).toEqual([50_000]);
    expect(org.serviceAccounts[team.id].map((s) => s.name)).toEqual(["go-bot"]);
    expect(r.outputs?.projectId).toEqual({ value: team.id, secret: false });
    expect(r.outputs?.botKey?.secret).toBe(true);
    firstKey = r.outputs!.botKey.value as string;
    const files = stack.backendFiles();
    expect(files.some((f) => f.text.includes("openai:index:ProjectServiceAccount"))).toBe(true);
    for (const secret of [ENGINE_ADMIN_KEY, firstKey]) {
      expect(files.filter((f) => f.text.includes(secret)).map((f) => f.file)).toEqual([]);
    }
  });

  test("a second up makes no API calls", async () => {
    await fx.control.clearRequests();
    expect(steps(await stack.run("up", { config: config() }))).toEqual({ same: 5 });
    expect(await fx.calls()).toEqual([]);
  });

  test("up --replace of the service account rotates it: the old account deleted first, then a new account and key", async () => {
    const before = (await mine()).get("bot")!;
    await fx.control.clearRequests();
    const r = await stack.run("up", { config: config(), replace: [before.urn] });
    expect(steps(r)).toEqual({ replace: 1, same: 4 });
    const after = (await mine()).get("bot")!;
    expect(after.id).not.toBe(before.id);
    expect(r.outputs!.botKey.value).not.toBe(firstKey);
    const pid = (after.outputs as { projectId: string }).projectId;
    expect((await fx.control.org()).serviceAccounts[pid].map((s) => s.id)).toEqual([after.id]);
    // deleteBeforeReplace, said by the program: the delete is sent before the create.
    const writes = await fx.writes();
    const del = writes.indexOf(`DELETE /organization/projects/${pid}/service_accounts/${before.id}`);
    const create = writes.indexOf(`POST /organization/projects/${pid}/service_accounts`);
    expect([del >= 0, create >= 0, del < create]).toEqual([true, true, true]);
  });

  test("destroy removes everything", async () => {
    expect(steps(await stack.run("destroy", { config: config() }))).toEqual({ delete: 5 });
    expect((await mine()).size).toBe(0);
    const active = (await fx.control.org()).projects.filter((p) => p.status === "active").map((p) => p.name);
    expect(active).toEqual(["Default project"]);
  });
});
