import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import OpenAI from "openai";
import { startEmulator, EmulatorControl, type Emulator } from "../../emulator";
import { runProgram, type ProgramRun } from "../../harness/capture";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { startPlugin, urn, type PluginClient, type Props } from "../../harness/plugin";
import { engineLogServer } from "../support/engine-log";

// Obviously fake, and shaped so that a search for it cannot be fooled by a partial match.
const KEY = "sk-admin-fake.adopt.key.41c7";
const programDir = path.join(repoRoot(), ".e2e", "plugin-adopt");
const type = (t: string) => `pulumi-nodejs:dynamic/openai:${t}`;

let emu: Emulator;
let ctl: EmulatorControl;
let engine: Awaited<ReturnType<typeof engineLogServer>>;
let program: ProgramRun;
let org: OpenAI["admin"]["organization"];
const plugins: PluginClient[] = [];

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 19 });
  ctl = new EmulatorControl(emu.url);
  engine = await engineLogServer();
  org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.cpSync(path.join(__dirname, "..", "fixtures", "all-resources"), programDir, { recursive: true });
  await installPackedPackage(programDir);
  program = await runProgram({ programDir });
});

afterAll(async () => {
  await emu.close();
  await engine.close();
});

beforeEach(() => ctl.reset());

afterEach(async () => {
  await Promise.all(plugins.splice(0).map((p) => p.close()));
});

/** A plugin process: one per `up`, as the engine starts it. */
async function up(baseUrl = emu.url, config: Record<string, string> = {}): Promise<PluginClient> {
  const plugin = await startPlugin({
    cwd: programDir,
    engineAddress: engine.address,
    env: { ...process.env, OPENAI_ADMIN_KEY: undefined, OPENAI_BASE_URL: undefined },
  });
  plugins.push(plugin);
  await plugin.configure({ "openai:adminKey": KEY, "openai:baseUrl": baseUrl, ...config });
  return plugin;
}

function provider(t: string): unknown {
  return program.resources.find((r) => r.type === type(t))!.inputs.__provider;
}

/** Checks then creates, as the engine does for a new resource; `importId` is what the sdk makes of `{ import }`. */
async function create(plugin: PluginClient, t: string, inputs: Props): Promise<{ id: string; properties: Props; inputs: Props }> {
  const u = urn(type(t), "r");
  const checked = await plugin.check(u, {}, { ...inputs, __provider: provider(t) });
  expect(checked.failures).toEqual([]);
  return { ...(await plugin.create(u, checked.inputs)), inputs: checked.inputs };
}

const writes = async () => (await ctl.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
const named = async (name: string) => (await ctl.org()).projects.filter((p) => p.name === name);
const failureOf = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: Error) => e.message);

