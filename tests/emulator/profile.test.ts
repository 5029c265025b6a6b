import OpenAI from "openai";
import { Emulator, EmulatorControl, REAL_PROFILE, startEmulator } from "../../emulator";
import { EndpointLimits } from "../../emulator/profile";
import { api, control, loggedRequests } from "./helpers";

const alertBody = {
  threshold_amount: 100, currency: "USD", interval: "month",
  notification_channel: { type: "email", recipients: ["ops@example.com"] },
};
const retryHeaders = (headers: Headers) => [...headers.keys()].filter((h) => h.startsWith("retry-after") || h.startsWith("x-ratelimit"));

describe("EndpointLimits", () => {
  it("keeps one window per endpoint, so a full one refuses only its own endpoint until it slides", () => {
    let now = 0;
    const limits = new EndpointLimits({ requests: 2, windowMs: 1000 }, () => now);
    const a = "GET /organization/projects";
    const b = "POST /organization/projects";
    expect([limits.admit(a), limits.admit(a), limits.admit(a)]).toEqual([true, true, false]);
    expect([limits.admit(b), limits.admit(b), limits.admit(b)]).toEqual([true, true, false]);
    now = 999;
    expect(limits.admit(a)).toBe(false);
    now = 1000;
    expect([limits.admit(a), limits.admit(a), limits.admit(a)]).toEqual([true, true, false]);
  });

  it("admits everything when the profile has no limit", () => {
    const limits = new EndpointLimits(null, () => 0);
    expect(Array.from({ length: 100 }, () => limits.admit("GET /x")).every(Boolean)).toBe(true);
  });
});

