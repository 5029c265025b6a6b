import * as path from "node:path";
import { startEmulator, EmulatorControl, type Emulator } from "../../emulator";
import { runProgram, unwrapSecrets, type ProgramRun } from "../../harness/capture";
import { installProgram } from "../../harness/install";
import { startPlugin, UNKNOWN, urn, type PluginClient, type Props } from "../../harness/plugin";
import { engineLogServer } from "../support/engine-log";

// Obviously fake, and shaped so that a search for it cannot be fooled by a partial match.
const KEY = "sk-admin-fake.plugin.key.7c1d";
let programDir: string;
const type = (t: string) => `pulumi-nodejs:dynamic/openai:${t}`;

let emu: Emulator;
let engine: Awaited<ReturnType<typeof engineLogServer>>;
let ctl: EmulatorControl;
let program: ProgramRun;
// Everything any step printed or answered, searched for the key at the end.
const artifacts: string[] = [];

function inputsOf(name: string, projectId?: string): Props {
  const r = program.resources.find((x) => x.name === name);
  if (!r) throw new Error(`program registered no ${name}`);
  const inputs = unwrapSecrets(r.inputs) as Props;
  if (!projectId) return inputs;
  const swap = (v: unknown): unknown =>
    v === "proj_placeholder" ? projectId : Array.isArray(v) ? v.map(swap) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v;
  return swap(inputs) as Props;
}

async function pluginWith(how: "config" | "env"): Promise<PluginClient> {
  const env = { ...process.env, OPENAI_ADMIN_KEY: undefined, OPENAI_BASE_URL: undefined };
  const plugin = await startPlugin({
    cwd: programDir,
    engineAddress: engine.address,
    env: how === "env" ? { ...env, OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url } : env,
  });
  // A read of an object deleted moments ago retries its 404 for openai:lostCreateWaitMs (20 s by default) before it
  // answers "gone": a short wait here keeps those retries and drops the wait.
  const wait = { "openai:lostCreateWaitMs": "300" };
  await plugin.configure(how === "config" ? { "openai:adminKey": KEY, "openai:baseUrl": emu.url, ...wait } : wait);
  return plugin;
}

/** Calls the plugin and keeps what it answered for the key search. */
async function keep<T>(p: Promise<T>): Promise<T> {
  const r = await p;
  artifacts.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 11 });
  engine = await engineLogServer();
  ctl = new EmulatorControl(emu.url);
  programDir = await installProgram(path.join(__dirname, "..", "fixtures", "all-resources"), "plugin-resources");
  // The key is in the program's environment too: a provider that read it at construction would put
  // it in its serialized text, and the search below would find it.
  program = await runProgram({
    programDir,
    env: { ...process.env, OPENAI_ADMIN_KEY: KEY },
    config: { "openai:adminKey": KEY },
    secretKeys: ["openai:adminKey"],
  });
  artifacts.push(JSON.stringify(program.resources), program.output);
});

afterAll(async () => {
  await emu.close();
  await engine.close();
});

beforeEach(() => ctl.reset());

/**
 * A plugin process per test, as the engine starts one per deployment: what a process has listed of the org (the
 * create guard's look) must not outlive the emulator reset between tests.
 */
function pluginPerTest(how: "config" | "env"): () => PluginClient {
  let plugin: PluginClient;
  beforeEach(async () => {
    plugin = await pluginWith(how);
  });
  afterEach(async () => {
    artifacts.push(plugin.output());
    await plugin.close();
  });
  return () => plugin;
}