describe("adoption by id (the import option)", () => {
  test("every resource adopts an object whose values match, with one call each (its collection's listing, or its GET) and no write; the option is inert afterwards", async () => {
    const p = await org.projects.create({ name: "search relevance" });
    await org.projects.modelPermissions.update(p.id, { mode: "allow_list", model_ids: ["gpt-4.1"] });
    await org.projects.dataRetention.update(p.id, { retention_type: "zero_data_retention" });
    const alert = await org.projects.spendAlerts.create(p.id, {
      threshold_amount: 50_000,
      currency: "USD",
      interval: "month",
      notification_channel: { type: "email", recipients: ["finops@example.com"] },
    });
    const inv = await org.invites.create({ email: "ada@example.com", role: "reader", projects: [{ id: p.id, role: "member" }] });
    await ctl.clearRequests();

    const plugin = await up();
    const cases: Array<[string, Props, string]> = [
      ["Project", { name: "search relevance", importId: p.id }, "GET /organization/projects"],
      ["ProjectModelPermissions", { projectId: p.id, mode: "allow_list", modelIds: ["gpt-4.1"], importId: p.id }, `GET /organization/projects/${p.id}/model_permissions`],
      ["DataRetention", { projectId: p.id, retentionType: "zero_data_retention", importId: p.id }, `GET /organization/projects/${p.id}/data_retention`],
      ["SpendAlert", { projectId: p.id, thresholdAmount: 50_000, notificationChannel: { recipients: ["FinOps@example.com"] }, importId: `${p.id}/${alert.id}` }, `GET /organization/projects/${p.id}/spend_alerts`],
      ["Invite", { email: "ada@example.com", role: "reader", projects: [{ id: p.id, role: "member" }], importId: inv.id }, "GET /organization/invites"],
    ];
    for (const [t, inputs, get] of cases) {
      await ctl.clearRequests();
      const made = await create(plugin, t, inputs);
      expect(await ctl.calls()).toEqual([get]);
      expect(made.id).toBe(t === "SpendAlert" ? alert.id : t === "Invite" ? inv.id : p.id);
      const u = urn(type(t), "r");
      const without = { ...made.inputs };
      delete without.importId;
      for (const news of [made.inputs, without, { ...made.inputs, importId: "proj_something_else" }]) {
        expect(await plugin.diff(made.id, u, made.properties, news)).toMatchObject({ changes: "none", replaces: [] });
      }
    }
    expect(await ctl.calls()).toHaveLength(1);
  });

  test("an object that differs is refused before any write, listing every differing field with the organization's value", async () => {
    const p = await org.projects.create({ name: "search relevance" });
    const alert = await org.projects.spendAlerts.create(p.id, {
      threshold_amount: 50_000,
      currency: "USD",
      interval: "month",
      notification_channel: { type: "email", recipients: ["finops@example.com"], subject_prefix: "[sr]" },
    });
    await ctl.clearRequests();
    const plugin = await up();
    const project = await failureOf(create(plugin, "Project", { name: "Search Relevance", externalKeyId: "key_1", importId: p.id }));
    expect(project).toContain(`cannot adopt "${p.id}": the program differs from it, so nothing was changed`);
    expect(project).toContain('name: the program says "Search Relevance", the organization has "search relevance"');
    expect(project).toContain('externalKeyId: the program says "key_1", the organization has null');
    const spend = await failureOf(
      create(plugin, "SpendAlert", { projectId: p.id, thresholdAmount: 40_000, notificationChannel: { recipients: ["ops@example.com"] }, importId: alert.id }),
    );
    expect(spend).toContain("thresholdAmount: the program says 40000, the organization has 50000");
    expect(spend).toContain('notificationChannel: the program says {"type":"email","recipients":["ops@example.com"],"subjectPrefix":null}, the organization has {"type":"email","recipients":["finops@example.com"],"subjectPrefix":"[sr]"}');
    expect(await writes()).toEqual([]);
  });

  test("a missing object names the id; an archived project and an accepted or expired invite are refused with the reason", async () => {
    const archived = await org.projects.create({ name: "old" });
    await org.projects.archive(archived.id);
    const accepted = await org.invites.create({ email: "a@example.com", role: "reader", projects: [] });
    await ctl.acceptInvite(accepted.id);
    const expired = await org.invites.create({ email: "e@example.com", role: "reader", projects: [] });
    await ctl.expireInvite(expired.id);
    await ctl.clearRequests();
    const plugin = await up();
    expect(await failureOf(create(plugin, "Project", { name: "x", importId: "proj_nope" }))).toContain(
      'cannot adopt "proj_nope": the organization has no such object',
    );
    expect(await failureOf(create(plugin, "Project", { name: "old", importId: archived.id }))).toContain(
      `cannot adopt "${archived.id}": project "old" is archived, and an archived project can never be changed again`,
    );
    expect(await failureOf(create(plugin, "Invite", { email: "a@example.com", role: "reader", importId: accepted.id }))).toContain(
      "the invite for a@example.com was accepted",
    );
    expect(await failureOf(create(plugin, "Invite", { email: "e@example.com", role: "reader", importId: expired.id }))).toContain(
      "the invite for e@example.com has expired",
    );
    expect(await writes()).toEqual([]);
  });

  test("the default project can be adopted, and its destroy leaves it in place with a warning", async () => {
    const def = (await ctl.org()).projects.find((p) => p.name === "Default project")!;
    const plugin = await up();
    const made = await create(plugin, "Project", { name: "Default project", importId: def.id });
    await expect(plugin.delete(made.id, urn(type("Project"), "r"), made.properties)).resolves.toBeUndefined();
    expect((await ctl.org()).projects.find((p) => p.id === def.id)?.status).toBe("active");
    expect(engine.logs).toContainEqual({ severity: "warning", message: expect.stringContaining(`${def.id} ("Default project") is the organization's default project`) });
  });
});

