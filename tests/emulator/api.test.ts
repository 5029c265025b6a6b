import OpenAI from "openai";
import { Emulator, startEmulator } from "../../emulator";
import { api, control, failure, loggedRequests } from "./helpers";

const KEY = "sk-admin-test-4f9c2b7e1d";
const ID = (prefix: string) => new RegExp(`^${prefix}[A-Za-z0-9]{24}$`);
const alertBody = {
  threshold_amount: 5000,
  currency: "USD" as const,
  interval: "month" as const,
  notification_channel: { type: "email" as const, recipients: ["ops@example.com"] },
};

/** Runs `call` and hands back the error the official client threw. */
describe("emulator API, driven by the official openai client", () => {
  let emu: Emulator;
  let client: OpenAI;
  let org: OpenAI["admin"]["organization"];
  let defaultProjectId: string;

  const clientWith = (options: { adminAPIKey?: string; organization?: string | null }) =>
    new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null, ...options });

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 1 });
    client = clientWith({});
    org = client.admin.organization;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await control(emu, "POST", "/reset");
    defaultProjectId = (await control(emu, "GET", "/org")).body.projects[0].id;
  });

  it("creates, retrieves, updates, lists and archives a project, and each answer round-trips", async () => {
    const before = Math.floor(Date.now() / 1000);
    const created = await org.projects.create({ name: "alpha", external_key_id: "ek_1", residency: "EU_STORAGE_PROCESSING" });
    expect(created).toEqual({
      id: expect.stringMatching(ID("proj_")), object: "organization.project", name: "alpha",
      created_at: expect.any(Number), archived_at: null, status: "active",
      external_key_id: "ek_1", residency: "EU_STORAGE_PROCESSING",
    });
    expect(created.created_at).toBeGreaterThanOrEqual(before);
    expect(await org.projects.retrieve(created.id)).toEqual(created);

    const updated = await org.projects.update(created.id, { name: "beta", external_key_id: null });
    expect(updated).toEqual({ ...created, name: "beta", external_key_id: null });
    expect(await org.projects.retrieve(created.id)).toEqual(updated);

    const listed = await org.projects.list();
    expect(listed.data.map((p) => p.id)).toEqual([defaultProjectId, created.id]);

    const archived = await org.projects.archive(created.id);
    expect(archived).toEqual({ ...updated, status: "archived", archived_at: expect.any(Number) });
    expect(await org.projects.archive(created.id)).toEqual(archived);
    expect((await org.projects.list()).data.map((p) => p.id)).toEqual([defaultProjectId]);
    expect((await org.projects.list({ include_archived: true })).data).toEqual([expect.objectContaining({ id: defaultProjectId }), archived]);
  });

  it("pages through 250 projects with for await, following last_id as the after cursor", async () => {
    const made: string[] = [defaultProjectId];
    for (let i = 1; i < 250; i++) made.push((await org.projects.create({ name: `project ${i}` })).id);
    await control(emu, "DELETE", "/requests");

    const seen: string[] = [];
    for await (const project of org.projects.list({ limit: 100 })) seen.push(project.id);

    expect(seen).toEqual(made);
    const pages = await loggedRequests(emu);
    expect(pages.map((r) => r.query)).toEqual(["limit=100", `limit=100&after=${made[99]}`, `limit=100&after=${made[199]}`]);
    const last = await api(emu, "GET", `/organization/projects?limit=100&after=${made[199]}`);
    expect(last.body).toMatchObject({ object: "list", first_id: made[200], last_id: made[249], has_more: false });
  });

  it("sets, reads and deletes a project's model permissions", async () => {
    const { id } = await org.projects.create({ name: "models" });
    const unset = { object: "project.model_permissions", mode: "deny_list", model_ids: [] };
    expect(await org.projects.modelPermissions.retrieve(id)).toEqual(unset);

    const set = await org.projects.modelPermissions.update(id, { mode: "allow_list", model_ids: ["gpt-4o", "o3"] });
    expect(set).toEqual({ object: "project.model_permissions", mode: "allow_list", model_ids: ["gpt-4o", "o3"] });
    expect(await org.projects.modelPermissions.retrieve(id)).toEqual(set);

    expect(await org.projects.modelPermissions.delete(id)).toEqual({ object: "project.model_permissions.deleted", deleted: true });
    expect(await org.projects.modelPermissions.retrieve(id)).toEqual(unset);
  });

  it("creates, retrieves, updates, lists in both orders and deletes spend alerts", async () => {
    const { id: project_id } = await org.projects.create({ name: "alerts" });
    const first = await org.projects.spendAlerts.create(project_id, alertBody);
    expect(first).toEqual({
      id: expect.stringMatching(ID("alert_")), object: "project.spend_alert", threshold_amount: 5000,
      currency: "USD", interval: "month",
      notification_channel: { type: "email", recipients: ["ops@example.com"], subject_prefix: null },
    });
    expect(await org.projects.spendAlerts.retrieve(first.id, { project_id })).toEqual(first);

    const changed = { ...alertBody, threshold_amount: 9000, notification_channel: { ...alertBody.notification_channel, subject_prefix: "[budget]" } };
    const updated = await org.projects.spendAlerts.update(first.id, { project_id, ...changed });
    expect(updated).toEqual({ id: first.id, object: "project.spend_alert", ...changed });

    const second = await org.projects.spendAlerts.create(project_id, alertBody);
    const third = await org.projects.spendAlerts.create(project_id, alertBody);
    const ids = async (query: OpenAI.Admin.Organization.Projects.SpendAlertListParams) => {
      const seen: string[] = [];
      for await (const alert of org.projects.spendAlerts.list(project_id, query)) seen.push(alert.id);
      return seen;
    };
    expect(await ids({ limit: 1 })).toEqual([first.id, second.id, third.id]);
    expect(await ids({ order: "desc", limit: 2 })).toEqual([third.id, second.id, first.id]);
    expect((await org.projects.spendAlerts.list(project_id, { before: third.id, limit: 1 })).data.map((a) => a.id)).toEqual([second.id]);

    expect(await org.projects.spendAlerts.delete(second.id, { project_id }))
      .toEqual({ id: second.id, object: "project.spend_alert.deleted", deleted: true });
    expect(await ids({})).toEqual([first.id, third.id]);
  });

  it("reads data retention as organization_default until it is set", async () => {
    const { id } = await org.projects.create({ name: "retention" });
    expect(await org.projects.dataRetention.retrieve(id)).toEqual({ object: "project.data_retention", type: "organization_default" });
    expect(await org.projects.dataRetention.update(id, { retention_type: "zero_data_retention" }))
      .toEqual({ object: "project.data_retention", type: "zero_data_retention" });
    expect(await org.projects.dataRetention.retrieve(id)).toEqual({ object: "project.data_retention", type: "zero_data_retention" });
  });

  it("creates, retrieves, lists and deletes invites, inviting to the default project only when projects is omitted", async () => {
    const { id: projectId } = await org.projects.create({ name: "team" });
    const legacy = await org.invites.create({ email: "a@example.com", role: "reader" });
    expect(legacy).toEqual({
      id: expect.stringMatching(ID("invite-")), object: "organization.invite", email: "a@example.com",
      role: "reader", status: "pending", created_at: expect.any(Number),
      expires_at: legacy.created_at + 7 * 24 * 3600, accepted_at: null,
      projects: [{ id: defaultProjectId, role: "member" }],
    });
    const none = await org.invites.create({ email: "b@example.com", role: "owner", projects: [] });
    expect(none.projects).toEqual([]);
    const scoped = await org.invites.create({ email: "b@example.com", role: "reader", projects: [{ id: projectId, role: "owner" }] });
    expect(scoped.projects).toEqual([{ id: projectId, role: "owner" }]);

    expect(await org.invites.retrieve(scoped.id)).toEqual(scoped);
    const listed: string[] = [];
    for await (const invite of org.invites.list({ limit: 2 })) listed.push(invite.id);
    expect(listed).toEqual([legacy.id, none.id, scoped.id]);

    expect(await org.invites.delete(none.id)).toEqual({ id: none.id, object: "organization.invite.deleted", deleted: true });
    expect((await org.invites.list()).data.map((i) => i.id)).toEqual([legacy.id, scoped.id]);
  });

  it("answers a wrong admin key with 401 invalid_api_key and a foreign organization with 401 mismatched_organization", async () => {
    const wrongKey = await failure(() => clientWith({ adminAPIKey: "sk-admin-not-the-key" }).admin.organization.projects.list());
    expect(wrongKey).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(wrongKey).toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error" });

    const otherOrg = await failure(() => clientWith({ organization: "org-someone-else" }).admin.organization.projects.list());
    expect(otherOrg).toMatchObject({ status: 401, code: "mismatched_organization" });
    expect((await clientWith({ organization: "org-emulator" }).admin.organization.projects.list()).data).toHaveLength(1);
  });

  it("answers 404 for an unknown project, spend alert or invite, and for sub-resources of an unknown project", async () => {
    const missing = await failure(() => org.projects.retrieve("proj_missing"));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.error).toEqual({ message: "No project found with id 'proj_missing'.", type: "invalid_request_error", param: null, code: null });

    const { id: project_id } = await org.projects.create({ name: "p" });
    const { id: otherProject } = await org.projects.create({ name: "q" });
    const alert = await org.projects.spendAlerts.create(project_id, alertBody);
    const notFound = [
      () => org.projects.spendAlerts.retrieve("alert_missing", { project_id }),
      () => org.projects.spendAlerts.retrieve(alert.id, { project_id: otherProject }),
      () => org.projects.spendAlerts.delete(alert.id, { project_id: otherProject }),
      () => org.invites.retrieve("invite-missing"),
      () => org.invites.delete("invite-missing"),
      () => org.projects.modelPermissions.retrieve("proj_missing"),
      () => org.projects.dataRetention.update("proj_missing", { retention_type: "none" }),
      () => org.projects.spendAlerts.list("proj_missing").then((page) => page.data),
    ];
    for (const call of notFound) expect((await failure(call)).status).toBe(404);
  });

  it("answers 400 naming the offending field in param", async () => {
    const { id: project_id } = await org.projects.create({ name: "p" });
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => org.projects.create({ name: "  " }), "name"],
      [() => org.projects.create({ name: "x".repeat(256) }), "name"],
      [() => org.projects.create({ name: "x", residency: "MOON" as never }), "residency"],
      [() => org.projects.create({ name: "x", colour: "blue" } as never), "colour"],
      [() => org.projects.list({ limit: 101 }).then((page) => page.data), "limit"],
      [() => org.projects.modelPermissions.update(project_id, { mode: "block" as never, model_ids: [] }), "mode"],
      [() => org.projects.modelPermissions.update(project_id, { mode: "allow_list", model_ids: [""] }), "model_ids"],
      [() => org.projects.spendAlerts.create(project_id, { ...alertBody, threshold_amount: 10.5 }), "threshold_amount"],
      [() => org.projects.spendAlerts.create(project_id, { ...alertBody, currency: "EUR" as never }), "currency"],
      [() => org.projects.spendAlerts.create(project_id, { ...alertBody, notification_channel: { type: "email", recipients: [] } }), "notification_channel.recipients"],
      [() => org.projects.spendAlerts.create(project_id, { ...alertBody, notification_channel: { type: "email", recipients: ["x@y.z"], cc: [] } as never }), "notification_channel.cc"],
      [() => org.projects.spendAlerts.create(project_id, { currency: "USD", interval: "month", threshold_amount: 1 } as never), "notification_channel"],
      [() => org.projects.dataRetention.update(project_id, { retention_type: "forever" as never }), "retention_type"],
      [() => org.invites.create({ email: "not-an-address", role: "reader" }), "email"],
      [() => org.invites.create({ email: "a@example.com", role: "admin" as never }), "role"],
      [() => org.invites.create({ email: "a@example.com", role: "reader", projects: [{ id: defaultProjectId, role: "member" }] }), "projects"],
      [() => org.invites.create({ email: "a@example.com", role: "reader", projects: [{ id: "proj_missing", role: "member" }] }), "projects"],
    ];
    for (const [call, param] of cases) {
      const error = await failure(call);
      expect({ status: error.status, param: error.param, type: error.type }).toEqual({ status: 400, param, type: "invalid_request_error" });
    }
    const unknown = await failure(() => org.projects.create({ name: "x", colour: "blue" } as never));
    expect(unknown.error).toMatchObject({ message: "Unrecognized request argument supplied: colour" });
  });

  it("refuses to update an archived project and to modify or archive the default project", async () => {
    const { id } = await org.projects.create({ name: "old" });
    await org.projects.archive(id);
    const archived = await failure(() => org.projects.update(id, { name: "new" }));
    expect(archived).toBeInstanceOf(OpenAI.BadRequestError);
    expect(archived.message).toContain("Cannot update an archived project");

    expect((await failure(() => org.projects.update(defaultProjectId, { name: "renamed" }))).status).toBe(400);
    expect((await failure(() => org.projects.archive(defaultProjectId))).status).toBe(400);
    expect(await org.projects.retrieve(defaultProjectId)).toMatchObject({ name: "Default project", status: "active" });
  });

  it("refuses changes to the sub-resources of an archived project but still reads and deletes them", async () => {
    const { id: project_id } = await org.projects.create({ name: "winding down" });
    await org.projects.modelPermissions.update(project_id, { mode: "deny_list", model_ids: ["o1"] });
    const alert = await org.projects.spendAlerts.create(project_id, alertBody);
    await org.projects.archive(project_id);

    const refused = [
      () => org.projects.modelPermissions.update(project_id, { mode: "allow_list", model_ids: [] }),
      () => org.projects.spendAlerts.create(project_id, alertBody),
      () => org.projects.spendAlerts.update(alert.id, { project_id, ...alertBody }),
      () => org.projects.dataRetention.update(project_id, { retention_type: "none" }),
      () => org.invites.create({ email: "a@example.com", role: "reader", projects: [{ id: project_id, role: "member" }] }),
    ];
    for (const call of refused) expect((await failure(call)).status).toBe(400);

    expect(await org.projects.spendAlerts.retrieve(alert.id, { project_id })).toEqual(alert);
    await org.projects.spendAlerts.delete(alert.id, { project_id });
    expect((await org.projects.modelPermissions.delete(project_id)).deleted).toBe(true);
  });

  it("refuses to delete an accepted invite with a 400 and keeps it", async () => {
    const invite = await org.invites.create({ email: "c@example.com", role: "reader" });
    await control(emu, "POST", `/invites/${invite.id}/accept`);
    const error = await failure(() => org.invites.delete(invite.id));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain("Cannot delete an accepted invite");
    expect(await org.invites.retrieve(invite.id)).toMatchObject({ status: "accepted", accepted_at: expect.any(Number) });
  });

  it("answers unknown routes with 404, a wrong method with 405 and a malformed body with 400, always as JSON with a request id", async () => {
    const answers = [
      await api(emu, "GET", "/organization/widgets"),
      await api(emu, "DELETE", "/organization/projects"),
      await api(emu, "POST", "/organization/projects", { rawBody: "{name:" }),
      await api(emu, "POST", "/organization/projects", { rawBody: "[]" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 405, 400, 400]);
    for (const a of answers) {
      expect(a.headers.get("content-type")).toBe("application/json");
      expect(a.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
      expect(a.body.error).toEqual({ message: expect.any(String), type: "invalid_request_error", param: null, code: null });
    }
    const missing = await api(emu, "GET", "/organization/projects", { headers: { authorization: "" } });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBeNull();
  });

  it("never puts the admin key, or the key a client presented, into any error body", async () => {
    const presented = `${KEY}-but-longer-and-wrong`;
    await control(emu, "POST", "/faults", { path: "/organization/invites", fault: "500", count: 1 });
    await control(emu, "POST", "/faults", { path: "/organization/invites", fault: "429", count: 1, retryAfter: 1 });
    const bodies = [
      await api(emu, "GET", "/organization/projects", { headers: { authorization: `Bearer ${presented}` } }),
      await api(emu, "GET", "/organization/projects", { headers: { authorization: presented } }),
      await api(emu, "GET", "/organization/projects", { headers: { authorization: "" } }),
      await api(emu, "GET", "/organization/projects", { headers: { "openai-organization": "org-x" } }),
      await api(emu, "GET", "/organization/projects/proj_missing"),
      await api(emu, "POST", "/organization/projects", { body: { name: "" } }),
      await api(emu, "PUT", "/organization/projects"),
      await api(emu, "GET", "/organization/invites"),
      await api(emu, "GET", "/organization/invites"),
    ];
    expect(bodies.map((b) => b.status)).toEqual([401, 401, 401, 401, 404, 400, 405, 500, 429]);
    for (const { text } of bodies) {
      for (const secret of [KEY, presented, KEY.slice(-8), KEY.slice(0, 12)]) expect(text).not.toContain(secret);
    }
  });
});
