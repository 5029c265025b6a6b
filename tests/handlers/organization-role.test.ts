import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const role = resources.OrganizationRole;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

const inputs = async (over: Record<string, unknown> = {}) =>
  (await role.check({}, { name: "auditor", permissions: ["api.usage.read", "api.audit_logs.read"], ...over })).inputs;

describe("OrganizationRole handler", () => {
  test("check names every bad input, treats permissions as a set, and sends nothing", async () => {
    expect((await role.check({}, { permissions: [] })).failures).toEqual([
      { property: "name", reason: "is required and must be a string" },
      { property: "permissions", reason: "must name at least one permission" },
    ]);
    expect((await inputs({ permissions: ["b.x", "a.y", "b.x"] })).permissions).toEqual(["a.y", "b.x"]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create (after the guard's one listing), read, update and delete cost one call each", async () => {
    const created = await role.create(await inputs());
    expect(created.outs).toEqual({
      roleId: created.id,
      name: "auditor",
      permissions: ["api.audit_logs.read", "api.usage.read"],
      description: null,
      resourceType: "api.organization",
      createdAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect((await role.read(created.id, created.outs)).props).toEqual(created.outs);
    const next = await inputs({ permissions: ["api.audit_logs.read"], description: "reads the audit log" });
    expect(await role.diff(created.id, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    expect((await role.update(created.id, created.outs, next)).outs).toMatchObject({ permissions: ["api.audit_logs.read"], description: "reads the audit log" });
    await role.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/roles",
      "POST /organization/roles",
      // The read: one page of the organization's roles, as a refresh reads them all.
      "GET /organization/roles",
      `POST /organization/roles/${created.id}`,
      `DELETE /organization/roles/${created.id}`,
    ]);
  });

  test("a role named like a predefined one is refused before any write, and a predefined role is never adopted", async () => {
    await expect(role.create(await inputs({ name: "owner" }))).rejects.toThrow(`a predefined role named "owner" (role_owner)`);
    await expect(role.create({ ...(await inputs({ name: "owner" })), importId: "role_owner" })).rejects.toThrow(/predefined: it cannot be changed or deleted/);
    expect((await env.ctl.calls()).filter((c) => c.startsWith("POST"))).toEqual([]);
  });
});
