import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

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

  test("the organization's limit: create, read, update and delete cost one call each", async () => {
    const { inputs } = await orgLimit.check({}, { thresholdAmount: 1_000_000 });
    const created = await orgLimit.create(inputs);
    expect(created).toEqual({
      id: "organization",
      outs: { thresholdAmount: 1_000_000, currency: "USD", interval: "month", enforcementStatus: "inactive", createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect((await orgLimit.read("organization", created.outs)).props).toEqual(created.outs);
    const next = (await orgLimit.check({}, { thresholdAmount: 2_000_000 })).inputs;
    expect(await orgLimit.diff("organization", created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    expect((await orgLimit.update("organization", created.outs, next)).outs.thresholdAmount).toBe(2_000_000);
    await orgLimit.delete("organization", created.outs);
    expect(await env.ctl.calls()).toEqual(["POST /organization/spend_limit", "GET /organization/spend_limit", "POST /organization/spend_limit", "DELETE /organization/spend_limit"]);
    expect((await env.ctl.org()).organizationSpendLimit).toBeNull();
    expect(await orgLimit.read("organization", created.outs)).toEqual({ id: "", props: {} });
    await expect(orgLimit.delete("organization", created.outs)).resolves.toBeUndefined();
  });

  test("a project's limit: one call per step, keyed by the project, gone with the limit", async () => {
    const base = `/organization/projects/${projectId}/spend_limit`;
    const { inputs } = await projectLimit.check({}, { projectId, thresholdAmount: 50_000 });
    const created = await projectLimit.create(inputs);
    expect(created).toEqual({
      id: projectId,
      outs: { projectId, thresholdAmount: 50_000, currency: "USD", interval: "month", enforcementStatus: "inactive", createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect((await projectLimit.read(projectId, created.outs)).props).toEqual(created.outs);
    // Keyed by the project: the new limit is set before the old one is lifted.
    expect(await projectLimit.diff(projectId, created.outs, { ...inputs, projectId: "proj_other" })).toMatchObject({ replaces: ["projectId"], deleteBeforeReplace: false });
    await projectLimit.update(projectId, created.outs, { ...inputs, thresholdAmount: 60_000 });
    expect((await env.ctl.org()).projectSpendLimits[projectId].threshold_amount).toBe(60_000);
    await projectLimit.delete(projectId, created.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `POST ${base}`, `DELETE ${base}`]);
    expect(await projectLimit.read(projectId, created.outs)).toEqual({ id: "", props: {} });
  });

  test("adoption reads the limit once and fails listing what differs", async () => {
    await orgLimit.create((await orgLimit.check({}, { thresholdAmount: 1_000 })).inputs);
    await env.ctl.clearRequests();
    const { inputs } = await orgLimit.check({}, { thresholdAmount: 1_000 });
    expect((await orgLimit.create({ ...inputs, importId: "organization" })).outs.thresholdAmount).toBe(1_000);
    await expect(orgLimit.create({ ...inputs, thresholdAmount: 5, importId: "organization" })).rejects.toThrow(/thresholdAmount: the program says 5, the organization has 1000/);
    expect(await env.ctl.calls()).toEqual(["GET /organization/spend_limit", "GET /organization/spend_limit"]);
  });
});
