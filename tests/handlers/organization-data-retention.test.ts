import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const retention = resources.OrganizationDataRetention;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

describe("OrganizationDataRetention handler", () => {
  test("check refuses a type only a project can have", async () => {
    expect((await retention.check({}, { retentionType: "organization_default" })).failures).toEqual([
      { property: "retentionType", reason: expect.stringContaining("must be one of zero_data_retention, modified_abuse_monitoring") },
    ]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read and update cost one call each; delete sends nothing and leaves the setting", async () => {
    const created = await retention.create({ retentionType: "zero_data_retention" });
    expect(created).toEqual({ id: "organization", outs: { retentionType: "zero_data_retention", createdAt: expect.any(Number), __claim: expect.any(String) } });
    expect((await retention.read("organization", created.outs)).props).toEqual(created.outs);
    const updated = await retention.update("organization", created.outs, { retentionType: "modified_abuse_monitoring" });
    expect(updated.outs).toEqual({ retentionType: "modified_abuse_monitoring", createdAt: created.outs.createdAt, __claim: created.outs.__claim });
    expect(await env.ctl.calls()).toEqual(["POST /organization/data_retention", "GET /organization/data_retention", "POST /organization/data_retention"]);

    // The outputs of the resource that made it (its claim), so what leaves the setting is the handler's own delete.
    await env.ctl.clearRequests();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await retention.delete("organization", updated.outs);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("the organization keeps its data retention setting (modified_abuse_monitoring)"));
    } finally {
      warn.mockRestore();
    }
    expect(await env.ctl.calls()).toEqual([]);
    expect((await env.ctl.org()).organizationDataRetention).toBe("modified_abuse_monitoring");
  });

  test("a setting changed outside Pulumi reads as drift", async () => {
    const created = await retention.create({ retentionType: "zero_data_retention" });
    await fetch(`${env.emu.url}/organization/data_retention`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ retention_type: "enhanced_zero_data_retention" }),
    });
    const read = await retention.read("organization", created.outs);
    expect(await retention.diff("organization", read.props, { retentionType: "zero_data_retention" })).toMatchObject({ changes: true, replaces: [] });
  });
});