describe("the create guard", () => {
  test("a create that would duplicate is refused before any write, naming the object and the line that adopts it", async () => {
    const p = await org.projects.create({ name: "research" });
    const alert = await org.projects.spendAlerts.create(p.id, {
      threshold_amount: 10_000,
      currency: "USD",
      interval: "month",
      notification_channel: { type: "email", recipients: ["a@example.com", "b@example.com"], subject_prefix: "other prefix" },
    });
    const inv = await org.invites.create({ email: "ada@example.com", role: "owner", projects: [] });
    await ctl.clearRequests();
    const plugin = await up();
    expect(await failureOf(create(plugin, "Project", { name: "research" }))).toContain(
      `an active project named "research" (${p.id}): adopt it with the resource option { import: "${p.id}" }. To make another one anyway, set allowDuplicateName: true`,
    );
    expect(
      await failureOf(create(plugin, "SpendAlert", { projectId: p.id, thresholdAmount: 10_000, notificationChannel: { recipients: ["B@example.com", "a@example.com"] } })),
    ).toContain(`{ import: "${p.id}/${alert.id}" }`);
    expect(await failureOf(create(plugin, "Invite", { email: "Ada@example.com", role: "reader" }))).toContain(
      `a pending invite for ada@example.com (${inv.id}): adopt it with the resource option { import: "${inv.id}" }`,
    );
    expect(await writes()).toEqual([]);
    // One listing per collection, shared by every create of the process.
    const again = await failureOf(create(plugin, "Project", { name: "research" }));
    expect(again).toContain(p.id);
    expect(await ctl.calls()).toEqual([
      "GET /organization/projects",
      `GET /organization/projects/${p.id}/spend_alerts`,
      "GET /organization/invites",
    ]);
  });

  test("one listing serves every create of the process and sees what the process made: a second create of a name is refused", async () => {
    const plugin = await up();
    const first = await create(plugin, "Project", { name: "team" });
    await create(plugin, "SpendAlert", { projectId: first.id, thresholdAmount: 1_000, notificationChannel: { recipients: ["a@example.com"] } });
    expect(await failureOf(create(plugin, "Project", { name: "team" }))).toContain(`{ import: "${first.id}" }`);
    const second = await create(plugin, "Project", { name: "team", allowDuplicateName: true });
    expect(second.id).not.toBe(first.id);
    // The alert's project was made here, so its (empty) alert list needs no call.
    expect(await ctl.calls()).toEqual(["GET /organization/projects", "POST /organization/projects", `POST /organization/projects/${first.id}/spend_alerts`, "POST /organization/projects"]);
  });

  test("an invite replaced delete-first is not refused as a duplicate of the invite it replaces", async () => {
    const plugin = await up();
    const inv = await create(plugin, "Invite", { email: "ada@example.com", role: "reader" });
    const u = urn(type("Invite"), "r");
    const news = { ...inv.inputs, role: "owner" };
    expect(await plugin.diff(inv.id, u, inv.properties, news)).toMatchObject({ replaces: ["role"] });
    await plugin.delete(inv.id, u, inv.properties);
    const replacement = await plugin.create(u, news);
    expect((await ctl.org()).invites.filter((i) => i.status === "pending").map((i) => i.id)).toEqual([replacement.id]);
  });
});

/**
 * A loopback proxy in front of the emulator that can spoil the answer of the first project create after the
 * create was applied: hold it for ever (the process is killed meanwhile), or answer 200 with another body.
 */
