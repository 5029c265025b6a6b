import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const retention = resources.DataRetention;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

describe("DataRetention handler", () => {
  test("check refuses an unknown retention type and a missing project id", async () => {
    const bad = await retention.check({}, { retentionType: "forever" });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "retentionType", reason: expect.stringContaining("must be one of organization_default, none") },
      ]),
    );
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update cost one call each and delete sets the organization default", async () => {
    const path = `/organization/projects/${projectId}/data_retention`;
    const created = await retention.create({ projectId, retentionType: "zero_data_retention" });
    expect(created).toEqual({ id: projectId, outs: { projectId, retentionType: "zero_data_retention", createdAt: expect.any(Number), __claim: expect.any(String) } });
    expect(await env.ctl.calls()).toEqual([`POST ${path}`]);

    await env.ctl.clearRequests();
    expect((await retention.read(projectId, created.outs)).props).toEqual(created.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${path}`]);

    await env.ctl.clearRequests();
    const next = { projectId, retentionType: "none" };
    expect(await retention.diff(projectId, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    expect((await retention.update(projectId, created.outs, next)).outs.retentionType).toBe("none");
    expect(await env.ctl.calls()).toEqual([`POST ${path}`]);

    await env.ctl.clearRequests();
    await retention.delete(projectId, created.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${path}`]);
    expect((await env.ctl.org()).dataRetention[projectId]?.type ?? "organization_default").toBe("organization_default");
  });

  test("a change made outside Pulumi reads as drift; a changed project id replaces", async () => {
    const created = await retention.create({ projectId, retentionType: "zero_data_retention" });
    await fetch(`${env.emu.url}/organization/projects/${projectId}/data_retention`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ retention_type: "none" }),
    });
    const read = await retention.read(projectId, created.outs);
    expect(await retention.diff(projectId, read.props, { projectId, retentionType: "zero_data_retention" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    // Keyed by the project: the new setting is made before the old one is reset.
    expect(await retention.diff(projectId, read.props, { projectId: "proj_other", retentionType: "none" })).toMatchObject({
      replaces: ["projectId"],
      deleteBeforeReplace: false,
    });
  });

  test("deleting the retention of a project archived meanwhile counts as done, after one look at the project", async () => {
    const created = await retention.create({ projectId, retentionType: "zero_data_retention" });
    await resources.Project.delete(projectId, {});
    await env.ctl.clearRequests();
    await expect(retention.delete(projectId, created.outs)).resolves.toBeUndefined();
    expect(await env.ctl.calls()).toEqual([`POST /organization/projects/${projectId}/data_retention`, `GET /organization/projects/${projectId}`]);
  });
});