// Where the key comes from matters to the calls and to what may hold it: both sources take those tests.
describe.each(["config", "env"] as const)("the five resources through the real plugin, key from %s", (how) => {
  const current = pluginPerTest(how);
  let plugin: PluginClient;
  beforeEach(() => {
    plugin = current();
  });


  test("every resource goes through check, create, read, diff, update and delete with one API call each", async () => {
    const pUrn = urn(type("Project"), "team");
    const pIn = (await keep(plugin.check(pUrn, {}, inputsOf("team")))).inputs;
    await ctl.clearRequests();
    const project = await keep(plugin.create(pUrn, pIn));
    expect(project.id).toMatch(/^proj_/);
    // The create guard's one listing of the process, then the create.
    expect(await ctl.calls()).toEqual(["GET /organization/projects", "POST /organization/projects"]);

    const cases: Array<[string, string, (i: Props) => Props]> = [
      ["ProjectModelPermissions", "models", (i) => ({ ...i, modelIds: ["gpt-4.1"] })],
      ["SpendAlert", "alert", (i) => ({ ...i, thresholdAmount: 80_000 })],
      ["DataRetention", "retention", (i) => ({ ...i, retentionType: "none" })],
    ];
    for (const [t, name, edit] of cases) {
      const u = urn(type(t), name);
      const checked = await keep(plugin.check(u, {}, inputsOf(name, project.id)));
      expect(checked.failures).toEqual([]);
      await ctl.clearRequests();
      const created = await keep(plugin.create(u, checked.inputs));
      const read = await keep(plugin.read(created.id, u, created.properties));
      expect(read.id).toBe(created.id);
      expect(await plugin.diff(created.id, u, read.properties, checked.inputs)).toMatchObject({ changes: "none" });
      const edited = (await plugin.check(u, checked.inputs, edit(checked.inputs))).inputs;
      expect(await plugin.diff(created.id, u, read.properties, edited)).toMatchObject({ changes: "some", replaces: [] });
      const updated = await keep(plugin.update(created.id, u, read.properties, edited));
      await plugin.delete(created.id, u, updated.properties);
      expect((await ctl.requests()).map((r) => r.method)).toEqual(["POST", "GET", "POST", expect.stringMatching(/POST|DELETE/)]);
    }

    const iUrn = urn(type("Invite"), "invite");
    const invite = (await keep(plugin.check(iUrn, {}, inputsOf("invite", project.id)))).inputs;
    expect(invite.email).toBe("ada@example.com");
    await ctl.clearRequests();
    const created = await keep(plugin.create(iUrn, invite));
    await keep(plugin.read(created.id, iUrn, created.properties));
    expect(await plugin.diff(created.id, iUrn, created.properties, { ...invite, role: "owner" })).toMatchObject({ replaces: ["role"] });
    await plugin.delete(created.id, iUrn, created.properties);
    // The read's call is the listing of the invites: the create's write dropped the one the guard made from reads.
    expect(await ctl.calls()).toEqual(["GET /organization/invites", "POST /organization/invites", "GET /organization/invites", `DELETE /organization/invites/${created.id}`]);

    await ctl.clearRequests();
    await plugin.delete(project.id, pUrn, project.properties);
    expect(await ctl.calls()).toEqual([`POST /organization/projects/${project.id}/archive`]);
  });

  test("a failed call names the resource and the API's answer, without the key", async () => {
    const def = (await ctl.org()).projects.find((p) => p.name === "Default project")!;
    const pUrn = urn(type("Project"), "team");
    const err = await plugin
      .update(def.id, pUrn, { projectId: def.id, name: "Default project" }, { name: "renamed", externalKeyId: null, __provider: inputsOf("team").__provider })
      .catch((e: Error) => e);
    expect(String(err)).toMatch(/OpenAI Project \(project "renamed"\): update failed: POST \/organization\/projects\/proj_\w+ failed with HTTP 400/);
    artifacts.push(String(err), (err as Error).stack ?? "");
  });
});

