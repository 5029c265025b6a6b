import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, EmulatorControl, type Emulator } from "../../emulator";
import { runProgram, unwrapSecrets, type ProgramRun } from "../../harness/capture";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { startPlugin, urn, type PluginClient, type Props } from "../../harness/plugin";
import { packageSchema } from "../../provider/plugin/schema";
import { engineLogServer } from "../support/engine-log";

// Obviously fake, and shaped so that a search for it cannot be fooled by a partial match.
const KEY = "sk-admin-fake.plugin.org.key.3e8a";
const programDir = path.join(repoRoot(), ".e2e", "plugin-org-resources");
const type = (t: string) => `pulumi-nodejs:dynamic/openai:${t}`;

let emu: Emulator;
let engine: Awaited<ReturnType<typeof engineLogServer>>;
let ctl: EmulatorControl;
let program: ProgramRun;
let plugin: PluginClient;

function inputsOf(name: string, projectId: string): Props {
  const r = program.resources.find((x) => x.name === name);
  if (!r) throw new Error(`program registered no ${name}`);
  return JSON.parse(JSON.stringify(unwrapSecrets(r.inputs)).replaceAll("proj_placeholder", projectId)) as Props;
}

async function newProject(): Promise<string> {
  const res = await fetch(`${emu.url}/organization/projects`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "plugin-org" }),
  });
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 13 });
  engine = await engineLogServer();
  ctl = new EmulatorControl(emu.url);
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.cpSync(path.join(__dirname, "..", "fixtures", "org-resources"), programDir, { recursive: true });
  await installPackedPackage(programDir);
  program = await runProgram({ programDir, config: { "openai:adminKey": KEY }, secretKeys: ["openai:adminKey"] });
  plugin = await startPlugin({
    cwd: programDir,
    engineAddress: engine.address,
    env: { ...process.env, OPENAI_ADMIN_KEY: undefined, OPENAI_BASE_URL: undefined },
  });
  await plugin.configure({ "openai:adminKey": KEY, "openai:baseUrl": emu.url });
});

afterAll(async () => {
  await plugin?.close();
  await emu.close();
  await engine.close();
});

beforeEach(() => ctl.reset());

