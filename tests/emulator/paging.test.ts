/**
 * Page sizes, orders and filters of the list endpoints, as OpenAI's description of the Administration API gives
 * them (../shared/openapi/admin.json), driven by the official openai client where it has the call.
 */
import OpenAI from "openai";
import { EmulatorControl, type Emulator, startEmulator } from "../../emulator";
import { api, failure } from "./helpers";

const KEY = "sk-admin-test-paging-51c0";

describe("emulator list endpoints follow the description's page sizes, orders and filters", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let org: OpenAI["admin"]["organization"];
  let projectId: string;

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 5 });
    ctl = new EmulatorControl(emu.url);
    org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await ctl.reset();
    projectId = (await org.projects.create({ name: "paging" })).id;
  });

  it("roles and project roles take limit=1000 and answer every role in one page by default", async () => {
    for (let i = 0; i < 25; i++) await org.roles.create({ role_name: `auditor-${i}`, permissions: ["api.audit_logs.read"] });
    const first = await org.roles.list();
    expect(first.data).toHaveLength(27); // the two predefined roles too
    expect(first.has_more).toBe(false);
    expect((await org.roles.list({ limit: 1000 })).data).toHaveLength(27);
    const tooMany = await api(emu, "GET", "/organization/roles?limit=1001");
    expect([tooMany.status, tooMany.body.error.param]).toEqual([400, "limit"]);
    const projectRoles = await api(emu, "GET", `/projects/${projectId}/roles?limit=1000`);
    expect(projectRoles.status).toBe(200);
    expect(projectRoles.body.has_more).toBe(false);
  });

  it("groups take limit=1000 and answer 100 by default; a project's groups take at most 100", async () => {
    for (let i = 0; i < 101; i++) await org.groups.create({ name: `g${i}` });
    const byDefault = await api(emu, "GET", "/organization/groups");
    expect([byDefault.body.data.length, byDefault.body.has_more]).toEqual([100, true]);
    expect((await org.groups.list({ limit: 1000 })).data).toHaveLength(101);
    expect((await failure(() => org.projects.groups.list(projectId, { limit: 101 }))).param).toBe("limit");
    expect((await org.projects.groups.list(projectId, { limit: 100 })).data).toEqual([]);
  });

  it("the organization's spend alerts keep the order asked for", async () => {
    const made: string[] = [];
    for (const amount of [100, 200, 300]) {
      made.push((await org.spendAlerts.create({ threshold_amount: amount, currency: "USD", interval: "month", notification_channel: { type: "email", recipients: ["cfo@example.com"] } })).id);
    }
    expect((await org.spendAlerts.list({ order: "asc" })).data.map((a) => a.id)).toEqual(made);
    expect((await org.spendAlerts.list({ order: "desc" })).data.map((a) => a.id)).toEqual([...made].reverse());
    expect((await org.spendAlerts.list()).data.map((a) => a.id)).toEqual(made);
  });

  it("a project's API keys filter by whether their owner still has access to the project", async () => {
    const ada = await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    await org.projects.users.create(projectId, { user_id: ada.id, role: "member" });
    const kept = await ctl.addUserKey(projectId, ada.id);
    const sa = await org.projects.serviceAccounts.create(projectId, { name: "bot" });
    const ids = async (access?: "active" | "inactive" | "any") =>
      (await org.projects.apiKeys.list(projectId, access ? { owner_project_access: access } : {})).data.map((k) => [k.id, k.owner_project_access]);
    expect(await ids("active")).toEqual([
      [kept.id, "active"],
      [sa.api_key!.id, "active"],
    ]);
    // Ada leaves the project: her key stays enabled, and only `inactive` and `any` show it.
    await org.projects.users.delete(ada.id, { project_id: projectId });
    expect(await ids("inactive")).toEqual([[kept.id, "inactive"]]);
    expect(await ids("any")).toEqual([
      [kept.id, "inactive"],
      [sa.api_key!.id, "active"],
    ]);
    expect(await ids()).toEqual([[sa.api_key!.id, "active"]]);
    const bad = await api(emu, "GET", `/organization/projects/${projectId}/api_keys?owner_project_access=all`);
    expect([bad.status, bad.body.error.param]).toEqual([400, "owner_project_access"]);
  });
});
