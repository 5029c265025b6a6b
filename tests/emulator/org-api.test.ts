import OpenAI from "openai";
import { EmulatorControl, type Emulator, startEmulator } from "../../emulator";
import { api, failure, loggedRequests } from "./helpers";

const KEY = "sk-admin-test-org-9d2e";
const ID = (prefix: string) => new RegExp(`^${prefix}[A-Za-z0-9]{24}$`);
const SECONDS = expect.any(Number);

/** Runs `call` and hands back the error the official client threw. */
describe("emulator people-and-keys API, driven by the official openai client", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let org: OpenAI["admin"]["organization"];
  let projectId: string;

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 3 });
    ctl = new EmulatorControl(emu.url);
    org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await ctl.reset();
    projectId = (await org.projects.create({ name: "people" })).id;
  });

  it("lists, filters, retrieves, updates and removes organization users; an accepted invite makes a member of its projects", async () => {
    const invite = await org.invites.create({ email: "ada@example.com", role: "reader", projects: [{ id: projectId, role: "owner" }] });
    await ctl.acceptInvite(invite.id);
    const [owner, ada] = (await org.users.list()).data;
    expect(owner).toEqual({ object: "organization.user", id: expect.stringMatching(/^user-/), name: "Emulator Owner", email: "owner@example.com", role: "owner", added_at: SECONDS });
    expect(ada).toEqual({ object: "organization.user", id: expect.stringMatching(ID("user-")), name: null, email: "ada@example.com", role: "reader", added_at: SECONDS });

    const filtered = await org.users.list({ emails: ["ADA@example.com"] });
    expect(filtered.data).toEqual([ada]);
    expect((await loggedRequests(emu)).at(-1)?.query).toBe("emails%5B%5D=ADA%40example.com");
    expect(await org.users.retrieve(ada.id)).toEqual(ada);
    expect(await org.users.update(ada.id, { role: "owner" })).toEqual({ ...ada, role: "owner" });
    expect((await org.projects.users.list(projectId)).data).toEqual([
      { object: "organization.project.user", id: ada.id, name: null, email: "ada@example.com", role: "owner", added_at: SECONDS },
    ]);

    expect(await org.users.delete(ada.id)).toEqual({ object: "organization.user.deleted", id: ada.id, deleted: true });
    expect((await org.projects.users.list(projectId)).data).toEqual([]);
    expect((await failure(() => org.users.retrieve(ada.id))).status).toBe(404);
    const last = await failure(() => org.users.delete(owner.id));
    expect(last.status).toBe(400);
    expect(last.error).toEqual({ message: "Cannot remove the last owner of the organization.", type: "invalid_request_error", param: null, code: null });
  });

  it("adds, retrieves, updates, lists and deletes project users, only for members of the organization", async () => {
    const ada = await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const added = await org.projects.users.create(projectId, { email: "Ada@Example.com", role: "member" });
    expect(added).toEqual({ object: "organization.project.user", id: ada.id, name: "Ada", email: "ada@example.com", role: "member", added_at: SECONDS });
    expect(await org.projects.users.retrieve(ada.id, { project_id: projectId })).toEqual(added);
    expect(await org.projects.users.update(ada.id, { project_id: projectId, role: "owner" })).toEqual({ ...added, role: "owner" });

    const twice = await failure(() => org.projects.users.create(projectId, { user_id: ada.id, role: "member" }));
    expect(twice.status).toBe(400);
    const stranger = await failure(() => org.projects.users.create(projectId, { email: "nobody@example.com", role: "member" }));
    expect([stranger.status, stranger.param]).toEqual([400, "email"]);
    const badRole = await failure(() => org.projects.users.create(projectId, { user_id: ada.id, role: "admin" }));
    expect([badRole.status, badRole.param]).toEqual([400, "role"]);

    expect(await org.projects.users.delete(ada.id, { project_id: projectId })).toEqual({ object: "organization.project.user.deleted", id: ada.id, deleted: true });
    expect((await failure(() => org.projects.users.retrieve(ada.id, { project_id: projectId }))).status).toBe(404);
  });

  it("creates a service account with its key once, more keys for it, and lists them redacted as project API keys", async () => {
    const made = await org.projects.serviceAccounts.create(projectId, { name: "ci", expires_in_seconds: 60 });
    expect(made).toEqual({
      object: "organization.project.service_account", id: expect.stringMatching(ID("svc_acct_")), name: "ci", role: "member", created_at: SECONDS,
      api_key: { object: "organization.project.service_account.api_key", id: expect.stringMatching(ID("key_")), name: "Secret key", value: expect.stringMatching(/^sk-svcacct-/), created_at: SECONDS, expires_at: made.created_at + 60 },
    });
    const { api_key: key, ...account } = made;
    expect(await org.projects.serviceAccounts.retrieve(made.id, { project_id: projectId })).toEqual(account);
    expect(await org.projects.serviceAccounts.update(made.id, { project_id: projectId, name: "ci-2", role: "owner" })).toEqual({ ...account, name: "ci-2", role: "owner" });
    expect((await org.projects.serviceAccounts.list(projectId)).data).toEqual([{ ...account, name: "ci-2", role: "owner" }]);

    const second = await org.projects.serviceAccounts.apiKeys.create(made.id, { project_id: projectId, name: "deploy" });
    expect(second).toEqual({ object: "organization.project.service_account.api_key", id: expect.stringMatching(ID("key_")), name: "deploy", value: expect.stringMatching(/^sk-svcacct-/), created_at: SECONDS, expires_at: null });
    const listed = (await org.projects.apiKeys.list(projectId)).data;
    expect(listed).toEqual([
      {
        object: "organization.project.api_key", id: key!.id, name: "Secret key", redacted_value: `sk-svcacct-...${key!.value.slice(-4)}`,
        created_at: SECONDS, last_used_at: null, expires_at: SECONDS, owner_project_access: "active",
        owner: { type: "service_account", service_account: { id: made.id, name: "ci-2", created_at: SECONDS, role: "owner" } },
      },
      expect.objectContaining({ id: second.id, name: "deploy" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key!.value);
    expect(await org.projects.apiKeys.retrieve(second.id, { project_id: projectId })).toEqual(listed[1]);
    expect(await org.projects.apiKeys.delete(second.id, { project_id: projectId })).toEqual({ object: "organization.project.api_key.deleted", id: second.id, deleted: true });

    const only = await org.projects.serviceAccounts.create(projectId, { name: "bare", create_service_account_only: true });
    expect(only).toMatchObject({ role: "none", api_key: null });

    expect(await org.projects.serviceAccounts.delete(made.id, { project_id: projectId })).toEqual({ object: "organization.project.service_account.deleted", id: made.id, deleted: true });
    expect((await org.projects.apiKeys.list(projectId)).data).toEqual([]);
  });

  it("lists a project's per-model rate limits and lowers one, never above the organization's limit", async () => {
    const page = await org.projects.rateLimits.listRateLimits(projectId);
    const gpt4o = page.data.find((r) => r.model === "gpt-4o")!;
    expect(gpt4o).toEqual({ object: "project.rate_limit", id: "rl-gpt-4o", model: "gpt-4o", max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, batch_1_day_max_input_tokens: 5_000_000_000 });
    expect(page.data.find((r) => r.model === "dall-e-3")).toHaveProperty("max_images_per_1_minute");

    const lowered = await org.projects.rateLimits.updateRateLimit(gpt4o.id, { project_id: projectId, max_requests_per_1_minute: 100 });
    expect(lowered).toEqual({ ...gpt4o, max_requests_per_1_minute: 100 });
    const other = (await org.projects.create({ name: "other" })).id;
    expect((await org.projects.rateLimits.listRateLimits(other)).data.find((r) => r.id === gpt4o.id)).toEqual(gpt4o);

    const above = await failure(() => org.projects.rateLimits.updateRateLimit(gpt4o.id, { project_id: projectId, max_requests_per_1_minute: 10_001 }));
    expect([above.status, above.param]).toEqual([400, "max_requests_per_1_minute"]);
    const notApplicable = await failure(() => org.projects.rateLimits.updateRateLimit(gpt4o.id, { project_id: projectId, max_images_per_1_minute: 1 }));
    expect([notApplicable.status, notApplicable.param]).toEqual([400, "max_images_per_1_minute"]);
    expect((await failure(() => org.projects.rateLimits.updateRateLimit("rl-nope", { project_id: projectId }))).status).toBe(404);
  });

  it("creates an admin key with its value once, retrieves and lists it redacted, and deletes it", async () => {
    const made = await org.adminAPIKeys.create({ name: "ci", expires_in_seconds: 3600 });
    const { value, ...key } = made;
    expect(made).toEqual({
      object: "organization.admin_api_key", id: expect.stringMatching(ID("key_")), name: "ci", redacted_value: `sk-admin...${value.slice(-4)}`,
      created_at: SECONDS, expires_at: made.created_at + 3600, last_used_at: null, value: expect.stringMatching(/^sk-admin-/),
      owner: { type: "user", object: "organization.user", id: expect.stringMatching(/^user-/), name: "Emulator Owner", created_at: SECONDS, role: "owner" },
    });
    expect(await org.adminAPIKeys.retrieve(made.id)).toEqual(key);
    const second = await org.adminAPIKeys.create({ name: "other" });
    expect(second.expires_at).toBeNull();
    expect((await org.adminAPIKeys.list()).data.map((k) => k.id)).toEqual([made.id, second.id]);
    expect((await org.adminAPIKeys.list({ order: "desc" })).data.map((k) => k.id)).toEqual([second.id, made.id]);
    expect(JSON.stringify((await api(emu, "GET", "/organization/admin_api_keys")).body)).not.toContain(value);

    const tooLong = await failure(() => org.adminAPIKeys.create({ name: "x", expires_in_seconds: 31_536_001 }));
    expect([tooLong.status, tooLong.param]).toEqual([400, "expires_in_seconds"]);
    expect(await org.adminAPIKeys.delete(made.id)).toEqual({ object: "organization.admin_api_key.deleted", id: made.id, deleted: true });
    expect((await failure(() => org.adminAPIKeys.retrieve(made.id))).status).toBe(404);
  });

  it("lists audit log entries newest first with the documented filters, in the documented shape", async () => {
    const made = await org.projects.serviceAccounts.create(projectId, { name: "ci" });
    await org.projects.serviceAccounts.delete(made.id, { project_id: projectId });
    const all = (await org.auditLogs.list()).data;
    expect(all.map((e) => e.type)).toEqual(["service_account.deleted", "api_key.created", "service_account.created"]);
    expect(all[2]).toEqual({
      id: expect.stringMatching(ID("audit_log-")), type: "service_account.created", effective_at: SECONDS,
      project: { id: projectId, name: "people" },
      actor: { type: "api_key", api_key: { id: "key_emulator", type: "user", user: { id: expect.stringMatching(/^user-/), email: "owner@example.com" } } },
      "service_account.created": { id: made.id, data: { role: "member" } },
    });
    const filtered = await org.auditLogs.list({ event_types: ["service_account.created", "service_account.deleted"], resource_ids: [made.id], project_ids: [projectId] });
    expect(filtered.data.map((e) => e.type)).toEqual(["service_account.deleted", "service_account.created"]);
    const later = await org.auditLogs.list({ effective_at: { gt: all[0].effective_at } });
    expect(later.data).toEqual([]);
    expect((await loggedRequests(emu)).at(-1)?.query).toBe(`effective_at%5Bgt%5D=${all[0].effective_at}`);
  });

  it("sets, reads and deletes the organization's and a project's hard spend limits, and answers 404 when none is set", async () => {
    expect((await failure(() => org.spendLimit.retrieve())).status).toBe(404);
    const body = { threshold_amount: 100_000, currency: "USD" as const, interval: "month" as const };
    const set = await org.spendLimit.update(body);
    expect(set).toEqual({ object: "organization.spend_limit", ...body, enforcement: { status: "inactive" } });
    expect(await org.spendLimit.retrieve()).toEqual(set);
    expect(await org.spendLimit.delete()).toEqual({ object: "organization.spend_limit.deleted", deleted: true });
    expect((await failure(() => org.spendLimit.delete())).status).toBe(404);

    const projectSet = await org.projects.spendLimit.update(projectId, body);
    expect(projectSet).toEqual({ object: "project.spend_limit", ...body, enforcement: { status: "inactive" } });
    expect(await org.projects.spendLimit.retrieve(projectId)).toEqual(projectSet);
    expect(await org.projects.spendLimit.delete(projectId)).toEqual({ object: "project.spend_limit.deleted", deleted: true });
    const bad = await failure(() => org.spendLimit.update({ ...body, threshold_amount: -1 }));
    expect([bad.status, bad.param]).toEqual([400, "threshold_amount"]);
  });

  it("creates, retrieves, updates, lists and deletes organization spend alerts", async () => {
    const body = { threshold_amount: 500_000, currency: "USD" as const, interval: "month" as const, notification_channel: { type: "email" as const, recipients: ["cfo@example.com"] } };
    const made = await org.spendAlerts.create(body);
    expect(made).toEqual({ id: expect.stringMatching(ID("alert_")), object: "organization.spend_alert", ...body, notification_channel: { ...body.notification_channel, subject_prefix: null } });
    expect(await org.spendAlerts.retrieve(made.id)).toEqual(made);
    expect(await org.spendAlerts.update(made.id, { ...body, threshold_amount: 600_000 })).toEqual({ ...made, threshold_amount: 600_000 });
    expect((await org.spendAlerts.list()).data.map((a) => a.id)).toEqual([made.id]);
    expect(await org.spendAlerts.delete(made.id)).toEqual({ id: made.id, object: "organization.spend_alert.deleted", deleted: true });
    expect((await failure(() => org.spendAlerts.retrieve(made.id))).status).toBe(404);
  });

  it("sets and reads the organization's data retention, refusing a project-only type", async () => {
    expect((await failure(() => org.dataRetention.retrieve())).status).toBe(404);
    expect(await org.dataRetention.update({ retention_type: "zero_data_retention" })).toEqual({ object: "organization.data_retention", type: "zero_data_retention" });
    expect(await org.dataRetention.retrieve()).toEqual({ object: "organization.data_retention", type: "zero_data_retention" });
    // The official types forbid a project-only type, so the raw API is used to send one.
    const bad = await api(emu, "POST", "/organization/data_retention", { body: { retention_type: "none" } });
    expect([bad.status, bad.body.error.param, bad.body.error.type]).toEqual([400, "retention_type", "invalid_request_error"]);
  });

  it("creates, renames and deletes groups, adds and removes their members, and pages them with the next cursor", async () => {
    const ada = await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const g = await org.groups.create({ name: "platform" });
    expect(g).toEqual({ id: expect.stringMatching(ID("group_")), name: "platform", created_at: SECONDS, is_scim_managed: false, group_type: "group" });
    expect(await org.groups.retrieve(g.id)).toEqual(g);
    expect(await org.groups.update(g.id, { name: "platform-team" })).toEqual({ id: g.id, name: "platform-team", created_at: g.created_at, is_scim_managed: false });
    expect(await org.groups.users.create(g.id, { user_id: ada.id })).toEqual({ object: "group.user", user_id: ada.id, group_id: g.id });
    expect(await org.groups.users.retrieve(ada.id, { group_id: g.id })).toEqual({ id: ada.id, name: "Ada", email: "ada@example.com", is_service_account: false, picture: null, user_type: "user" });
    expect((await org.groups.users.list(g.id)).data).toEqual([{ id: ada.id, name: "Ada", email: "ada@example.com" }]);
    expect(await org.groups.users.delete(ada.id, { group_id: g.id })).toEqual({ object: "group.user.deleted", deleted: true });

    for (let i = 0; i < 120; i++) await org.groups.create({ name: `g${i}` });
    const seen: string[] = [];
    for await (const x of org.groups.list({ limit: 100 })) seen.push(x.id);
    expect(seen).toHaveLength(121);
    expect((await loggedRequests(emu)).at(-1)?.query).toMatch(/^limit=100&after=group_/);
    expect(await org.groups.delete(g.id)).toEqual({ object: "group.deleted", id: g.id, deleted: true });
  });

  it("lists the predefined roles and creates, updates and deletes a custom one, never a predefined one", async () => {
    const listed = (await org.roles.list()).data;
    expect(listed.map((r) => [r.name, r.predefined_role])).toEqual([["owner", true], ["reader", true]]);
    const made = await org.roles.create({ role_name: "auditor", permissions: ["api.audit_logs.read"] });
    expect(made).toEqual({ id: expect.stringMatching(ID("role_")), object: "role", name: "auditor", description: null, permissions: ["api.audit_logs.read"], resource_type: "api.organization", predefined_role: false });
    expect(await org.roles.update(made.id, { description: "reads logs" })).toEqual({ ...made, description: "reads logs" });
    expect((await failure(() => org.roles.delete("role_owner"))).status).toBe(400);
    expect(await org.roles.delete(made.id)).toEqual({ object: "role.deleted", id: made.id, deleted: true });
  });

  it("assigns organization roles to groups and users, retrieves and lists them, and unassigns them", async () => {
    const ada = await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const g = await org.groups.create({ name: "auditors" });
    const made = await org.groups.roles.create(g.id, { role_id: "role_reader" });
    expect(made).toEqual({ object: "group.role", group: { object: "group", id: g.id, name: "auditors", created_at: g.created_at, scim_managed: false }, role: expect.objectContaining({ id: "role_reader", object: "role" }) });
    expect(await org.groups.roles.retrieve("role_reader", { group_id: g.id })).toMatchObject({ id: "role_reader", name: "reader", predefined_role: true, assignment_sources: null });
    expect((await org.groups.roles.list(g.id)).data.map((r) => r.id)).toEqual(["role_reader"]);
    expect(await org.groups.roles.delete("role_reader", { group_id: g.id })).toEqual({ object: "group.role.deleted", deleted: true });

    expect(await org.users.roles.create(ada.id, { role_id: "role_owner" })).toMatchObject({ object: "user.role", user: { id: ada.id }, role: { id: "role_owner" } });
    expect(await org.users.roles.delete("role_owner", { user_id: ada.id })).toEqual({ object: "user.role.deleted", deleted: true });
    expect((await failure(() => org.users.roles.retrieve("role_owner", { user_id: ada.id }))).status).toBe(404);
  });

  it("grants a group access to a project, retrieves and lists it, and removes it", async () => {
    const g = await org.groups.create({ name: "platform" });
    const granted = await org.projects.groups.create(projectId, { group_id: g.id, role: "member" });
    expect(granted).toEqual({ object: "project.group", project_id: projectId, group_id: g.id, group_name: "platform", group_type: "group", created_at: SECONDS });
    expect(await org.projects.groups.retrieve(g.id, { project_id: projectId })).toEqual(granted);
    expect((await org.projects.groups.list(projectId)).data).toEqual([granted]);
    expect((await failure(() => org.projects.groups.create(projectId, { group_id: g.id, role: "member" }))).status).toBe(400);
    expect(await org.projects.groups.delete(g.id, { project_id: projectId })).toEqual({ object: "project.group.deleted", deleted: true });
  });

  it("keeps a project's roles under /projects/{id}/roles and assigns them to the project's groups and users", async () => {
    const ada = await ctl.addUser({ email: "ada@example.com" });
    const g = await org.groups.create({ name: "ops" });
    expect((await org.projects.roles.list(projectId)).data.map((r) => [r.id, r.predefined_role])).toEqual([["role_project_owner", true], ["role_project_member", true]]);
    const made = await org.projects.roles.create(projectId, { role_name: "deployer", permissions: ["api.project.deploy"] });
    expect(made).toEqual({ id: expect.stringMatching(ID("role_")), object: "role", name: "deployer", description: null, permissions: ["api.project.deploy"], resource_type: "api.project", predefined_role: false });
    expect(await org.projects.roles.retrieve(made.id, { project_id: projectId })).toEqual(made);
    expect((await org.roles.list()).data.map((r) => r.id)).not.toContain(made.id);

    expect(await org.projects.groups.roles.create(g.id, { project_id: projectId, role_id: made.id })).toMatchObject({ object: "group.role", role: { id: made.id } });
    expect(await org.projects.users.roles.create(ada.id, { project_id: projectId, role_id: "role_project_member" })).toMatchObject({ object: "user.role", role: { id: "role_project_member" } });
    expect((await org.projects.users.roles.list(ada.id, { project_id: projectId })).data.map((r) => r.id)).toEqual(["role_project_member"]);
    expect((await failure(() => org.users.roles.retrieve("role_project_member", { user_id: ada.id }))).status).toBe(404);
    expect(await org.projects.groups.roles.delete(made.id, { project_id: projectId, group_id: g.id })).toEqual({ object: "group.role.deleted", deleted: true });
    expect(await org.projects.roles.delete(made.id, { project_id: projectId })).toEqual({ object: "role.deleted", id: made.id, deleted: true });
  });
});
