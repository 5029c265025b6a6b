import { configure, resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const orgLimit = resources.OrganizationSpendLimit;
const projectLimit = resources.ProjectSpendLimit;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

describe("OrganizationSpendLimit and ProjectSpendLimit handlers", () => {
  test("check names every bad input and fills the only currency and interval", async () => {
    expect((await orgLimit.check({}, { thresholdAmount: 0, interval: "week" })).failures).toEqual([
      { property: "thresholdAmount", reason: "must be more than 0 cents" },
      { property: "interval", reason: expect.stringContaining("must be month") },
    ]);
    expect((await projectLimit.check({}, { thresholdAmount: 100 })).failures).toEqual([{ property: "projectId", reason: expect.stringContaining("is required") }]);
    expect((await orgLimit.check({}, { thresholdAmount: 100 })).inputs).toEqual({ thresholdAmount: 100, currency: "USD", interval: "month" });
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("the organization's limit: create reads what was there first, then read, update and delete cost one call each", async () => {
    const { inputs } = await orgLimit.check({}, { thresholdAmount: 1_000_000 });
    const created = await orgLimit.create(inputs);
    expect(created).toEqual({
      id: "organization",
      outs: { thresholdAmount: 1_000_000, currency: "USD", interval: "month", enforcementStatus: "inactive", previous: null, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect((await orgLimit.read("organization", created.outs)).props).toEqual(created.outs);
    const next = (await orgLimit.check({}, { thresholdAmount: 2_000_000 })).inputs;
    expect(await orgLimit.diff("organization", created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    expect((await orgLimit.update("organization", created.outs, next)).outs.thresholdAmount).toBe(2_000_000);
    await orgLimit.delete("organization", created.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/spend_limit",
      "POST /organization/spend_limit",
      "GET /organization/spend_limit",
      "POST /organization/spend_limit",
      "DELETE /organization/spend_limit",
    ]);
    expect((await env.ctl.org()).organizationSpendLimit).toBeNull();
    expect(await withShortLostCreateWait(() => orgLimit.read("organization", created.outs))).toEqual({ id: "", props: {} });
    await expect(orgLimit.delete("organization", created.outs)).resolves.toBeUndefined();
  });

  test("a project's limit: keyed by the project, read first at create, then one call per step, gone with the limit", async () => {
    const base = `/organization/projects/${projectId}/spend_limit`;
    const { inputs } = await projectLimit.check({}, { projectId, thresholdAmount: 50_000 });
    const created = await projectLimit.create(inputs);
    expect(created).toEqual({
      id: projectId,
      outs: { projectId, thresholdAmount: 50_000, currency: "USD", interval: "month", enforcementStatus: "inactive", previous: null, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect((await projectLimit.read(projectId, created.outs)).props).toEqual(created.outs);
    // Keyed by the project: the new limit is set before the old one is lifted.
    expect(await projectLimit.diff(projectId, created.outs, { ...inputs, projectId: "proj_other" })).toMatchObject({ replaces: ["projectId"], deleteBeforeReplace: false });
    await projectLimit.update(projectId, created.outs, { ...inputs, thresholdAmount: 60_000 });
    expect((await env.ctl.org()).projectSpendLimits[projectId].threshold_amount).toBe(60_000);
    await projectLimit.delete(projectId, created.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${base}`, `POST ${base}`, `GET ${base}`, `POST ${base}`, `DELETE ${base}`]);
    expect(await withShortLostCreateWait(() => projectLimit.read(projectId, created.outs))).toEqual({ id: "", props: {} });
  });

  test("adoption reads the limit once and fails listing what differs", async () => {
    await orgLimit.create((await orgLimit.check({}, { thresholdAmount: 1_000 })).inputs);
    await env.ctl.clearRequests();
    const { inputs } = await orgLimit.check({}, { thresholdAmount: 1_000 });
    const adopted = await orgLimit.create({ ...inputs, importId: "organization" });
    // What delete puts back: the limit as it was adopted.
    expect(adopted.outs).toMatchObject({ thresholdAmount: 1_000, previous: { thresholdAmount: 1_000, currency: "USD", interval: "month" } });
    await expect(orgLimit.create({ ...inputs, thresholdAmount: 5, importId: "organization" })).rejects.toThrow(/thresholdAmount: the program says 5, the organization has 1000/);
    expect(await env.ctl.calls()).toEqual(["GET /organization/spend_limit", "GET /organization/spend_limit"]);
  });

  /** Sets a limit the way someone in the dashboard would, outside Pulumi. */
  async function setOutside(path: string, cents: number): Promise<void> {
    const res = await fetch(`${env.emu.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ threshold_amount: cents, currency: "USD", interval: "month" }),
    });
    expect(res.status).toBe(200);
    await env.ctl.clearRequests();
  }

  test("a project's limit set before Pulumi is kept in `previous` and put back by delete, not deleted (issue 20 #10)", async () => {
    const base = `/organization/projects/${projectId}/spend_limit`;
    await setOutside(base, 70_000);
    const { inputs } = await projectLimit.check({}, { projectId, thresholdAmount: 50_000 });
    const created = await projectLimit.create(inputs);
    expect(created.outs).toMatchObject({ thresholdAmount: 50_000, previous: { thresholdAmount: 70_000, currency: "USD", interval: "month" } });
    const updated = await projectLimit.update(projectId, created.outs, { ...inputs, thresholdAmount: 60_000 });
    expect(updated.outs.previous).toEqual(created.outs.previous);
    expect((await projectLimit.read(projectId, updated.outs)).props.previous).toEqual(created.outs.previous);
    await env.ctl.clearRequests();
    await projectLimit.delete(projectId, updated.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`]);
    expect((await env.ctl.org()).projectSpendLimits[projectId].threshold_amount).toBe(70_000);
  });

  test("the organization's limit set before Pulumi is kept in `previous` and put back by delete, not deleted (issue 20 #10)", async () => {
    await setOutside("/organization/spend_limit", 3_000_000);
    const { inputs } = await orgLimit.check({}, { thresholdAmount: 1_000_000 });
    const created = await orgLimit.create(inputs);
    expect(created.outs).toMatchObject({ thresholdAmount: 1_000_000, previous: { thresholdAmount: 3_000_000, currency: "USD", interval: "month" } });
    await env.ctl.clearRequests();
    await orgLimit.delete("organization", created.outs);
    expect(await env.ctl.calls()).toEqual(["POST /organization/spend_limit"]);
    expect((await env.ctl.org()).organizationSpendLimit?.threshold_amount).toBe(3_000_000);
  });

  test("a spend limit create whose answer is lost keeps the limit from before in the error, for the engine to keep (issue 20 #6)", async () => {
    const base = `/organization/projects/${projectId}/spend_limit`;
    await setOutside(base, 70_000);
    await env.ctl.addFault({ method: "POST", path: base, fault: "drop_after", count: 1 });
    const { inputs } = await projectLimit.check({}, { projectId, thresholdAmount: 50_000 });
    configure({ get: (k) => (k === "openai:maxRetries" ? "0" : undefined) });
    const err = (await projectLimit.create(inputs).catch((e: unknown) => e).finally(() => configure({ get: () => undefined }))) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };
    expect(err.id).toBe(projectId);
    expect(err.properties).toMatchObject({ projectId, thresholdAmount: 70_000, previous: { thresholdAmount: 70_000, currency: "USD", interval: "month" } });
    await projectLimit.delete(projectId, err.properties!);
    expect((await env.ctl.org()).projectSpendLimits[projectId].threshold_amount).toBe(70_000);
  });

  test("putting back a project's limit from before counts as done once the project is archived", async () => {
    await setOutside(`/organization/projects/${projectId}/spend_limit`, 70_000);
    const created = await projectLimit.create((await projectLimit.check({}, { projectId, thresholdAmount: 50_000 })).inputs);
    await resources.Project.delete(projectId, {});
    await expect(projectLimit.delete(projectId, created.outs)).resolves.toBeUndefined();
  });
});
