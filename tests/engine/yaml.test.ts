/**
 * A Pulumi YAML program through the real `pulumi` and `pulumi-language-yaml`, reaching the provider through the
 * package's executable plugin (provider-plugin/pulumi-resource-openai) named by path in Pulumi.yaml: the route
 * every language other than TypeScript takes.
 */
import { ENGINE_ADMIN_KEY, EngineFixture, requireRealEngine, steps } from "./support";

requireRealEngine();

describe("a Pulumi YAML program through the provider plugin and the real pulumi CLI", () => {
  let fx: EngineFixture;
  let stack: Awaited<ReturnType<EngineFixture["stack"]>>;
  const config = () => fx.config({});
  const mine = async () =>
    new Map(((await stack.deployment()).resources ?? []).filter((r) => r.type.startsWith("openai:index:")).map((r) => [r.urn.split("::").pop()!, r]));

  beforeAll(async () => {
    fx = await EngineFixture.start("yaml", 31);
    stack = await fx.stack();
  });
  afterAll(() => fx?.close());

  test("up creates every resource, and the key output is a secret", async () => {
    const r = await stack.run("up", { config: config() });
    expect(steps(r).create).toBe(5); // and the stack
    const org = await fx.control.org();
    const team = org.projects.find((p) => p.name === "yaml-team")!;
    expect(org.modelPermissions[team.id]).toMatchObject({ mode: "allow_list", model_ids: ["gpt-4.1"] });
    expect(org.spendAlerts[team.id].map((a) => a.threshold_amount)).toEqual([50_000]);
    expect(r.outputs?.botKey?.secret).toBe(true);
    // fn::invoke of a read function, with the key from the stack's config (lower-cased as the API compares addresses).
    expect(r.outputs?.ownerEmail?.value).toBe("owner@example.com");
    // fn::invoke of getCosts with dates written as YAML writes them: two day buckets from 2026-11-01.
    expect(r.outputs?.firstCostDay?.value).toBe(1793491200);
    expect((r.outputs?.costDays?.value as unknown[]).length).toBe(2);
    const files = stack.backendFiles();
    expect(files.some((f) => f.text.includes("openai:index:ProjectServiceAccount"))).toBe(true);
    for (const secret of [ENGINE_ADMIN_KEY, r.outputs!.botKey.value as string]) {
      expect(files.filter((f) => f.text.includes(secret)).map((f) => f.file)).toEqual([]);
    }
  });

  test("a second up makes no API calls but the read functions' one list each", async () => {
    await fx.control.clearRequests();
    expect(steps(await stack.run("up", { config: config() }))).toEqual({ same: 5 });
    expect((await fx.calls()).sort()).toEqual(["GET /organization/costs", "GET /organization/users"]);
  });

  test("up --replace of the service account rotates it: a new account and key, the old one deleted", async () => {
    const before = (await mine()).get("bot")!;
    const r = await stack.run("up", { config: config(), replace: [before.urn] });
    expect(steps(r)).toMatchObject({ replace: 1 });
    const after = (await mine()).get("bot")!;
    expect(after.id).not.toBe(before.id);
    const pid = (after.outputs as { projectId: string }).projectId;
    expect((await fx.control.org()).serviceAccounts[pid].map((s) => s.id)).toEqual([after.id]);
  });

  test("pulumi import takes an existing project with no write, and refuses an archived one with adoption's words", async () => {
    const made = await fetch(`${fx.emulator.url}/organization/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${ENGINE_ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "made-by-hand" }),
    }).then((res) => res.json() as Promise<{ id: string }>);
    await fx.control.clearRequests();
    await stack.run("import", { config: config(), resources: [{ type: "openai:index:Project", name: "by-hand", id: made.id }] });
    expect(await fx.writes()).toEqual([]);
    expect((await mine()).get("by-hand")?.id).toBe(made.id);

    const archived = await fetch(`${fx.emulator.url}/organization/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${ENGINE_ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "old-team" }),
    }).then((res) => res.json() as Promise<{ id: string }>);
    await fetch(`${fx.emulator.url}/organization/projects/${archived.id}/archive`, { method: "POST", headers: { authorization: `Bearer ${ENGINE_ADMIN_KEY}` } });
    const refused = await stack.fails("import", { config: config(), resources: [{ type: "openai:index:Project", name: "old", id: archived.id }] });
    expect(`${refused.error}\n${refused.output}`).toMatch(/is archived, and an archived project can never be changed again/);
  });

  test("destroy removes everything, the imported project included", async () => {
    await stack.run("destroy", { config: config() });
    expect((await mine()).size).toBe(0);
    const active = (await fx.control.org()).projects.filter((p) => p.status === "active").map((p) => p.name);
    expect(active).toEqual(["Default project"]);
  });
});