describe("emulator realistic profile (issue 12)", () => {
  let now: number;
  let emu: Emulator;
  const clock = () => now;

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
  });
  afterEach(() => emu?.close());

  it("refuses past the per-endpoint limit with OpenAI's 429 and no retry-after or rate-limit header, endpoint by endpoint", async () => {
    emu = await startEmulator({ profile: "real", endpointLimit: { requests: 2, windowMs: 60_000 }, readLagMs: 0, clock });
    const { body: a } = await api(emu, "POST", "/organization/projects", { body: { name: "a" } });
    const { body: b } = await api(emu, "POST", "/organization/projects", { body: { name: "b" } });
    const refusedCreate = await api(emu, "POST", "/organization/projects", { body: { name: "c" } });
    expect(refusedCreate.status).toBe(429);
    expect(refusedCreate.body).toEqual({
      error: { message: expect.any(String), type: "requests", param: null, code: "rate_limit_exceeded" },
    });
    expect(retryHeaders(refusedCreate.headers)).toEqual([]);

    // Two ids, one endpoint: GET /organization/projects/{project_id} is counted as one.
    const reads = [
      (await api(emu, "GET", `/organization/projects/${a.id}`)).status,
      (await api(emu, "GET", `/organization/projects/${b.id}`)).status,
      (await api(emu, "GET", `/organization/projects/${a.id}`)).status,
    ];
    expect(reads).toEqual([200, 200, 429]);
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
    expect((await api(emu, "GET", "/organization/invites")).status).toBe(200);

    now += 59_999;
    expect((await api(emu, "POST", "/organization/projects", { body: { name: "c" } })).status).toBe(429);
    now += 1;
    expect((await api(emu, "POST", "/organization/projects", { body: { name: "c" } })).status).toBe(200);
    expect((await control(emu, "GET", "/org")).body.projects.map((p: { name: string }) => p.name)).toEqual(["Default project", "a", "b", "c"]);

    const log = await loggedRequests(emu);
    expect(log.filter((r) => r.status === 429).map((r) => `${r.method} ${r.path.replace(/proj_\w+/, "{id}")}`))
      .toEqual(["POST /organization/projects", "GET /organization/projects/{id}", "POST /organization/projects"]);
  });

  it("hides a new object for readLagMs: its GET answers 404 and lists omit it, while creates answer 200", async () => {
    emu = await startEmulator({ profile: "real", endpointLimit: { requests: 1000, windowMs: 60_000 }, readLagMs: 3000, clock });
    const project = await api(emu, "POST", "/organization/projects", { body: { name: "young" } });
    const alert = await api(emu, "POST", `/organization/projects/${project.body.id}/spend_alerts`, { body: alertBody });
    const invite = await api(emu, "POST", "/organization/invites", { body: { email: "new@example.com", role: "reader", projects: [] } });
    expect([project.status, alert.status, invite.status]).toEqual([200, 200, 200]);

    const visible = async () => ({
      project: (await api(emu, "GET", `/organization/projects/${project.body.id}`)).status,
      alert: (await api(emu, "GET", `/organization/projects/${project.body.id}/spend_alerts/${alert.body.id}`)).status,
      invite: (await api(emu, "GET", `/organization/invites/${invite.body.id}`)).status,
      projects: (await api(emu, "GET", "/organization/projects")).body.data.map((p: { name: string }) => p.name),
      alerts: (await api(emu, "GET", `/organization/projects/${project.body.id}/spend_alerts`)).body.data.length,
      invites: (await api(emu, "GET", "/organization/invites")).body.data.length,
    });
    now += 2999;
    expect(await visible()).toEqual({ project: 404, alert: 404, invite: 404, projects: ["Default project"], alerts: 0, invites: 0 });
    const missing = await api(emu, "GET", `/organization/projects/${project.body.id}`);
    expect(missing.body.error).toEqual({ message: `No project found with id '${project.body.id}'.`, type: "invalid_request_error", param: null, code: null });

    now += 1;
    expect(await visible()).toEqual({ project: 200, alert: 200, invite: 200, projects: ["Default project", "young"], alerts: 1, invites: 1 });
  });

  it("shows the lag to the official client as NotFoundError, and the object once the lag is over", async () => {
    emu = await startEmulator({ profile: "real", readLagMs: 500, clock });
    const client = new OpenAI({ adminAPIKey: emu.adminKey, baseURL: emu.url, maxRetries: 0 });
    const created = await client.admin.organization.projects.create({ name: "late" });
    await expect(client.admin.organization.projects.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    now += 500;
    expect(await client.admin.organization.projects.retrieve(created.id)).toEqual(created);
  });

  it("uses the measured real values by default and reports them", async () => {
    emu = await startEmulator({ profile: "real", clock });
    expect((await control(emu, "GET", "/profile")).body).toEqual({ profile: "real", ...REAL_PROFILE });
    expect(REAL_PROFILE).toEqual({ endpointLimit: { requests: 10, windowMs: 60_000 }, readLagMs: 3000 });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api(emu, "GET", "/organization/invites")).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
  });

  it("is switched on and off by control calls, with the same numbers, and survives a reset with empty windows", async () => {
    emu = await startEmulator({ clock });
    const ctl = new EmulatorControl(emu.url);
    expect(await ctl.profile()).toEqual({ profile: "default", endpointLimit: null, readLagMs: 0 });
    for (let i = 0; i < 20; i++) expect((await api(emu, "GET", "/organization/invites")).status).toBe(200);

    expect(await ctl.setProfile({ profile: "real", endpointLimit: { requests: 1, windowMs: 1000 } }))
      .toEqual({ profile: "real", endpointLimit: { requests: 1, windowMs: 1000 }, readLagMs: 3000 });
    expect([(await api(emu, "GET", "/organization/invites")).status, (await api(emu, "GET", "/organization/invites")).status]).toEqual([200, 429]);

    await ctl.reset();
    expect((await ctl.profile()).profile).toBe("real");
    expect((await api(emu, "GET", "/organization/invites")).status).toBe(200);

    expect(await ctl.clearProfile()).toEqual({ profile: "default", endpointLimit: null, readLagMs: 0 });
    const { body: project } = await api(emu, "POST", "/organization/projects", { body: { name: "at once" } });
    expect((await api(emu, "GET", `/organization/projects/${project.id}`)).status).toBe(200);
  });

  it("refuses numbers without the real profile, and numbers out of range, naming the field", async () => {
    await expect(startEmulator({ readLagMs: 5 })).rejects.toThrow('profile: endpointLimit and readLagMs belong to profile "real"');
    await expect(startEmulator({ profile: "real", endpointLimit: { requests: 0, windowMs: 1000 } })).rejects.toThrow("endpointLimit.requests");
    emu = await startEmulator();
    for (const body of [{ profile: "fast" }, { profile: "real", readLagMs: -1 }, { profile: "default", readLagMs: 10 }, { profile: "real", burst: 3 }]) {
      const answer = await control(emu, "PUT", "/profile", body);
      expect([answer.status, answer.body.error.type]).toEqual([400, "invalid_request_error"]);
    }
    expect((await control(emu, "GET", "/profile")).body.profile).toBe("default");
  });
});