async function spoilingProxy(spoil: "hold" | "not-json" | "wrong-shape"): Promise<{ url: string; applied: Promise<void>; close(): Promise<void> }> {
  let markApplied!: () => void;
  const applied = new Promise<void>((resolve) => (markApplied = resolve));
  let spoiled = false;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await fetch(emu.url.replace(/\/v1$/, "") + req.url, {
      method: req.method,
      headers: { authorization: String(req.headers.authorization), "content-type": "application/json" },
      body: body.length ? body : undefined,
    });
    const text = await answer.text();
    if (!spoiled && req.method === "POST" && req.url === "/v1/organization/projects" && answer.ok) {
      spoiled = true;
      markApplied();
      if (spoil === "hold") return;
      res.writeHead(200, { "content-type": spoil === "not-json" ? "text/html" : "application/json" });
      res.end(spoil === "not-json" ? "<html>502 upstream</html>" : JSON.stringify({ ...JSON.parse(text), object: "project.v2", created_at: "today" }));
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    applied,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("no duplicate and no wrong adoption, by scenario", () => {
  test("(a) stack B's create of a name stack A holds, failing with a 502 before anything is applied, does not adopt A's project", async () => {
    const a = await create(await up(), "Project", { name: "research" });
    // Nothing was applied, so the looks find nothing; they need not last the default 20 s here.
    const b = await up(emu.url, { "openai:lostCreateWaitMs": "300" });
    // Without the opt-out B is refused outright; with it, B's create is sent and fails with a 502.
    expect(await failureOf(create(b, "Project", { name: "research" }))).toContain(`{ import: "${a.id}" }`);
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "502", count: 1 });
    const made = await create(b, "Project", { name: "research", allowDuplicateName: true });
    expect(made.id).not.toBe(a.id);
    expect((await named("research")).map((p) => p.id)).toEqual([a.id, made.id]);
  });

  test("(b) a residency change deletes the old project first; the new create, failing ambiguously seconds after the old one was made, does not take the old project", async () => {
    const old = await create(await up(), "Project", { name: "research", residency: "US_STORAGE_PROCESSING" });
    const next = await up(emu.url, { "openai:lostCreateWaitMs": "300" });
    const u = urn(type("Project"), "r");
    const news = (await next.check(u, old.inputs, { ...old.inputs, residency: "EU_STORAGE_PROCESSING", __provider: provider("Project") })).inputs;
    expect(await next.diff(old.id, u, old.properties, news)).toMatchObject({ replaces: ["residency"], deleteBeforeReplace: true });
    // Delete-first, as the engine runs it: the old project is archived before its successor's create looks for duplicates.
    await next.delete(old.id, u, old.properties);
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_before", count: 1 });
    const made = await next.create(u, news);
    expect(made.id).not.toBe(old.id);
    expect(made.properties.residency).toBe("EU_STORAGE_PROCESSING");
    expect((await named("research")).map((p) => [p.id, p.status])).toEqual([
      [old.id, "archived"],
      [made.id, "active"],
    ]);
  });

  test("(c) a process killed after its create was applied, before the answer: the next up makes no second object", async () => {
    const proxy = await spoilingProxy("hold");
    try {
      const first = await up(proxy.url);
      const lost = create(first, "Project", { name: "research" }).catch((e: Error) => e);
      await proxy.applied;
      process.kill(first.pid, "SIGKILL");
      await lost;
      const next = await up();
      const err = await failureOf(create(next, "Project", { name: "research" }));
      const made = await named("research");
      expect(made).toHaveLength(1);
      expect(err).toContain(`{ import: "${made[0].id}" }`);
    } finally {
      await proxy.close();
    }
  });

  test("(d) a create whose answer is dropped while every list call fails: the up fails saying what to look for, and the next up makes no second object", async () => {
    const first = await up(emu.url, { "openai:maxRetries": "1" });
    await create(first, "Project", { name: "warm-up" });
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_after", count: 1 });
    await ctl.addFault({ method: "GET", path: "/organization/projects", fault: "503", count: 100 });
    const err = await failureOf(create(first, "Project", { name: "research" }));
    expect(err).toContain('the create may have been applied, and the look for project "research" failed');
    expect(err).toContain('adopt it with the resource option { import: "<its id>" }');
    expect(err).not.toMatch(/next `pulumi up` (finds|adopts)/);
    await ctl.clearFaults();
    const next = await up();
    const made = await named("research");
    expect(made).toHaveLength(1);
    expect(await failureOf(create(next, "Project", { name: "research" }))).toContain(`{ import: "${made[0].id}" }`);
    expect((await named("research")).map((p) => p.id)).toEqual([made[0].id]);
  });

  test.each(["not-json", "wrong-shape"] as const)("(e) a 200 whose body is %s keeps the object it made, so there is no second object", async (spoil) => {
    const proxy = await spoilingProxy(spoil);
    try {
      const plugin = await up(proxy.url);
      const made = await create(plugin, "Project", { name: "research" });
      const org = await named("research");
      expect(org.map((p) => p.id)).toEqual([made.id]);
      expect(made.properties).toMatchObject({ projectId: made.id, name: "research", status: "active" });
      expect((await ctl.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
