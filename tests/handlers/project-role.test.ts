import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const role = resources.ProjectRole;
const assignment = resources.ProjectRoleAssignment;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const inputs = async (over: Record<string, unknown> = {}) =>
  (await role.check({}, { projectId, name: "deployer", permissions: ["api.project.deploy"], ...over })).inputs;

describe("ProjectRole handler", () => {
  test("check takes the organization role's rules plus the project, and sends nothing", async () => {
    expect((await role.check({}, { name: "x", permissions: [] })).failures).toEqual([
      { property: "permissions", reason: "must name at least one permission" },
      { property: "projectId", reason: expect.stringContaining("is required") },
    ]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create (after the guard's one listing), read, update and delete cost one call each, under /projects/{id}/roles", async () => {
    const base = `/projects/${projectId}/roles`;
    const made = await role.create(await inputs());
    expect(made.outs).toEqual({
      roleId: made.id,
      projectId,
      name: "deployer",
      permissions: ["api.project.deploy"],
      description: null,
      resourceType: "api.project",
      createdAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect((await role.read(made.id, made.outs)).props).toEqual(made.outs);
    await role.update(made.id, made.outs, await inputs({ description: "ships" }));
    // Replaced delete-first (a role's name is unique in its project), so a move to a project that is not there
    // fails at the diff, after one look, before anything is deleted.
    await expect(role.diff(made.id, made.outs, await inputs({ projectId: "proj_other" }))).rejects.toThrow(/projectId: the project proj_other is archived or not in this organization/);
    await role.delete(made.id, made.outs);
    expect(await env.ctl.calls()).toEqual([
      `GET ${base}`,
      `POST ${base}`,
      // The read: one page of the project's roles, as a refresh reads them all.
      `GET ${base}`,
      `POST ${base}/${made.id}`,
      "GET /organization/projects/proj_other",
      `DELETE ${base}/${made.id}`,
    ]);
    await expect(role.create(await inputs({ name: "member" }))).rejects.toThrow(`a predefined role named "member" (role_project_member)`);
  });
});

describe("ProjectRoleAssignment handler", () => {
  test("gives a person a project role and takes it back, one call per step", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com" });
    const made = await role.create(await inputs());
    await env.ctl.clearRequests();
    const base = `/projects/${projectId}/users/${user.id}/roles`;
    const given = await assignment.create({ projectId, roleId: made.id, userId: user.id });
    expect(given).toEqual({
      id: `${projectId}/users/${user.id}/${made.id}`,
      outs: {
        projectId,
        roleId: made.id,
        userId: user.id,
        groupId: null,
        roleName: "deployer",
        permissions: ["api.project.deploy"],
        existedBefore: false,
        createdAt: expect.any(Number),
        __claim: expect.any(String),
      },
    });
    expect((await assignment.read(given.id, given.outs)).props).toEqual(given.outs);
    await assignment.delete(given.id, given.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/${made.id}`]);
    expect(await withShortLostCreateWait(() => assignment.read(given.id, given.outs))).toEqual({ id: "", props: {} });
  });

  test("a lost assign is adopted, not sent again; adoption needs the full import id", async () => {
    const g = await resources.Group.create({ name: "ops" });
    await env.ctl.addFault({ method: "POST", path: "/projects/*/groups/*/roles", fault: "drop_after", count: 1 });
    const given = await assignment.create({ projectId, roleId: "role_project_member", groupId: g.id });
    expect((await env.ctl.calls()).filter((c) => c.startsWith("POST /projects"))).toHaveLength(1);
    expect(await assignment.create({ projectId, roleId: "role_project_member", groupId: g.id, importId: given.id })).toEqual({
      id: given.id,
      outs: { ...given.outs, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    await expect(assignment.create({ projectId, roleId: "role_project_member", groupId: g.id, importId: g.id })).rejects.toThrow(/adopted with \{ import: "<projectId>\/groups/);
  });
});