// The rest does not depend on the key's source.
describe("the five resources through the real plugin", () => {
  const current = pluginPerTest("config");
  let plugin: PluginClient;
  beforeEach(() => {
    plugin = current();
  });

  test("a preview with unknown inputs checks what it can and reports the unknowns as changes", async () => {
    const u = urn(type("SpendAlert"), "alert");
    const preview = { ...inputsOf("alert", UNKNOWN), thresholdAmount: -1 };
    const checked = await plugin.check(u, {}, preview);
    expect(checked.failures).toEqual([{ property: "thresholdAmount", reason: "must be more than 0 cents" }]);
    const olds = (await plugin.check(u, {}, inputsOf("alert", "proj_old"))).inputs;
    expect(await plugin.diff("alert_1", u, olds, { ...olds, projectId: UNKNOWN })).toMatchObject({ changes: "some", replaces: ["projectId"] });
    expect(await ctl.calls()).toEqual([]);
  });

  test("bad inputs are reported by check, naming each field, before any request", async () => {
    const failures = (
      await plugin.check(urn(type("Invite"), "invite"), {}, {
        __provider: inputsOf("invite").__provider,
        email: "nope",
        role: "admin",
        projects: [{ id: "", role: "member" }],
      })
    ).failures;
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "email", reason: "must be an email address like name@example.com" },
        { property: "role", reason: "must be reader or owner" },
        { property: "projects.0.id", reason: expect.stringContaining("is required") },
      ]),
    );
    expect(await ctl.calls()).toEqual([]);
  });

  test("read finds drift: a deleted alert is gone, an archived project is replaced, an accepted invite is left alone", async () => {
    const pUrn = urn(type("Project"), "team");
    const project = await plugin.create(pUrn, (await plugin.check(pUrn, {}, inputsOf("team"))).inputs);
    const aUrn = urn(type("SpendAlert"), "alert");
    const alert = await plugin.create(aUrn, (await plugin.check(aUrn, {}, inputsOf("alert", project.id))).inputs);
    const iUrn = urn(type("Invite"), "invite");
    const invite = await plugin.create(iUrn, (await plugin.check(iUrn, {}, inputsOf("invite", project.id))).inputs);

    await plugin.delete(alert.id, aUrn, alert.properties);
    expect((await plugin.read(alert.id, aUrn, alert.properties)).id).toBe("");

    await ctl.acceptInvite(invite.id);
    const accepted = await plugin.read(invite.id, iUrn, invite.properties);
    expect(accepted.properties.status).toBe("accepted");
    expect(await plugin.diff(invite.id, iUrn, accepted.properties, invite.properties)).toMatchObject({ changes: "none" });
    await expect(plugin.delete(invite.id, iUrn, accepted.properties)).resolves.toBeUndefined();
    const warning = `Invite ${invite.id} for ada@example.com was accepted, so it cannot be deleted`;
    expect(plugin.output()).toContain(warning);
    // What the CLI shows: the engine keeps plugin stderr for its debug log only.
    expect(engine.logs).toContainEqual({ severity: "warning", message: expect.stringContaining(warning) });

    await plugin.delete(project.id, pUrn, project.properties);
    const archived = await plugin.read(project.id, pUrn, project.properties);
    expect(await plugin.diff(project.id, pUrn, archived.properties, (await plugin.check(pUrn, {}, inputsOf("team"))).inputs)).toMatchObject({
      changes: "some",
      replaces: ["status"],
    });
  });

  test("a new version of the package's provider text never shows a diff by itself", async () => {
    const pUrn = urn(type("Project"), "team");
    const inputs = (await plugin.check(pUrn, {}, inputsOf("team"))).inputs;
    const created = await plugin.create(pUrn, inputs);
    const olds = { ...created.properties, __provider: String(created.properties.__provider).replace("exports.handler", "exports.handler /* 0.0.9 */") };
    expect(await plugin.diff(created.id, pUrn, olds, inputs)).toMatchObject({ changes: "none" });
  });

  test.each([
    ["Project", "team", "POST", "/organization/projects"],
    ["SpendAlert", "alert", "POST", "/organization/projects/*/spend_alerts"],
    ["Invite", "invite", "POST", "/organization/invites"],
  ])("a %s create whose answer is lost makes no duplicate", async (t, name, method, pattern) => {
    const project = await plugin.create(urn(type("Project"), "team"), (await plugin.check(urn(type("Project"), "team"), {}, inputsOf("team"))).inputs);
    await ctl.addFault({ method, path: pattern, fault: "drop_after", count: 1 });
    const u = urn(type(t), name);
    // A second project of the name needs the opt-out, or the create guard refuses it before the fault matters.
    const inputs = (await plugin.check(u, {}, { ...inputsOf(name, project.id), ...(t === "Project" ? { allowDuplicateName: true } : {}) })).inputs;
    const created = await keep(plugin.create(u, inputs));
    const org = await ctl.org();
    const made =
      t === "Project"
        ? org.projects.filter((p) => p.name === "plugin-team")
        : t === "SpendAlert"
          ? org.spendAlerts[project.id]
          : org.invites;
    // The project case made one before the fault: the lost create must have been adopted, not repeated.
    expect(made.map((x) => x.id)).toEqual(t === "Project" ? [project.id, created.id] : [created.id]);
    expect((await ctl.requests()).filter((r) => r.method === "POST" && r.status === 0)).toHaveLength(1);
  });
});

describe("secrets", () => {
  test("the admin key appears in no provider text, input, output, plugin output, engine log or error", () => {
    artifacts.push(JSON.stringify(engine.logs));
    const providers = program.resources.map((r) => String(r.inputs.__provider ?? ""));
    expect(providers.filter((p) => p.includes("exports.handler"))).toHaveLength(5);
    expect(artifacts.length).toBeGreaterThan(20);
    for (const text of [...providers, ...artifacts]) expect(text).not.toContain(KEY);
  });
});
