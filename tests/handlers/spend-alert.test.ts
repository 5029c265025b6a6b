import { resources, UNKNOWN } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const alert = resources.SpendAlert;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const args = (over: Record<string, unknown> = {}) => ({
  projectId,
  thresholdAmount: 50_000,
  notificationChannel: { recipients: ["Ops@Example.com", "finance@example.com"] },
  ...over,
});

describe("SpendAlert handler", () => {
  test("check fills the defaults and treats recipients as a set of lower-cased addresses", async () => {
    const r = await alert.check({}, args());
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({
      projectId,
      thresholdAmount: 50_000,
      currency: "USD",
      interval: "month",
      notificationChannel: { type: "email", recipients: ["finance@example.com", "ops@example.com"], subjectPrefix: null },
    });
    const reordered = await alert.check({}, args({ notificationChannel: { recipients: ["FINANCE@example.com", "ops@example.com"] } }));
    expect(reordered.inputs).toEqual(r.inputs);
  });

  test("check names every bad input with its rule", async () => {
    const r = await alert.check({}, { thresholdAmount: 10.5, currency: "EUR", interval: "week", notificationChannel: { recipients: ["not-an-address"] } });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "thresholdAmount", reason: "must be a whole number of cents (5000 is $50.00)" },
        { property: "currency", reason: expect.stringContaining("must be USD") },
        { property: "interval", reason: expect.stringContaining("must be month") },
        { property: "notificationChannel.recipients.0", reason: "must be an email address like name@example.com" },
      ]),
    );
    expect((await alert.check({}, args({ thresholdAmount: 0 }))).failures).toEqual([
      { property: "thresholdAmount", reason: "must be more than 0 cents" },
    ]);
    expect((await alert.check({}, args({ notificationChannel: { recipients: [] } }))).failures).toEqual([
      { property: "notificationChannel.recipients", reason: "must name at least one email address" },
    ]);
    expect((await alert.check({}, args({ projectId: UNKNOWN, notificationChannel: { recipients: [UNKNOWN] } }))).failures).toEqual([]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update and delete each cost one call; update sends the full body", async () => {
    const base = `/organization/projects/${projectId}/spend_alerts`;
    const { inputs } = await alert.check({}, args());
    const created = await alert.create(inputs);
    expect(created.id).toMatch(/^alert_/);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`]);

    await env.ctl.clearRequests();
    expect((await alert.read(created.id, created.outs)).props).toEqual(created.outs);
    // The one call is the listing of the project's alerts, which every read of the run shares.
    expect(await env.ctl.calls()).toEqual([`GET ${base}`]);
    expect((await alert.diff(created.id, created.outs, inputs)).changes).toBe(false);

    await env.ctl.clearRequests();
    const next = (await alert.check({}, args({ thresholdAmount: 80_000 }))).inputs;
    expect(await alert.diff(created.id, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    const updated = await alert.update(created.id, created.outs, next);
    expect(updated.outs).toMatchObject({ thresholdAmount: 80_000, alertId: created.id });
    expect(await env.ctl.calls()).toEqual([`POST ${base}/${created.id}`]);
    const stored = (await env.ctl.org()).spendAlerts[projectId][0];
    expect(stored).toMatchObject({ threshold_amount: 80_000, notification_channel: { recipients: ["finance@example.com", "ops@example.com"] } });

    await env.ctl.clearRequests();
    await alert.delete(created.id, updated.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE ${base}/${created.id}`]);
    expect((await env.ctl.org()).spendAlerts[projectId] ?? []).toEqual([]);
  });

  test("a changed project id replaces, deleting the old alert first; a deleted alert reads as gone and deletes as done", async () => {
    const created = await alert.create((await alert.check({}, args())).inputs);
    const other = (await resources.Project.create({ name: "other", externalKeyId: null })).id;
    expect(await alert.diff(created.id, created.outs, (await alert.check({}, args({ projectId: other }))).inputs)).toMatchObject({
      changes: true,
      replaces: ["projectId"],
      deleteBeforeReplace: true,
    });
    await alert.delete(created.id, created.outs);
    // Made an hour ago: a 404 is gone at once (a young one is given time to show; see the young-404 tests).
    const old = { ...created.outs, createdAt: (created.outs.createdAt as number) - 3600 };
    await env.ctl.clearRequests();
    expect(await alert.read(created.id, old)).toEqual({ id: "", props: {} });
    // Missing from the listing is not enough: only its own GET's 404 says it is gone.
    const base = `/organization/projects/${created.outs.projectId}/spend_alerts`;
    expect(await env.ctl.calls()).toEqual([`GET ${base}`, `GET ${base}/${created.id}`]);
    await expect(alert.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("a move to a project that is archived or not in the organization fails at diff, before anything is deleted", async () => {
    const created = await alert.create((await alert.check({}, args())).inputs);
    const archived = await resources.Project.create({ name: "old", externalKeyId: null });
    await resources.Project.delete(archived.id, archived.outs);
    await env.ctl.clearRequests();
    for (const target of ["proj_other", archived.id]) {
      const moved = (await alert.check({}, args({ projectId: target }))).inputs;
      await expect(alert.diff(created.id, created.outs, moved)).rejects.toThrow(
        `projectId: the project ${target} is archived or not in this organization, so the replacement could not be made; nothing was changed`,
      );
    }
    // One look at each project, and nothing else: the old alert is still there.
    expect(await env.ctl.calls()).toEqual(["GET /organization/projects/proj_other", `GET /organization/projects/${archived.id}`]);
    expect((await env.ctl.org()).spendAlerts[projectId].map((a) => a.id)).toEqual([created.id]);
  });

  test("a create whose answer is lost is adopted, not made twice", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/spend_alerts", fault: "drop_after", count: 1 });
    const created = await alert.create((await alert.check({}, args())).inputs);
    const alerts = (await env.ctl.org()).spendAlerts[projectId];
    expect(alerts.map((a) => a.id)).toEqual([created.id]);
  });

  test("a failure names the threshold in dollars, so 500 meant as $500 shows as the $5.00 it is", async () => {
    const { inputs } = await alert.check({}, args({ thresholdAmount: 500 }));
    const created = await alert.create(inputs);
    await alert.delete(created.id, created.outs);
    await expect(alert.update(created.id, created.outs, inputs)).rejects.toThrow(
      `OpenAI SpendAlert (spend alert at $5.00 (500 cents) on project ${projectId}): update failed`,
    );
  });
});
