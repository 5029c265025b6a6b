import { resources } from "../../provider";
import { stackConfig, withProjectPerTest } from "../support/emulator";

// Issue 22 item 3: a refresh or an adoption reads a collection by its list pages (provider/client/listed.ts),
// once per run, instead of one GET per object.
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

type Made = { type: string; id: string; outs: Record<string, unknown> };

async function make(type: string, args: Record<string, unknown>): Promise<Made> {
  const { inputs, failures } = await resources[type].check({}, args);
  expect(failures).toEqual([]);
  const { id, outs } = await resources[type].create(inputs);
  return { type, id, outs };
}

/** The log as "METHOD /path?query" lines, so the page cursors show. */
const sent = async () => (await env.ctl.requests()).map((r) => `${r.method} ${r.path}${r.query ? `?${decodeURIComponent(r.query)}` : ""}`);
const PROJECTS = "GET /organization/projects?include_archived=true&limit=100";

describe("reads by list pages", () => {
  test("a refresh of many projects and their children costs one call per list page, not one per object", async () => {
    const made: Made[] = [];
    // With the default project and the suite's, 120 more make two pages of 100.
    for (let i = 0; i < 120; i++) made.push(await make("Project", { name: `p${i}` }));
    const ada = await env.ctl.addUser({ email: "ada@example.com" });
    const parents = made.slice(0, 3).map((p) => p.id);
    for (const projectId of parents) {
      for (const thresholdAmount of [1000, 2000]) {
        made.push(await make("SpendAlert", { projectId, thresholdAmount, notificationChannel: { recipients: ["a@example.com"] } }));
      }
      made.push(await make("ProjectServiceAccount", { projectId, name: "ci" }));
      made.push(await make("ProjectUser", { projectId, userId: ada.id, role: "member" }));
      made.push(await make("ProjectRateLimit", { projectId, model: "gpt-4o", maxRequestsPer1Minute: 100 }));
    }
    made.push(await make("OrganizationUser", { userId: ada.id, role: "reader" }));
    await env.ctl.clearRequests();

    // The engine reads every resource of the stack at once.
    const read = await Promise.all(made.map((m) => resources[m.type].read(m.id, m.outs)));
    expect(read.map((r) => r.id)).toEqual(made.map((m) => m.id));
    read.forEach((r, i) => expect(r.props).toEqual(made[i].outs));

    const calls = await sent();
    const children = parents.flatMap((p) => ["spend_alerts", "service_accounts", "users", "rate_limits"].map((c) => `GET /organization/projects/${p}/${c}?limit=100`));
    // 136 objects, which took 136 calls before (a GET each; a rate limit, a listing each): now 2 pages of projects,
    // one page of each project's child collections, and one of the members.
    expect(made).toHaveLength(136);
    const projectPages = calls.filter((c) => c.startsWith("GET /organization/projects?"));
    expect(projectPages).toEqual([PROJECTS, expect.stringMatching(/^GET \/organization\/projects\?include_archived=true&limit=100&after=proj_/)]);
    expect(calls.filter((c) => !projectPages.includes(c)).sort()).toEqual([...children, "GET /organization/users?limit=100"].sort());
  });

  test("groups, their members, roles, role assignments and a project's groups are read by their listings too", async () => {
    const project = suite.projectId();
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await env.ctl.addUser({ email: `p${i}@example.com` }));
    const group = await make("Group", { name: "platform" });
    const made: Made[] = [group];
    for (const p of people) made.push(await make("GroupMember", { groupId: group.id, userId: p.id }));
    const roles: Made[] = [];
    for (const name of ["auditor", "deployer"]) roles.push(await make("OrganizationRole", { name, permissions: ["api.usage.read"] }));
    const projectRoles: Made[] = [];
    for (const name of ["p-auditor", "p-deployer"]) projectRoles.push(await make("ProjectRole", { projectId: project, name, permissions: ["api.project.deploy"] }));
    made.push(...roles, ...projectRoles);
    for (const r of roles) made.push(await make("OrganizationRoleAssignment", { groupId: group.id, roleId: r.id }));
    for (const r of projectRoles) made.push(await make("ProjectRoleAssignment", { projectId: project, userId: people[0].id, roleId: r.id }));
    made.push(await make("ProjectGroup", { projectId: project, groupId: group.id, role: "role_project_member" }));
    await env.ctl.clearRequests();

    const read = await Promise.all(made.map((m) => resources[m.type].read(m.id, m.outs)));
    read.forEach((r, i) => {
      // A member's create answers no name or email; its read fills them in, from the listing as from its GET.
      const { name, email, ...rest } = made[i].outs;
      expect(r).toEqual({ id: made[i].id, props: made[i].type === "GroupMember" ? { ...rest, name: expect.any(String), email: expect.any(String) } : made[i].outs });
      expect([name, email].every((v) => v === null || made[i].type !== "GroupMember")).toBe(true);
    });
    // 13 objects, 13 GETs before: now one listing of each of the 7 collections they live in.
    expect(made).toHaveLength(13);
    expect((await sent()).sort()).toEqual(
      [
        "GET /organization/groups?limit=100",
        `GET /organization/groups/${group.id}/users?limit=100`,
        "GET /organization/roles?limit=100",
        `GET /projects/${project}/roles?limit=100`,
        `GET /organization/groups/${group.id}/roles?limit=100`,
        `GET /projects/${project}/users/${people[0].id}/roles?limit=100`,
        `GET /organization/projects/${project}/groups?limit=100`,
      ].sort(),
    );
  });

  test("concurrent reads share one listing", async () => {
    const made: Made[] = [];
    for (let i = 0; i < 20; i++) made.push(await make("Project", { name: `p${i}` }));
    await env.ctl.clearRequests();
    const read = await Promise.all(made.map((m) => resources.Project.read(m.id, m.outs)));
    expect(read.map((r) => r.props)).toEqual(made.map((m) => m.outs));
    expect(await sent()).toEqual([PROJECTS]);
    // Later reads of the run take the same listing: no call at all.
    await resources.Project.read(made[0].id, made[0].outs);
    expect(await sent()).toEqual([PROJECTS]);
  });

  test("a read after a write sees the write, never a listing made before it", async () => {
    const p = await make("Project", { name: "before" });
    await resources.Project.read(p.id, p.outs);
    const renamed = (await resources.Project.check({}, { name: "after" })).inputs;
    const { outs } = await resources.Project.update(p.id, p.outs, renamed);
    await env.ctl.clearRequests();
    expect((await resources.Project.read(p.id, outs)).props).toMatchObject({ name: "after" });
    expect(await sent()).toEqual([PROJECTS]);

    // A write to any collection drops every listing: here a spend alert's delete, then its read.
    const alert = await make("SpendAlert", { projectId: p.id, thresholdAmount: 1000, notificationChannel: { recipients: ["a@example.com"] } });
    const old = { ...alert.outs, createdAt: (alert.outs.createdAt as number) - 3600 };
    expect((await resources.SpendAlert.read(alert.id, old)).id).toBe(alert.id);
    await resources.SpendAlert.delete(alert.id, alert.outs);
    await env.ctl.clearRequests();
    expect(await resources.SpendAlert.read(alert.id, old)).toEqual({ id: "", props: {} });
    // Gone takes its own GET's 404: not being listed is not enough.
    const base = `/organization/projects/${p.id}/spend_alerts`;
    expect(await sent()).toEqual([`GET ${base}?limit=100`, `GET ${base}/${alert.id}`]);
  });

  test("a project archived outside Pulumi is found by the listing and reads as drift that replaces it", async () => {
    const p = await make("Project", { name: "to-archive" });
    const res = await fetch(`${env.emu.url}/organization/projects/${p.id}/archive`, { method: "POST", headers: { authorization: `Bearer ${env.emu.adminKey}` } });
    expect(res.status).toBe(200);
    await env.ctl.clearRequests();
    const read = await resources.Project.read(p.id, p.outs);
    expect(read.props).toMatchObject({ status: "archived", archivedAt: expect.any(Number) });
    expect(await resources.Project.diff(p.id, read.props, { name: "to-archive" })).toMatchObject({ replaces: ["status"] });
    expect(await sent()).toEqual([PROJECTS]);
  });

  test("the listing lives for one run: a configure with other settings lists again, the same settings again do not", async () => {
    const p = await make("Project", { name: "old-name" });
    await resources.Project.read(p.id, p.outs);
    // Renamed behind the provider's back: this run's listing does not know.
    await fetch(`${env.emu.url}/organization/projects/${p.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "new-name" }),
    });
    await env.ctl.clearRequests();
    expect((await resources.Project.read(p.id, p.outs)).props).toMatchObject({ name: "old-name" });
    expect(await sent()).toEqual([]);
    // The dynamic-provider host configures once per resource type, with the run's one config.
    stackConfig({});
    expect((await resources.Project.read(p.id, p.outs)).props).toMatchObject({ name: "old-name" });
    expect(await sent()).toEqual([]);
    try {
      // A setting that keeps the same client, so only the configure can tell the listing is out of date.
      stackConfig({ "openai:lostCreateWaitMs": "1000" });
      expect((await resources.Project.read(p.id, p.outs)).props).toMatchObject({ name: "new-name" });
      expect(await sent()).toEqual([PROJECTS]);
    } finally {
      stackConfig({});
    }
  });

  test("adoption reads from the listing too, and an object it does not hold is looked up by its GET", async () => {
    const p = await make("Project", { name: "adopt-me" });
    await env.ctl.clearRequests();
    const adopted = await resources.Project.create({ name: "adopt-me", externalKeyId: null, importId: p.id });
    expect(adopted.id).toBe(p.id);
    expect(await sent()).toEqual([PROJECTS]);
    await expect(resources.Project.create({ name: "x", externalKeyId: null, importId: "proj_nope" })).rejects.toThrow(/has no such object/);
    // An adoption writes nothing, so the second one takes the first one's listing.
    expect((await sent()).slice(1)).toEqual(["GET /organization/projects/proj_nope"]);
  });
});

describe("reads by list pages, an object too new to be listed", () => {
  afterEach(() => env.ctl.clearProfile());

  test("is still found by its own GET, retried while the API hides it", async () => {
    // The realistic profile hides a new object from GETs and lists for a while, as the real service has done.
    await env.ctl.setProfile({ profile: "real", readLagMs: 600, endpointLimit: { requests: 10_000, windowMs: 1000 } });
    const p = await make("Project", { name: "young" });
    await env.ctl.clearRequests();
    expect(await resources.Project.read(p.id, p.outs)).toEqual({ id: p.id, props: p.outs });
    const calls = await sent();
    expect(calls[0]).toBe(PROJECTS);
    expect(calls.slice(1).every((c) => c === `GET /organization/projects/${p.id}`)).toBe(true);
    const statuses = (await env.ctl.requests()).slice(1).map((r) => r.status);
    expect(statuses[0]).toBe(404);
    expect(statuses.at(-1)).toBe(200);
  });
});
