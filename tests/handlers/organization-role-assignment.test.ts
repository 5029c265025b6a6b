import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const assignment = resources.OrganizationRoleAssignment;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

describe("OrganizationRoleAssignment handler", () => {
  test("check wants a role and exactly one of a group or a person, judged with the rest, and sends nothing", async () => {
    expect((await assignment.check({}, { groupId: "g", userId: "u" })).failures).toEqual([
      { property: "roleId", reason: "must be the role id" },
      { property: "groupId", reason: "name exactly one of groupId or userId" },
    ]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("gives a group a role and takes it back, one call per step; the group stays", async () => {
    const group = await resources.Group.create({ name: "auditors" });
    const role = await resources.OrganizationRole.create({ name: "auditor", permissions: ["api.audit_logs.read"], description: null });
    await env.ctl.clearRequests();
    const base = `/organization/groups/${group.id}/roles`;
    const made = await assignment.create({ roleId: role.id, groupId: group.id });
    expect(made).toEqual({
      id: `groups/${group.id}/${role.id}`,
      outs: {
        roleId: role.id,
        groupId: group.id,
        userId: null,
        roleName: "auditor",
        permissions: ["api.audit_logs.read"],
        existedBefore: false,
        createdAt: expect.any(Number),
        __claim: expect.any(String),
      },
    });
    expect((await assignment.read(made.id, made.outs)).props).toEqual(made.outs);
    expect(await assignment.diff(made.id, made.outs, { roleId: "role_reader", groupId: group.id })).toMatchObject({ replaces: ["roleId"] });
    await assignment.delete(made.id, made.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/${role.id}`]);
    expect(await withShortLostCreateWait(() => assignment.read(made.id, made.outs))).toEqual({ id: "", props: {} });
    expect((await env.ctl.org()).groups.map((g) => g.id)).toEqual([group.id]);
  });

  test("gives a person a predefined role; a lost assign is adopted, not sent again; adoption reads it by id", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com" });
    await env.ctl.addFault({ method: "POST", path: "/organization/users/*/roles", fault: "drop_after", count: 1 });
    const made = await assignment.create({ roleId: "role_reader", userId: user.id });
    expect(made.outs).toMatchObject({ userId: user.id, groupId: null, roleName: "reader", existedBefore: false });
    expect((await env.ctl.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
    expect(await assignment.create({ roleId: "role_reader", userId: user.id, importId: made.id })).toEqual({
      id: made.id,
      outs: { ...made.outs, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    await expect(assignment.create({ roleId: "role_reader", userId: user.id, importId: "nonsense" })).rejects.toThrow(/adopted with \{ import: "groups/);
  });
});
