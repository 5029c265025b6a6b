import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { startEmulator, type Emulator } from "../../emulator";
import { repoRoot } from "../../harness/install";
import { resources } from "../../provider";
import { CONFIG_KEYS } from "../../provider/credentials";
import { engineLogServer } from "../support/engine-log";
import { launchPlugin, type LaunchedPlugin } from "../support/provider-plugin";
import { metaschemaValidator } from "../support/metaschema";

// Obviously fake, and shaped so that a search for it cannot be fooled by a partial match.
const KEY = "sk-admin-fake.native.plugin.key.5e3a";
const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const isSecret = (v: unknown) => v !== null && typeof v === "object" && SIG in (v as object);
const urn = (type: string, name: string) => `urn:pulumi:dev::consumer::openai:index:${type}::${name}`;
const struct = (v: object) => Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));
type Props = Record<string, unknown>;

const pluginDir = repoRoot();
const consumerDir = path.join(pluginDir, ".e2e", "plugin-consumer");
let emu: Emulator;
let engine: Awaited<ReturnType<typeof engineLogServer>>;
const launched: LaunchedPlugin[] = [];

/** A plugin started as the language host starts it, the stack config in PULUMI_CONFIG and no key in the environment. */
async function start(config: Props): Promise<LaunchedPlugin> {
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_PROJECT: "consumer" };
  delete env.OPENAI_ADMIN_KEY;
  delete env.OPENAI_BASE_URL;
  const p = await launchPlugin({ pluginDir, cwd: consumerDir, env, engineAddress: engine.address });
  launched.push(p);
  return p;
}

/** The engine's calls, over a launched plugin. */
function engineFor(p: LaunchedPlugin) {
  return {
    async checkConfig(news: Props) {
      const req = new provproto.CheckRequest();
      req.setUrn("urn:pulumi:dev::consumer::pulumi:providers:openai::default");
      req.setOlds(struct({}));
      req.setNews(struct(news));
      const res = await p.call<provproto.CheckResponse>("checkConfig", req);
      return { inputs: res.getInputs()?.toJavaScript() as Props, failures: res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`) };
    },
    async configure(args: Props) {
      const req = new provproto.ConfigureRequest();
      req.setArgs(struct(args));
      req.setAcceptsecrets(true);
      return p.call<provproto.ConfigureResponse>("configure", req);
    },
    async check(u: string, news: Props, olds: Props = {}) {
      const req = new provproto.CheckRequest();
      req.setUrn(u);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await p.call<provproto.CheckResponse>("check", req);
      return { inputs: res.getInputs()?.toJavaScript() as Props, failures: res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`) };
    },
    async diff(id: string, u: string, olds: Props, news: Props) {
      const req = new provproto.DiffRequest();
      req.setId(id);
      req.setUrn(u);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await p.call<provproto.DiffResponse>("diff", req);
      const kinds = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([k, v]) => [v, k]));
      const detailed: Record<string, string> = {};
      res.getDetaileddiffMap().forEach((d, k) => (detailed[k] = kinds[d.getKind()]));
      return {
        changes: res.getChanges() === provproto.DiffResponse.DiffChanges.DIFF_SOME,
        replaces: res.getReplacesList(),
        detailed,
        hasDetailedDiff: res.getHasdetaileddiff(),
      };
    },
    async create(u: string, props: Props) {
      const req = new provproto.CreateRequest();
      req.setUrn(u);
      req.setProperties(struct(props));
      const res = await p.call<provproto.CreateResponse>("create", req);
      return { id: res.getId(), props: res.getProperties()?.toJavaScript() as Props };
    },
    /** Read as refresh sends it (state given), or as import sends it (an id, empty state and inputs). */
    async read(id: string, u: string, props: Props = {}) {
      const req = new provproto.ReadRequest();
      req.setId(id);
      req.setUrn(u);
      req.setProperties(struct(props));
      req.setInputs(struct({}));
      const res = await p.call<provproto.ReadResponse>("read", req);
      return { id: res.getId(), props: res.getProperties()?.toJavaScript() as Props, inputs: res.getInputs()?.toJavaScript() as Props | undefined };
    },
    async update(id: string, u: string, olds: Props, news: Props) {
      const req = new provproto.UpdateRequest();
      req.setId(id);
      req.setUrn(u);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await p.call<provproto.UpdateResponse>("update", req);
      return res.getProperties()?.toJavaScript() as Props;
    },
    async delete(id: string, u: string, props: Props) {
      const req = new provproto.DeleteRequest();
      req.setId(id);
      req.setUrn(u);
      req.setProperties(struct(props));
      await p.call("delete", req);
    },
  };
}

