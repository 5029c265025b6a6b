/**
 * Issue 21: the read functions, every language's. The built plugin is launched as the Pulumi CLI launches one and
 * called over gRPC (GetSchema, Configure, Invoke) against the emulator; `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { repoRoot } from "../../harness/install";
import { configure } from "../../provider/credentials";
import { listAdminApiKeys, listAuditLogs, listCosts, listOrganizationUsers, listProjectApiKeys, listUsage } from "../../provider/reads";
import { engineLogServer } from "../support/engine-log";
import { launchPlugin, type LaunchedPlugin } from "../support/provider-plugin";

// Obviously fake, and shaped so that a search for them cannot be fooled by a partial match.
const KEY = "sk-admin-fake.functions.key.7b21";
const WRONG_KEY = "sk-admin-fake.functions.wrong.key.90cd";
type Props = Record<string, unknown>;
const struct = (v: object) => Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));

const consumerDir = path.join(repoRoot(), ".e2e", "plugin-functions");
let emu: Emulator;
let ctl: EmulatorControl;
let engine: Awaited<ReturnType<typeof engineLogServer>>;
let plugin: LaunchedPlugin;
let projectId: string;

async function configurePlugin(adminKey: string): Promise<void> {
  const req = new provproto.ConfigureRequest();
  req.setArgs(struct({ adminKey, baseUrl: emu.url }));
  req.setAcceptsecrets(true);
  await plugin.call("configure", req);
}

/** Invoke as the engine sends it for `fn::invoke` (YAML), `openai.getX(…)` (Python) and the like. */
async function invoke(name: string, args: Props): Promise<{ outputs: Props | undefined; failures: string[] }> {
  const req = new provproto.InvokeRequest();
  req.setTok(`openai:index:${name}`);
  req.setArgs(struct(args));
  const res = await plugin.call<provproto.InvokeResponse>("invoke", req);
  return { outputs: res.getReturn()?.toJavaScript() as Props | undefined, failures: res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`) };
}

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 23 });
  ctl = new EmulatorControl(emu.url);
  engine = await engineLogServer();
  fs.rmSync(consumerDir, { recursive: true, force: true });
  fs.mkdirSync(consumerDir, { recursive: true });
  fs.writeFileSync(path.join(consumerDir, "Pulumi.yaml"), "name: consumer\nruntime: yaml\n");
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_PROJECT: "consumer" };
  // The key reaches the plugin only through Configure, as a stack's config does: never from the environment.
  delete env.OPENAI_ADMIN_KEY;
  delete env.OPENAI_BASE_URL;
  plugin = await launchPlugin({ pluginDir: repoRoot(), cwd: consumerDir, env, engineAddress: engine.address });
  await configurePlugin(KEY);
  // The TypeScript functions in this process read the same organization, configured as a program's stack config would.
  configure({ get: (k) => ({ "openai:adminKey": KEY, "openai:baseUrl": emu.url })[k] });

  await ctl.addUser({ email: "ada@example.com", name: "Ada" });
  const api = (p: string, body: unknown) =>
    fetch(`${emu.url}${p}`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<Props>,
    );
  projectId = String((await api("/organization/projects", { name: "functions" })).id);
  await api(`/organization/projects/${projectId}/service_accounts`, { name: "ci" });
  await api("/organization/admin_api_keys", { name: "ops" });
});

afterAll(async () => {
  configure({ get: () => undefined });
  await plugin?.close();
  await engine?.close();
  await emu?.close();
});

describe("the read functions through the provider plugin", () => {
  test("GetSchema lists the functions, each answering one list", async () => {
    const res = await plugin.call<provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest());
    const functions = JSON.parse(res.getSchema()).functions as Record<string, { inputs: { required: string[] }; outputs: { properties: Props; required: string[] } }>;
    expect(Object.keys(functions).sort()).toEqual(
      ["getAdminApiKeys", "getAuditLogs", "getCosts", "getOrganizationUsers", "getProjectApiKeys", "getUsage"].map((n) => `openai:index:${n}`),
    );
    expect(Object.fromEntries(Object.entries(functions).map(([t, f]) => [t, [f.inputs.required, Object.keys(f.outputs.properties), f.outputs.required]]))).toEqual({
      "openai:index:getOrganizationUsers": [[], ["users"], ["users"]],
      "openai:index:getProjectApiKeys": [["projectId"], ["apiKeys"], ["apiKeys"]],
      "openai:index:getAdminApiKeys": [[], ["adminApiKeys"], ["adminApiKeys"]],
      "openai:index:getAuditLogs": [[], ["auditLogs"], ["auditLogs"]],
      "openai:index:getUsage": [["kind", "startTime"], ["buckets"], ["buckets"]],
      "openai:index:getCosts": [["startTime"], ["buckets"], ["buckets"]],
    });
    // Other languages write dates as strings: "2026-11-01", "2026-11-01T00:00:00Z" or Unix seconds' digits.
    const usage = JSON.parse(res.getSchema()).functions["openai:index:getUsage"].inputs.properties;
    expect(usage.startTime).toEqual({ type: "string", description: expect.stringContaining("`2026-11-01T00:00:00Z`") });
    expect(usage.bucketWidth).toMatchObject({ default: "1d", description: expect.stringContaining("310 buckets of 1d") });
  });

  test("each function answers what the TypeScript function returns, with the configured key, one list call each", async () => {
    await ctl.clearRequests();
    const users = await invoke("getOrganizationUsers", { emails: ["Ada@Example.com"] });
    const keys = await invoke("getProjectApiKeys", { projectId });
    const adminKeys = await invoke("getAdminApiKeys", {});
    const logs = await invoke("getAuditLogs", { projectIds: [projectId], limit: 5 });
    expect((await ctl.calls()).map((c) => c.split("?")[0])).toEqual([
      "GET /organization/users",
      `GET /organization/projects/${projectId}/api_keys`,
      "GET /organization/admin_api_keys",
      "GET /organization/audit_logs",
    ]);
    expect([users, keys, adminKeys, logs].map((r) => r.failures)).toEqual([[], [], [], []]);

    expect(users.outputs).toEqual({ users: await listOrganizationUsers({ emails: ["ada@example.com"] }) });
    expect(users.outputs?.users).toEqual([expect.objectContaining({ email: "ada@example.com", name: "Ada" })]);
    expect(keys.outputs).toEqual({ apiKeys: await listProjectApiKeys(projectId) });
    expect(keys.outputs?.apiKeys).toEqual([expect.objectContaining({ ownerType: "service_account", redactedValue: expect.stringMatching(/^sk-svcacct-\.\.\./) })]);
    expect(adminKeys.outputs).toEqual({ adminApiKeys: await listAdminApiKeys() });
    expect(adminKeys.outputs?.adminApiKeys).toEqual([expect.objectContaining({ name: "ops" })]);
    expect(logs.outputs).toEqual({ auditLogs: await listAuditLogs({ projectIds: [projectId], limit: 5 }) });
    expect((logs.outputs?.auditLogs as Props[]).map((e) => e.type)).toEqual(["api_key.created", "service_account.created"]);
  });

  test("usage and costs take dates as strings and answer what the TypeScript functions return", async () => {
    const nov1 = Date.parse("2026-11-01T00:00:00Z") / 1000;
    await ctl.clearUsage();
    await ctl.recordUsage({ kind: "web_search_calls", at: nov1 + 5, project_id: projectId, model: "gpt-4o-mini", context_level: "high", num_requests: 4, num_model_requests: 1 });
    await ctl.clearRequests();
    const args = { kind: "web_search_calls", startTime: "2026-11-01", endTime: String(nov1 + 2 * 86400), groupBy: ["context_level"], contextLevels: ["high"] };
    const usage = await invoke("getUsage", args);
    const costs = await invoke("getCosts", { startTime: "2026-11-01T00:00:00Z", endTime: "2026-11-02", groupBy: ["line_item"] });
    expect([usage.failures, costs.failures]).toEqual([[], []]);
    expect(await ctl.calls()).toEqual(["GET /organization/usage/web_search_calls", "GET /organization/costs"]);
    expect(usage.outputs).toEqual({ buckets: await listUsage(args as Parameters<typeof listUsage>[0]) });
    expect((usage.outputs?.buckets as Array<{ results: Props[] }>).map((b) => b.results)).toEqual([[expect.objectContaining({ contextLevel: "high", numRequests: 4 })], []]);
    expect(costs.outputs).toEqual({ buckets: await listCosts({ startTime: nov1, endTime: nov1 + 86400, groupBy: ["line_item"] }) });
    expect((costs.outputs?.buckets as Array<{ results: Props[] }>)[0].results).toEqual([expect.objectContaining({ lineItem: "gpt-4o-mini, web search tool calls", amount: 0.1 })]);
  });

  test("wrong arguments come back as failures naming each one, and nothing is sent", async () => {
    await ctl.clearRequests();
    expect((await invoke("getProjectApiKeys", {})).failures).toEqual(["projectId: is required: the id of the project (proj_…)"]);
    expect((await invoke("getProjectApiKeys", { projectId: "../admin_api_keys" })).failures).toEqual([
      "projectId: must be a project id like proj_abc123 (a Project's projectId output)",
    ]);
    expect((await invoke("getOrganizationUsers", { emails: ["ada"] })).failures).toEqual(["emails.0: must be an email address like name@example.com"]);
    const audit = await invoke("getAuditLogs", { since: -1, limit: 2.5, eventTypes: "project.created", projectId });
    expect(audit).toEqual({
      outputs: {},
      failures: [
        "since: must not be negative",
        "eventTypes: must be a list of event types",
        "limit: must be a whole number",
        "projectId: is not an argument of this function",
      ],
    });
    expect((await invoke("getUsage", { kind: "images", startTime: "2026-11-02", endTime: "2026-11-01" })).failures).toEqual(["endTime: must be after startTime (2026-11-02T00:00:00Z)"]);
    expect((await invoke("getUsage", { kind: "images", startTime: "2026-11-01", endTime: "2026-11-02", bucketWidth: "1w" })).failures).toEqual([
      "bucketWidth: must be one of 1m, 1h, 1d (a minute, an hour, a day)",
    ]);
    expect((await invoke("getCosts", { startTime: "2020-01-01", endTime: "2026-01-01" })).failures).toEqual([
      "endTime: the range from startTime to endTime holds 2192 buckets of 1d; one read takes at most 1800 (10 pages of 180): narrow the range",
    ]);
    expect(await ctl.calls()).toEqual([]);
  });

  test("a failed call names the function and the call, never the admin key", async () => {
    await expect(invoke("getProjectApiKeys", { projectId: "proj_missing" })).rejects.toThrow(
      /OpenAI getProjectApiKeys: .*GET \/organization\/projects\/proj_missing\/api_keys.*404/,
    );
    await configurePlugin(WRONG_KEY);
    try {
      await expect(invoke("getAdminApiKeys", {})).rejects.toThrow(/OpenAI getAdminApiKeys: .*401/);
    } finally {
      await configurePlugin(KEY);
    }
    await expect(invoke("getUsers", {})).rejects.toThrow(/unknown function openai:index:getUsers: this provider serves openai:index:getOrganizationUsers, /);
    const said = plugin.answers.join("\n") + plugin.output();
    expect(said).not.toContain(KEY);
    expect(said).not.toContain(WRONG_KEY);
  });
});