describe("the people-and-keys resources through the real plugin", () => {
  test("the provider plugin's schema marks apiKey secret for the service account and the admin key, so every language keeps it secret", () => {
    const schema = packageSchema();
    expect(schema.resources["openai:index:ProjectServiceAccount"].properties.apiKey).toMatchObject({ type: "string", secret: true });
    expect(schema.resources["openai:index:AdminApiKey"].properties.apiKey).toMatchObject({ type: "string", secret: true });
    const secretOutputs = Object.entries(schema.resources).filter(([, r]) => Object.values(r.properties).some((p) => p.secret)).map(([t]) => t);
    // And a certificate's body, a secret input it answers back.
    expect(schema.resources["openai:index:Certificate"].properties.content).toMatchObject({ type: "string", secret: true });
    expect(secretOutputs.sort()).toEqual(["openai:index:AdminApiKey", "openai:index:Certificate", "openai:index:ProjectServiceAccount"]);
  });

  test("the service account and admin key classes ask Pulumi to keep apiKey secret, and only they", () => {
    const line = /^SECRET_OUTPUTS (.*)$/m.exec(program.output);
    expect(JSON.parse(line![1])).toEqual({
      member: [], bot: ["apiKey"], limit: [], ada: [], "admin-key": ["apiKey"],
      "org-alert": [], "org-limit": [], "project-limit": [], "org-retention": [], group: [], role: [], "group-role": [], "project-group": [], "project-role": [], "project-user-role": [],
    });
  });

  // [type, program name, an edit that updates in place, the calls of create, read, update, delete]. A read of a
  // collection with many objects costs its listing, shared by every read of the run (provider/client/listed.ts).
  const cases: Array<[string, string, (i: Props) => Props, (id: string, p: string) => string[][]]> = [
    ["ProjectUser", "member", (i) => ({ ...i, role: "owner" }), (id, p) => [
      [`POST /organization/projects/${p}/users`], [`GET /organization/projects/${p}/users`],
      [`POST /organization/projects/${p}/users/${id}`], [`DELETE /organization/projects/${p}/users/${id}`],
    ]],
    ["ProjectServiceAccount", "bot", (i) => ({ ...i, name: "ci-bot-2" }), (id, p) => [
      // The guard lists the project's accounts once per process (a project this process made needs none).
      [`GET /organization/projects/${p}/service_accounts`, `POST /organization/projects/${p}/service_accounts`],
      [`GET /organization/projects/${p}/service_accounts`],
      [`POST /organization/projects/${p}/service_accounts/${id}`], [`DELETE /organization/projects/${p}/service_accounts/${id}`],
    ]],
    ["ProjectRateLimit", "limit", (i) => ({ ...i, maxRequestsPer1Minute: 400 }), (id, p) => [
      [`GET /organization/projects/${p}/rate_limits`, `POST /organization/projects/${p}/rate_limits/${id}`],
      [`GET /organization/projects/${p}/rate_limits`],
      [`POST /organization/projects/${p}/rate_limits/${id}`], [`POST /organization/projects/${p}/rate_limits/${id}`],
    ]],
    ["OrganizationUser", "ada", (i) => ({ ...i, role: "owner" }), (id) => [
      ["GET /organization/users"], ["GET /organization/users"], [`POST /organization/users/${id}`], [],
    ]],
    ["OrganizationSpendAlert", "org-alert", (i) => ({ ...i, thresholdAmount: 600_000 }), (id) => [
      ["GET /organization/spend_alerts", "POST /organization/spend_alerts"], ["GET /organization/spend_alerts"],
      [`POST /organization/spend_alerts/${id}`], [`DELETE /organization/spend_alerts/${id}`],
    ]],
    ["OrganizationSpendLimit", "org-limit", (i) => ({ ...i, thresholdAmount: 2_000_000 }), () => [
      ["GET /organization/spend_limit", "POST /organization/spend_limit"], ["GET /organization/spend_limit"], ["POST /organization/spend_limit"],
      ["DELETE /organization/spend_limit"],
    ]],
    ["ProjectSpendLimit", "project-limit", (i) => ({ ...i, thresholdAmount: 200_000 }), (_id, p) => [
      [`GET /organization/projects/${p}/spend_limit`, `POST /organization/projects/${p}/spend_limit`], [`GET /organization/projects/${p}/spend_limit`],
      [`POST /organization/projects/${p}/spend_limit`], [`DELETE /organization/projects/${p}/spend_limit`],
    ]],
    ["Group", "group", (i) => ({ ...i, name: "platform-team" }), (id) => [
      ["GET /organization/groups", "POST /organization/groups"], ["GET /organization/groups"],
      [`POST /organization/groups/${id}`], [`DELETE /organization/groups/${id}`],
    ]],
    ["OrganizationRole", "role", (i) => ({ ...i, permissions: ["api.audit_logs.read", "api.usage.read"] }), (id) => [
      ["GET /organization/roles", "POST /organization/roles"], ["GET /organization/roles"],
      [`POST /organization/roles/${id}`], [`DELETE /organization/roles/${id}`],
    ]],
    ["ProjectRole", "project-role", (i) => ({ ...i, description: "ships" }), (id, p) => [
      [`GET /projects/${p}/roles`, `POST /projects/${p}/roles`], [`GET /projects/${p}/roles`],
      [`POST /projects/${p}/roles/${id}`], [`DELETE /projects/${p}/roles/${id}`],
    ]],
    ["OrganizationDataRetention", "org-retention", (i) => ({ ...i, retentionType: "modified_abuse_monitoring" }), () => [
      ["POST /organization/data_retention"], ["GET /organization/data_retention"], ["POST /organization/data_retention"], [],
    ]],
  ];

  test.each(cases)("%s goes through check, create, read, diff, update and delete with the calls its lifecycle states", async (t, name, edit, calls) => {
    const projectId = await newProject();
    await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const u = urn(type(t), name);
    const checked = await plugin.check(u, {}, inputsOf(name, projectId));
    expect(checked.failures).toEqual([]);
    const seen: string[][] = [];
    const step = async <T>(p: () => Promise<T>): Promise<T> => {
      await ctl.clearRequests();
      const r = await p();
      seen.push(await ctl.calls());
      return r;
    };
    const created = await step(() => plugin.create(u, checked.inputs));
    const read = await step(() => plugin.read(created.id, u, created.properties));
    expect(read.id).toBe(created.id);
    expect(await plugin.diff(created.id, u, read.properties, checked.inputs)).toMatchObject({ changes: "none" });
    const edited = (await plugin.check(u, checked.inputs, edit(checked.inputs))).inputs;
    expect(await plugin.diff(created.id, u, read.properties, edited)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await step(() => plugin.update(created.id, u, read.properties, edited));
    await step(() => plugin.delete(created.id, u, updated.properties));
    expect(seen).toEqual(calls(created.id, projectId));
  });

  test("an OrganizationRoleAssignment goes through check, create, read, a replacing diff and delete with one call each", async () => {
    const res = await fetch(`${emu.url}/organization/groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "auditors" }),
    });
    const groupId = ((await res.json()) as { id: string }).id;
    const u = urn(type("OrganizationRoleAssignment"), "group-role");
    const raw = JSON.parse(JSON.stringify(inputsOf("group-role", "unused")).replaceAll("group_placeholder", groupId)) as Props;
    const checked = await plugin.check(u, {}, raw);
    expect(checked.failures).toEqual([]);
    await ctl.clearRequests();
    const created = await plugin.create(u, checked.inputs);
    const read = await plugin.read(created.id, u, created.properties);
    expect(await plugin.diff(created.id, u, read.properties, checked.inputs)).toMatchObject({ changes: "none" });
    expect(await plugin.diff(created.id, u, read.properties, { ...checked.inputs, roleId: "role_owner" })).toMatchObject({ changes: "some", replaces: ["roleId"] });
    await plugin.delete(created.id, u, read.properties);
    const base = `/organization/groups/${groupId}/roles`;
    expect(await ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/role_reader`]);
  });

  test("a ProjectGroup goes through check, create, read, a replacing diff and delete with one call each", async () => {
    const projectId = await newProject();
    const res = await fetch(`${emu.url}/organization/groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "platform" }),
    });
    const groupId = ((await res.json()) as { id: string }).id;
    const u = urn(type("ProjectGroup"), "project-group");
    const raw = JSON.parse(JSON.stringify(inputsOf("project-group", projectId)).replaceAll("group_placeholder", groupId)) as Props;
    const checked = await plugin.check(u, {}, raw);
    await ctl.clearRequests();
    const created = await plugin.create(u, checked.inputs);
    const read = await plugin.read(created.id, u, created.properties);
    expect(await plugin.diff(created.id, u, read.properties, checked.inputs)).toMatchObject({ changes: "none" });
    expect(await plugin.diff(created.id, u, read.properties, { ...checked.inputs, role: "owner" })).toMatchObject({ changes: "some", replaces: ["role"] });
    await plugin.delete(created.id, u, read.properties);
    const base = `/organization/projects/${projectId}/groups`;
    expect(await ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/${groupId}`]);
  });

  test("a ProjectRoleAssignment goes through check, create, read and delete with one call each", async () => {
    const projectId = await newProject();
    const ada = await ctl.addUser({ email: "ada@example.com" });
    const u = urn(type("ProjectRoleAssignment"), "project-user-role");
    const raw = JSON.parse(JSON.stringify(inputsOf("project-user-role", projectId)).replaceAll("user_placeholder", ada.id)) as Props;
    const checked = await plugin.check(u, {}, raw);
    expect(checked.failures).toEqual([]);
    await ctl.clearRequests();
    const created = await plugin.create(u, checked.inputs);
    const read = await plugin.read(created.id, u, created.properties);
    expect(await plugin.diff(created.id, u, read.properties, checked.inputs)).toMatchObject({ changes: "none" });
    await plugin.delete(created.id, u, read.properties);
    const base = `/projects/${projectId}/users/${ada.id}/roles`;
    expect(await ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/role_project_member`]);
  });

  test("keys are answered once, carried across a read, and never written to plugin output or the engine log", async () => {
    const projectId = await newProject();
    const botUrn = urn(type("ProjectServiceAccount"), "bot");
    const bot = await plugin.create(botUrn, (await plugin.check(botUrn, {}, inputsOf("bot", projectId))).inputs);
    const keyUrn = urn(type("AdminApiKey"), "admin-key");
    const adminKey = await plugin.create(keyUrn, (await plugin.check(keyUrn, {}, inputsOf("admin-key", projectId))).inputs);
    const values = [bot.properties.apiKey, adminKey.properties.apiKey] as string[];
    expect(values).toEqual([expect.stringMatching(/^sk-svcacct-/), expect.stringMatching(/^sk-admin-/)]);

    expect((await plugin.read(bot.id, botUrn, bot.properties)).properties.apiKey).toBe(values[0]);
    expect((await plugin.read(adminKey.id, keyUrn, adminKey.properties)).properties.apiKey).toBe(values[1]);
    expect(await plugin.diff(adminKey.id, keyUrn, adminKey.properties, { ...inputsOf("admin-key", projectId), name: "other" })).toMatchObject({
      changes: "some",
      replaces: ["name"],
    });
    await plugin.delete(adminKey.id, keyUrn, adminKey.properties);
    expect((await ctl.org()).adminApiKeys).toEqual([]);

    const printed = [plugin.output(), JSON.stringify(engine.logs), JSON.stringify(await ctl.org())];
    for (const secret of [...values, KEY]) for (const text of printed) expect(text).not.toContain(secret);
    for (const r of program.resources) expect(String(r.inputs.__provider ?? "")).not.toContain(KEY);
  });

  test("a service account create whose answer is lost makes no second account, and its key still works out", async () => {
    const projectId = await newProject();
    await ctl.addFault({ method: "POST", path: "/organization/projects/*/service_accounts", fault: "drop_after", count: 1 });
    const u = urn(type("ProjectServiceAccount"), "bot");
    const created = await plugin.create(u, (await plugin.check(u, {}, inputsOf("bot", projectId))).inputs);
    const org = await ctl.org();
    expect(org.serviceAccounts[projectId].map((a) => a.id)).toEqual([created.id]);
    expect(org.projectApiKeys[projectId].map((k) => k.id)).toEqual([created.properties.apiKeyId]);
  });

  test("an organization user delete sends nothing unless removal was asked for, and then removes the person", async () => {
    const user = await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const u = urn(type("OrganizationUser"), "ada");
    const inputs = (await plugin.check(u, {}, inputsOf("ada", "unused"))).inputs;
    const created = await plugin.create(u, inputs);
    await plugin.delete(created.id, u, created.properties);
    expect((await ctl.org()).users.map((x) => x.id)).toContain(user.id);

    const removing = (await plugin.check(u, {}, { ...inputsOf("ada", "unused"), removeFromOrganizationOnDelete: true })).inputs;
    const again = await plugin.create(u, removing);
    await ctl.clearRequests();
    await plugin.delete(again.id, u, again.properties);
    expect(await ctl.calls()).toEqual([`DELETE /organization/users/${user.id}`]);
    expect((await ctl.org()).users.map((x) => x.id)).not.toContain(user.id);
  });
});
