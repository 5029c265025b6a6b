import { Emulator, EmulatorControl, startEmulator } from "../../emulator";
import { Answer, api, control, loggedRequests } from "./helpers";

const createProject = (emu: Emulator, name = "p") => api(emu, "POST", "/organization/projects", { body: { name } });
const projectNames = async (emu: Emulator) =>
  (await control(emu, "GET", "/org")).body.projects.map((p: { name: string }) => p.name);

/** Sends a request the emulator is told to drop, and reports how the connection ended. */
async function dropped(emu: Emulator, name: string): Promise<string> {
  return createProject(emu, name).then((a) => `answered ${a.status}`, (e: Error) => `dropped: ${e.message}`);
}

describe("emulator control endpoints", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ seed: 42 });
  });
  afterAll(() => emu.close());
  beforeEach(() => control(emu, "POST", "/reset"));

  it("logs every /v1 request in arrival order with its path, endpoint template, raw query and status, and clears the log on DELETE", async () => {
    const { body: project } = await createProject(emu);
    await api(emu, "POST", `/organization/projects/${project.id}/archive`);
    await api(emu, "GET", "/organization/projects?include_archived=true&limit=5");
    await api(emu, "GET", "/organization/projects/proj_missing", { headers: { authorization: "Bearer wrong" } });
    await api(emu, "GET", "/organization/nothing");
    await control(emu, "GET", "/org");

    const { body } = await control(emu, "GET", "/requests");
    const timing = { at: expect.any(Number), ms: expect.any(Number) };
    expect(body.requests).toEqual([
      { method: "POST", path: "/organization/projects", endpoint: "POST /organization/projects", query: "", status: 200, ...timing },
      { method: "POST", path: `/organization/projects/${project.id}/archive`, endpoint: "POST /organization/projects/{project_id}/archive", query: "", status: 200, ...timing },
      { method: "GET", path: "/organization/projects", endpoint: "GET /organization/projects", query: "include_archived=true&limit=5", status: 200, ...timing },
      { method: "GET", path: "/organization/projects/proj_missing", endpoint: "GET /organization/projects/{project_id}", query: "", status: 401, ...timing },
      { method: "GET", path: "/organization/nothing", endpoint: null, query: "", status: 404, ...timing },
    ]);
    await control(emu, "DELETE", "/requests");
    expect(await loggedRequests(emu)).toEqual([]);
  });

  it("accepts an invite and expires another, which then reads as expired", async () => {
    const { body: a } = await api(emu, "POST", "/organization/invites", { body: { email: "a@example.com", role: "reader" } });
    const { body: b } = await api(emu, "POST", "/organization/invites", { body: { email: "b@example.com", role: "reader" } });

    const accepted = await control(emu, "POST", `/invites/${a.id}/accept`);
    expect(accepted.body).toMatchObject({ id: a.id, status: "accepted", accepted_at: expect.any(Number) });
    const expired = await control(emu, "POST", `/invites/${b.id}/expire`);
    expect(expired.body.status).toBe("expired");
    expect(expired.body.expires_at).toBeLessThan(Date.now() / 1000);

    expect((await api(emu, "GET", `/organization/invites/${b.id}`)).body.status).toBe("expired");
    expect((await api(emu, "GET", "/organization/invites")).body.data.map((i: { status: string }) => i.status)).toEqual(["accepted", "expired"]);
    expect((await control(emu, "POST", "/invites/invite-missing/accept")).status).toBe(404);
  });

  it("answers a 429 fault with retry-after, retry-after-ms, or no retry header at all, as the rule says", async () => {
    await control(emu, "POST", "/faults", { fault: "429", count: 1, retryAfter: 2 });
    await control(emu, "POST", "/faults", { fault: "429", count: 1, retryAfterMs: 250 });
    await control(emu, "POST", "/faults", { fault: "429", count: 1 });
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await api(emu, "GET", "/organization/projects"));

    expect(answers.map((a) => [a.status, a.headers.get("retry-after"), a.headers.get("retry-after-ms")])).toEqual([
      [429, "2", null], [429, null, "250"], [429, null, null], [200, null, null],
    ]);
    expect(answers[0].body.error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
  });

  it("answers 500, 502 and 503 faults as server_error, leaving the org untouched", async () => {
    for (const fault of ["500", "502", "503"]) {
      await control(emu, "POST", "/faults", { method: "POST", path: "/organization/projects", fault, count: 1 });
      const answer = await createProject(emu, `during ${fault}`);
      expect([answer.status, answer.body.error.type]).toEqual([Number(fault), "server_error"]);
    }
    expect(await projectNames(emu)).toEqual(["Default project"]);
  });

  it("delays a request by latencyMs and still applies it, letting a later rule decide its answer", async () => {
    await control(emu, "POST", "/faults", { path: "/organization/projects", fault: "latency", latencyMs: 150, count: 2 });
    await control(emu, "POST", "/faults", { path: "/organization/projects", fault: "503", count: 1 });

    let started = Date.now();
    expect((await createProject(emu, "slow")).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    expect((await createProject(emu, "slow")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await control(emu, "GET", "/faults")).body.faults).toEqual([]);
    expect((await loggedRequests(emu)).map((r) => r.status)).toEqual([503, 200]);
  });

  it("drops the connection before applying anything for drop_before, and logs status 0", async () => {
    await control(emu, "POST", "/faults", { method: "POST", fault: "drop_before", count: 1 });
    expect(await dropped(emu, "never made")).toMatch(/^dropped/);
    expect(await projectNames(emu)).toEqual(["Default project"]);
    expect(await loggedRequests(emu)).toEqual([{ method: "POST", path: "/organization/projects", query: "", status: 0 }]);
  });

  it("applies the request and then drops the connection without an answer for drop_after", async () => {
    await control(emu, "POST", "/faults", { method: "POST", fault: "drop_after", count: 1 });
    expect(await dropped(emu, "made but unanswered")).toMatch(/^dropped/);
    expect(await projectNames(emu)).toEqual(["Default project", "made but unanswered"]);
    expect((await loggedRequests(emu)).map((r) => r.status)).toEqual([0]);
  });

  it("fires a count rule for exactly the next N requests its method and path pattern match, then expires it", async () => {
    const { body: project } = await createProject(emu);
    await control(emu, "POST", "/faults", { method: "get", path: "/organization/projects/*/model_permissions", fault: "500", count: 2 });
    await control(emu, "POST", "/faults", { path: "/organization/invites/**", fault: "502", count: 1 });

    const permissions = `/organization/projects/${project.id}/model_permissions`;
    const statuses = [
      (await api(emu, "POST", permissions, { body: { mode: "deny_list", model_ids: ["o1"] } })).status,
      (await api(emu, "GET", `/organization/projects/${project.id}`)).status,
      (await api(emu, "GET", permissions)).status,
      (await api(emu, "GET", permissions)).status,
      (await api(emu, "GET", permissions)).status,
      (await api(emu, "GET", "/organization/invites/invite-x")).status,
      (await api(emu, "GET", "/organization/invites/invite-x")).status,
    ];
    expect(statuses).toEqual([200, 200, 500, 500, 200, 502, 404]);
    expect((await control(emu, "GET", "/faults")).body.faults).toEqual([]);
  });

  it("fires a probability rule at random, the same way every time for the same seed, and never expires it", async () => {
    const pattern = async (seeded: Emulator) => {
      await control(seeded, "POST", "/faults", { fault: "500", probability: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await api(seeded, "GET", "/organization/projects")).status);
      return statuses;
    };
    const [one, twin] = await Promise.all([startEmulator({ seed: 7 }), startEmulator({ seed: 7 })]);
    try {
      const first = await pattern(one);
      expect(first).toContain(500);
      expect(first).toContain(200);
      expect(await pattern(twin)).toEqual(first);
      expect((await control(one, "GET", "/faults")).body.faults).toHaveLength(1);
    } finally {
      await Promise.all([one.close(), twin.close()]);
    }
  });

  it("rejects a malformed fault rule with 400", async () => {
    for (const rule of [{ fault: "418" }, { fault: "500", probability: 2 }, { fault: "latency" }, { fault: "500", colour: "red" }]) {
      expect((await control(emu, "POST", "/faults", rule)).status).toBe(400);
    }
  });

  it("rate-limits /v1 over a sliding window with retry-after and retry-after-ms, not counting refused requests", async () => {
    await control(emu, "PUT", "/rate-limit", { limit: 2, windowMs: 400 });
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
    const refused = await api(emu, "GET", "/organization/projects");
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
    expect(refused.headers.get("retry-after")).toBe("1");
    const waitMs = Number(refused.headers.get("retry-after-ms"));
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(400);
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, waitMs + 20));
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
    expect((await loggedRequests(emu)).map((r) => r.status)).toEqual([200, 200, 429, 429, 200]);

    await control(emu, "DELETE", "/rate-limit");
    for (let i = 0; i < 3; i++) expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
  });

  it("can rate-limit without sending any retry header", async () => {
    await control(emu, "PUT", "/rate-limit", { limit: 1, windowMs: 60_000, retryAfter: false });
    await api(emu, "GET", "/organization/projects");
    const refused = await api(emu, "GET", "/organization/projects");
    expect([refused.status, refused.headers.get("retry-after"), refused.headers.get("retry-after-ms")]).toEqual([429, null, null]);
  });

  it("dumps the whole org in API shapes, archived projects and expired invites included", async () => {
    const { body: kept } = await createProject(emu, "kept");
    const { body: gone } = await createProject(emu, "gone");
    await api(emu, "POST", `/organization/projects/${gone.id}/archive`);
    const { body: permissions } = await api(emu, "POST", `/organization/projects/${kept.id}/model_permissions`, { body: { mode: "allow_list", model_ids: ["gpt-4o"] } });
    const { body: alert } = await api(emu, "POST", `/organization/projects/${kept.id}/spend_alerts`, {
      body: { threshold_amount: 100, currency: "USD", interval: "month", notification_channel: { type: "email", recipients: ["x@example.com"] } },
    });
    const { body: retention } = await api(emu, "POST", `/organization/projects/${kept.id}/data_retention`, { body: { retention_type: "none" } });
    const { body: invite } = await api(emu, "POST", "/organization/invites", { body: { email: "i@example.com", role: "owner", projects: [] } });
    await control(emu, "POST", `/invites/${invite.id}/expire`);

    const { body: dump } = await control(emu, "GET", "/org");
    expect(dump.projects.map((p: { name: string; status: string }) => [p.name, p.status]))
      .toEqual([["Default project", "active"], ["kept", "active"], ["gone", "archived"]]);
    expect(dump.modelPermissions).toEqual({ [kept.id]: permissions });
    expect(dump.spendAlerts).toEqual({ [kept.id]: [alert] });
    expect(dump.dataRetention).toEqual({ [kept.id]: retention });
    expect(dump.invites).toEqual([{ ...invite, status: "expired", expires_at: expect.any(Number) }]);
  });

  it("resets to a fresh org holding only a new default project, with no log, faults or rate limit", async () => {
    const before = (await control(emu, "GET", "/org")).body.projects[0].id;
    await createProject(emu, "doomed");
    await control(emu, "POST", "/faults", { fault: "500" });
    await control(emu, "PUT", "/rate-limit", { limit: 1, windowMs: 60_000 });

    expect((await control(emu, "POST", "/reset")).status).toBe(200);

    const { body: dump } = await control(emu, "GET", "/org");
    expect(dump).toEqual({ projects: [expect.objectContaining({ name: "Default project" })], modelPermissions: {}, spendAlerts: {}, dataRetention: {}, invites: [],
      users: [expect.objectContaining({ role: "owner" })], projectUsers: {}, serviceAccounts: {}, projectApiKeys: {}, rateLimits: {}, adminApiKeys: [], auditLogs: [],
      organizationSpendLimit: null, projectSpendLimits: {}, organizationSpendAlerts: [], organizationDataRetention: null,
      usage: { synthetic: true, records: [] },
      certificates: [], projectCertificates: {}, hostedToolPermissions: {}, serviceTierSettings: {},
      externalKeys: [], unreachable: [], externalStorage: [], workloadIdentityProviders: [], federationRules: {},
      groups: [], groupMembers: {}, roleAssignments: {}, projectGroups: {}, projectRoles: {}, roles: [expect.objectContaining({ name: "owner", predefined_role: true }), expect.objectContaining({ name: "reader", predefined_role: true })] });
    expect(dump.projects[0].id).not.toBe(before);
    expect(await loggedRequests(emu)).toEqual([]);
    expect((await control(emu, "GET", "/faults")).body.faults).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
  });

  it("does not use up fault ids on rejected rules (issue 10 #22)", async () => {
    expect((await control(emu, "POST", "/faults", { fault: "418" })).status).toBe(400);
    const first = await startEmulator({ seed: 1 });
    try {
      expect((await control(first, "POST", "/faults", { fault: "teapot" })).status).toBe(400);
      expect((await control(first, "POST", "/faults", { fault: "500", count: 1 })).body).toEqual({ id: "fault_1" });
    } finally {
      await first.close();
    }
  });

  it("keeps only the newest requestLogLimit entries and says how many it dropped (issue 10 #22)", async () => {
    const small = await startEmulator({ requestLogLimit: 3 });
    try {
      for (const name of ["a", "b", "c", "d", "e"]) await api(small, "GET", `/organization/projects/${name}`);
      const { body } = await control(small, "GET", "/requests");
      expect(body.requests.map((r: { path: string }) => r.path)).toEqual(["/organization/projects/c", "/organization/projects/d", "/organization/projects/e"]);
      expect(body.dropped).toBe(2);
      await expect(new EmulatorControl(small.url).requests()).rejects.toThrow("request log dropped its 2 oldest entries");

      await control(small, "DELETE", "/requests");
      await api(small, "GET", "/organization/projects");
      expect((await control(small, "GET", "/requests")).body).toMatchObject({ requests: [{ path: "/organization/projects" }], dropped: 0 });
    } finally {
      await small.close();
    }
  });

  it("requires the admin key on control calls when asked to, as it always is beyond loopback (issue 10 #21)", async () => {
    const guarded = await startEmulator({ requireControlKey: true, adminKey: "sk-admin-guarded-test" });
    try {
      expect(guarded.controlNeedsKey).toBe(true);
      const refused = await control(guarded, "POST", "/reset");
      expect([refused.status, refused.body.error.type]).toEqual([401, "invalid_request_error"]);
      const wrongKey = await fetch(`${guarded.url.replace(/\/v1$/, "")}/__emulator/org`, { headers: { authorization: "Bearer sk-admin-wrong" } });
      expect(wrongKey.status).toBe(401);
      const keyed = new EmulatorControl(guarded.url, guarded.adminKey);
      await keyed.reset();
      expect((await keyed.org()).projects).toHaveLength(1);
    } finally {
      await guarded.close();
    }
    expect(emu.controlNeedsKey).toBe(false);
  });

  it("answers an unknown control call with 404", async () => {
    expect((await control(emu, "GET", "/nothing-here")).status).toBe(404);
  });
});
