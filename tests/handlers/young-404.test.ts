import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

// The emulator's realistic profile hides a new object from GET and lists for `readLagMs` after its create,
// as the real service has done (issue 12). The lag is scaled down; the limits are lifted, so only the lag
// shows.
const LAG_MS = 600;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(async () => {
  env = suite.env();
  await env.ctl.setProfile({ profile: "real", readLagMs: LAG_MS, endpointLimit: { requests: 10_000, windowMs: 1000 } });
});
afterEach(() => env.ctl.clearProfile());

// The answers to the object's own GETs. A read looks in the run's listing first (one call, which cannot show the
// object during its lag either), then falls back to the GET, whose 404s are what is retried.
const statuses = async (id: string) => (await env.ctl.requests()).filter((r) => r.path.endsWith(`/${id}`)).map((r) => r.status);
const anHourAgo = () => Math.floor(Date.now() / 1000) - 3600;

describe("read of an object made moments ago (young 404s)", () => {
  test("a project read during its lag is retried until it shows, not dropped", async () => {
    const created = await resources.Project.create({ name: "young", externalKeyId: null });
    await env.ctl.clearRequests();
    const read = await resources.Project.read(created.id, created.outs);
    expect(read).toEqual({ id: created.id, props: created.outs });
    const seen = await statuses(created.id);
    // 404s first (not visible yet), then the project.
    expect(seen[0]).toBe(404);
    expect(seen[seen.length - 1]).toBe(200);
  });

  test("a spend alert gets a creation time at create, and a read during its lag is retried until it shows", async () => {
    const projectId = suite.projectId();
    const before = Math.floor(Date.now() / 1000);
    const { inputs } = await resources.SpendAlert.check({}, { projectId, thresholdAmount: 5000, notificationChannel: { recipients: ["a@example.com"] } });
    const created = await resources.SpendAlert.create(inputs);
    expect(created.outs.createdAt).toBeGreaterThanOrEqual(before);
    expect(created.outs.createdAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    await env.ctl.clearRequests();
    const read = await resources.SpendAlert.read(created.id, created.outs);
    expect(read).toEqual({ id: created.id, props: created.outs });
    const seen = await statuses(created.id);
    expect(seen[0]).toBe(404);
    expect(seen[seen.length - 1]).toBe(200);
  });

  test("an old object's 404 is gone at once: one call", async () => {
    const created = await resources.Project.create({ name: "young-but-said-old", externalKeyId: null });
    await env.ctl.clearRequests();
    // State says it was made an hour ago: a 404 means it is gone, even though here it is only hidden.
    const read = await resources.Project.read(created.id, { ...created.outs, createdAt: anHourAgo() });
    expect(read).toEqual({ id: "", props: {} });
    expect(await statuses(created.id)).toEqual([404]);
    expect(await env.ctl.calls()).toEqual(["GET /organization/projects", `GET /organization/projects/${created.id}`]);
  });

  test("a spend alert from state without a creation time gets one call", async () => {
    const projectId = suite.projectId();
    const { inputs } = await resources.SpendAlert.check({}, { projectId, thresholdAmount: 5000, notificationChannel: { recipients: ["a@example.com"] } });
    const created = await resources.SpendAlert.create(inputs);
    await env.ctl.clearRequests();
    const fromOlderVersion = { ...created.outs };
    delete fromOlderVersion.createdAt;
    expect(await resources.SpendAlert.read(created.id, fromOlderVersion)).toEqual({ id: "", props: {} });
    expect(await statuses(created.id)).toEqual([404]);
  });
});
