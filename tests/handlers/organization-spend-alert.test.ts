import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const alert = resources.OrganizationSpendAlert;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

const args = (over: Record<string, unknown> = {}) => ({ thresholdAmount: 500_000, notificationChannel: { recipients: ["CFO@example.com"] }, ...over });
const inputs = async (over: Record<string, unknown> = {}) => (await alert.check({}, args(over))).inputs;

describe("OrganizationSpendAlert handler", () => {
  test("check takes the project alert's rules, less the project, and sends nothing", async () => {
    const r = await alert.check({}, { thresholdAmount: 1.5, currency: "EUR", notificationChannel: { recipients: [] }, projectId: "proj_x" });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "thresholdAmount", reason: "must be a whole number of cents (5000 is $50.00)" },
        { property: "currency", reason: expect.stringContaining("must be USD") },
        { property: "notificationChannel.recipients", reason: "must name at least one email address" },
        { property: "projectId", reason: "is not an input of this resource" },
      ]),
    );
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update and delete: the guard's one listing, then one call each", async () => {
    const created = await alert.create(await inputs());
    expect(created.outs).toEqual({
      alertId: created.id,
      thresholdAmount: 500_000,
      currency: "USD",
      interval: "month",
      notificationChannel: { type: "email", recipients: ["cfo@example.com"], subjectPrefix: null },
      createdAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect(await env.ctl.calls()).toEqual(["GET /organization/spend_alerts", "POST /organization/spend_alerts"]);

    await env.ctl.clearRequests();
    expect((await alert.read(created.id, created.outs)).props).toEqual(created.outs);
    const next = await inputs({ thresholdAmount: 800_000 });
    expect(await alert.diff(created.id, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    expect((await alert.update(created.id, created.outs, next)).outs.thresholdAmount).toBe(800_000);
    await alert.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/spend_alerts",
      `POST /organization/spend_alerts/${created.id}`,
      `DELETE /organization/spend_alerts/${created.id}`,
    ]);
    expect((await env.ctl.org()).organizationSpendAlerts).toEqual([]);
    expect(await withShortLostCreateWait(() => alert.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("a second alert with the same threshold and recipients is refused before any write; adoption reads it by id", async () => {
    const first = await alert.create(await inputs());
    await env.ctl.clearRequests();
    await expect(alert.create(await inputs())).rejects.toThrow(`create refused, nothing was sent: the organization already has an alert with the same threshold, currency, interval and recipients (${first.id})`);
    expect(await env.ctl.calls()).toEqual([]);
    expect(await alert.create({ ...(await inputs()), importId: first.id })).toEqual({
      id: first.id,
      outs: { ...first.outs, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
  });

  test("a create whose answer is lost is adopted, not made twice", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/spend_alerts", fault: "drop_after", count: 1 });
    const created = await alert.create(await inputs());
    expect((await env.ctl.org()).organizationSpendAlerts.map((a) => a.id)).toEqual([created.id]);
  });
});