let plugin: LaunchedPlugin;
let rpc: ReturnType<typeof engineFor>;

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 13 });
  engine = await engineLogServer();
  fs.rmSync(consumerDir, { recursive: true, force: true });
  fs.mkdirSync(consumerDir, { recursive: true });
  fs.writeFileSync(path.join(consumerDir, "Pulumi.yaml"), "name: consumer\nruntime: yaml\n");
  plugin = await start({ adminKey: KEY, baseUrl: emu.url });
  rpc = engineFor(plugin);
});

afterAll(async () => {
  await Promise.all(launched.map((p) => p.close()));
  await engine?.close();
  await emu?.close();
});

describe("the provider plugin, run as the Pulumi CLI runs a plugin named by path", () => {
  test("the package holds an executable pulumi-resource-openai in a folder of its own, and it starts the server", async () => {
    const folder = path.join(pluginDir, "provider-plugin");
    expect(fs.readdirSync(folder)).toEqual(["pulumi-resource-openai"]);
    expect(fs.statSync(path.join(folder, "pulumi-resource-openai")).mode & 0o111).toBe(0o111);
    const res = await plugin.call<PluginInfo>("getPluginInfo", new Empty());
    expect(res.getVersion()).toBe(JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8")).version);
    expect(res.getVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("importing the package gives the SDK classes and starts nothing; requiring the plugin directory gives the function", async () => {
    // A process that started a server would not exit by itself and would print a port.
    const script =
      'const sdk = require("pulumi-openai-admin"); const entry = require(process.argv[1]);' +
      "console.log(JSON.stringify({ project: typeof sdk.Project, entry: typeof entry }));";
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["-e", script, pluginDir], { cwd: pluginDir, timeout: 30_000 }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    expect(stdout.trim()).toBe(JSON.stringify({ project: "function", entry: "function" }));
  });

  test("GetSchema answers a schema valid against the metaschema with every resource and config key", async () => {
    const req = new provproto.GetSchemaRequest();
    const res = await plugin.call<provproto.GetSchemaResponse>("getSchema", req);
    const schema = JSON.parse(res.getSchema());
    expect(metaschemaValidator()(schema)).toEqual([]);
    expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(resources).map((t) => `openai:index:${t}`).sort());
    expect(Object.keys(schema.config.variables).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  test("CheckConfig names each bad setting and its rule, and hands the admin key back as a secret", async () => {
    const bad = await rpc.checkConfig({ adminKey: KEY, maxRetries: "-1", timeoutMs: "soon", baseUrl: "api.openai.com", adminkey: "x" });
    expect(bad.failures.sort()).toEqual([
      expect.stringMatching(/^adminkey: is not a setting of the openai provider/),
      expect.stringMatching(/^baseUrl: is not a valid URL/),
      expect.stringMatching(/^maxRetries: must be a whole number from 0 to 20/),
      expect.stringMatching(/^timeoutMs: must be a whole number from 100 to 600000/),
    ]);
    const good = await rpc.checkConfig({ adminKey: KEY, baseUrl: emu.url, maxRetries: "3", version: "0.1.0" });
    expect(good.failures).toEqual([]);
    // Sent in plain text (config set without --secret), it is still stored encrypted.
    expect(isSecret(good.inputs.adminKey)).toBe(true);
    expect(good.inputs.baseUrl).toBe(emu.url);
  });

  test("before any Configure, the key comes from PULUMI_CONFIG; Configure's arguments then replace it", async () => {
    const p = await start({ adminKey: "sk-admin-fake.wrong.key", baseUrl: emu.url });
    const e = engineFor(p);
    await expect(e.create(urn("Project", "a"), { name: "from-env-config" })).rejects.toThrow(/admin key was refused/);
    const ok = await start({ adminKey: KEY, baseUrl: emu.url });
    expect((await engineFor(ok).create(urn("Project", "a"), { name: "from-env-config" })).id).toMatch(/^proj_/);
    await e.configure({ adminKey: secret(KEY), baseUrl: emu.url });
    expect((await e.create(urn("Project", "b"), { name: "from-configure" })).id).toMatch(/^proj_/);
    // An explicit provider's own arguments win over the stack's, as they must (another org's key).
    await e.configure({ adminKey: secret("sk-admin-fake.other.org"), baseUrl: emu.url });
    await expect(e.create(urn("Project", "c"), { name: "other-org" })).rejects.toThrow(/admin key was refused/);
  });

  describe("each resource, against the emulator", () => {
    let projectId: string;
    beforeAll(async () => {
      // A deleted alert or invite, made moments ago, is read again for lostCreateWaitMs (20 s by default) before it
      // counts as gone: a short wait keeps those reads and drops the wait.
      await rpc.configure({ adminKey: secret(KEY), baseUrl: emu.url, lostCreateWaitMs: "300" });
      projectId = (await rpc.create(urn("Project", "owner"), { name: "policies" })).id;
    });

    const cases: Array<{ type: string; inputs: () => Props; edit: Props; replaces?: string[] }> = [
      { type: "Project", inputs: () => ({ name: secret("research") }), edit: { name: "research-2" } },
      { type: "ProjectModelPermissions", inputs: () => ({ projectId, mode: "allow_list", modelIds: ["gpt-4.1-mini", "gpt-4.1"] }), edit: { mode: "deny_list" } },
      { type: "SpendAlert", inputs: () => ({ projectId, thresholdAmount: 5000, notificationChannel: { recipients: ["Ops@Example.com"] } }), edit: { thresholdAmount: 9000 } },
      { type: "DataRetention", inputs: () => ({ projectId, retentionType: "zero_data_retention" }), edit: { retentionType: "none" } },
      { type: "Invite", inputs: () => ({ email: "ada@example.com", role: "reader", projects: [{ id: projectId, role: "member" }] }), edit: { role: "owner" }, replaces: ["role"] },
    ];

    test.each(cases)("$type: Check, Diff, Create, Read, Update (or replace) and Delete", async ({ type, inputs, edit, replaces }) => {
      const u = urn(type, "x");
      const checked = await rpc.check(u, inputs());
      expect(checked.failures).toEqual([]);
      const created = await rpc.create(u, checked.inputs);
      expect(created.id).not.toBe("");
      const read = await rpc.read(created.id, u, created.props);
      expect(read.id).toBe(created.id);
      expect(read.inputs).toBeUndefined();
      expect(await rpc.diff(created.id, u, read.props, checked.inputs)).toMatchObject({ changes: false, replaces: [] });

      const edited = (await rpc.check(u, { ...checked.inputs, ...edit }, checked.inputs)).inputs;
      const diff = await rpc.diff(created.id, u, read.props, edited);
      const key = Object.keys(edit)[0];
      expect(diff).toMatchObject({ changes: true, replaces: replaces ?? [], hasDetailedDiff: true });
      expect(diff.detailed).toEqual({ [key]: replaces ? "UPDATE_REPLACE" : "UPDATE" });
      let last = read.props;
      if (!replaces) {
        last = await rpc.update(created.id, u, read.props, edited);
        expect(last[key]).toEqual(edit[key]);
      }
      await rpc.delete(created.id, u, last);
      // Deleted alerts and invites are gone; the per-project settings and an archived project still read.
      if (type === "SpendAlert" || type === "Invite") expect((await rpc.read(created.id, u, last)).id).toBe("");
    });

    test("a secret input comes back as a secret from Check, Create and Read", async () => {
      const u = urn("Project", "secret-name");
      // Outer spaces are kept, as the API keeps them (issue 20 #8).
      const checked = await rpc.check(u, { name: secret("  hidden-name ") });
      expect(checked.inputs.name).toEqual(secret("  hidden-name "));
      const created = await rpc.create(u, checked.inputs);
      expect(created.props.name).toEqual(secret("  hidden-name "));
      expect(isSecret(created.props.projectId)).toBe(false);
      expect((await rpc.read(created.id, u, created.props)).props.name).toEqual(secret("  hidden-name "));
    });

    test("a certificate's body is a secret even when the program sent it plain: Check, Create, Read and pulumi import", async () => {
      const pem = fs.readFileSync(path.join(__dirname, "../fixtures/certificates/trust-anchor-b.pem"), "utf8");
      const u = urn("Certificate", "anchor");
      const checked = await rpc.check(u, { content: pem });
      expect(isSecret(checked.inputs.content)).toBe(true);
      const created = await rpc.create(u, checked.inputs);
      expect(isSecret(created.props.content)).toBe(true);
      expect(isSecret(created.props.fingerprint)).toBe(false);
      expect(isSecret((await rpc.read(created.id, u, created.props)).props.content)).toBe(true);
      const imported = await rpc.read(created.id, urn("Certificate", "imported"));
      expect(isSecret(imported.props.content)).toBe(true);
      expect(isSecret((imported.inputs as Props).content)).toBe(true);
      await rpc.delete(created.id, u, created.props);
    });

    test("Diff says which property changes and whether it adds, updates or replaces", async () => {
      const u = urn("Project", "diffs");
      const created = await rpc.create(u, (await rpc.check(u, { name: "diffs" })).inputs);
      const news = (await rpc.check(u, { name: "diffs-2", externalKeyId: "key-1", residency: "EU_STORAGE_PROCESSING" })).inputs;
      const d = await rpc.diff(created.id, u, created.props, news);
      expect(d.replaces).toEqual(["residency"]);
      expect(d.detailed).toEqual({ name: "UPDATE", externalKeyId: "ADD", residency: "ADD_REPLACE" });
      // Archived outside Pulumi, then refreshed: drift that only a new project mends.
      await rpc.delete(created.id, u, created.props);
      const refreshed = await rpc.read(created.id, u, created.props);
      expect(refreshed.props.status).toBe("archived");
      const drift = await rpc.diff(created.id, u, refreshed.props, (await rpc.check(u, { name: "diffs" })).inputs);
      expect(drift).toMatchObject({ replaces: ["status"], detailed: { status: "UPDATE_REPLACE" } });
    });

    test("pulumi import: Read with an id alone answers outputs and inputs, which Check accepts and Diff finds equal", async () => {
      const made: Array<{ type: string; id: string; importId: string }> = [];
      for (const c of cases) {
        const u = urn(c.type, "to-import");
        const created = await rpc.create(u, (await rpc.check(u, c.inputs())).inputs);
        made.push({ type: c.type, id: created.id, importId: c.type === "SpendAlert" ? `${projectId}/${created.id}` : created.id });
      }
      for (const { type, id, importId } of made) {
        const u = urn(type, "imported");
        const imported = await rpc.read(importId, u);
        expect({ type, id: imported.id }).toEqual({ type, id });
        expect(imported.inputs).toBeDefined();
        const checked = await rpc.check(u, imported.inputs as Props);
        expect({ type, failures: checked.failures }).toEqual({ type, failures: [] });
        expect({ type, ...(await rpc.diff(imported.id, u, imported.props, checked.inputs)) }).toMatchObject({ type, changes: false });
      }
      await expect(rpc.read("alert_only", urn("SpendAlert", "bad-import"))).rejects.toThrow(/<projectId>\/<alertId>/);
      expect((await rpc.read("proj_doesnotexist", urn("Project", "missing"))).id).toBe("");
    });
  });

  test("no answer, no log line and nothing the plugin printed holds the admin key outside a secret", async () => {
    const answers = launched.flatMap((p) => p.answers);
    expect(answers.length).toBeGreaterThan(40);
    // CheckConfig hands the key back wrapped (asserted above); every other answer must not hold it at all.
    const leaks = answers.filter((a) => a.includes(KEY) && !a.startsWith("checkConfig:"));
    expect(leaks).toEqual([]);
    expect(launched.map((p) => p.output()).join("\n")).not.toContain(KEY);
    expect(JSON.stringify(engine.logs)).not.toContain(KEY);
  });
});
