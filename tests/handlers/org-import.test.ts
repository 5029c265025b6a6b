import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

// `pulumi import` through the provider plugin: an id alone, no state, no program inputs.
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

describe("import by id of the objects that live under a project or a group", () => {
  test("each reads its object once from the id alone and answers the inputs that would make it", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com", name: "Ada" });
    await resources.ProjectUser.create({ projectId, userId: user.id, role: "owner" });
    const bot = await resources.ProjectServiceAccount.create({ projectId, name: "ci", role: "member", keyExpiresInSeconds: null });
    const group = await resources.Group.create({ name: "ops" });
    await resources.GroupMember.create({ groupId: group.id, userId: user.id });
    await resources.ProjectGroup.create({ projectId, groupId: group.id, role: "member" });
    const role = await resources.ProjectRole.create({ projectId, name: "deployer", permissions: ["api.project.deploy"], description: null });
    await resources.OrganizationRoleAssignment.create({ roleId: "role_reader", userId: user.id });
    await resources.ProjectRoleAssignment.create({ projectId, roleId: role.id, groupId: group.id });
    await env.ctl.clearRequests();

    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ["ProjectUser", `${projectId}/${user.id}`, { projectId, userId: user.id, role: "owner" }, `GET /organization/projects/${projectId}/users`],
      ["ProjectServiceAccount", `${projectId}/${bot.id}`, { projectId, name: "ci", role: "member" }, `GET /organization/projects/${projectId}/service_accounts`],
      ["ProjectRateLimit", `${projectId}/rl-gpt-4o`, { projectId, model: "gpt-4o", maxRequestsPer1Minute: 10_000 }, `GET /organization/projects/${projectId}/rate_limits`],
      ["GroupMember", `${group.id}/${user.id}`, { groupId: group.id, userId: user.id }, `GET /organization/groups/${group.id}/users`],
      ["ProjectGroup", `${projectId}/${group.id}`, { projectId, groupId: group.id }, `GET /organization/projects/${projectId}/groups`],
      ["ProjectRole", `${projectId}/${role.id}`, { projectId, name: "deployer", permissions: ["api.project.deploy"] }, `GET /projects/${projectId}/roles`],
      ["OrganizationRoleAssignment", `users/${user.id}/role_reader`, { roleId: "role_reader", userId: user.id }, `GET /organization/users/${user.id}/roles`],
      ["ProjectRoleAssignment", `${projectId}/groups/${group.id}/${role.id}`, { projectId, roleId: role.id, groupId: group.id }, `GET /projects/${projectId}/groups/${group.id}/roles`],
    ];
    for (const [type, id, inputs, call] of cases) {
      await env.ctl.clearRequests();
      const found = await resources[type].import(id);
      expect([type, found.inputs]).toEqual([type, expect.objectContaining(inputs)]);
      expect([type, await env.ctl.calls()]).toEqual([type, [call]]);
    }
    await expect(resources.ProjectUser.import(user.id)).rejects.toThrow(`OpenAI ProjectUser: import it by "<projectId>/<userId>", got "${user.id}"`);
  });
});

describe("import by id refuses what the import option refuses", () => {
  test("a predefined role and an archived project are refused after one read, and nothing is written", async () => {
    const archived = await resources.Project.create({ name: "old", externalKeyId: null });
    await resources.Project.delete(archived.id, archived.outs);
    await env.ctl.clearRequests();

    await expect(resources.OrganizationRole.import("role_owner")).rejects.toThrow(
      'cannot adopt "role_owner": role "owner" is predefined: it cannot be changed or deleted, so it is not adopted; nothing was changed',
    );
    await expect(resources.Project.import(archived.id)).rejects.toThrow(
      `cannot adopt "${archived.id}": project "old" is archived, and an archived project can never be changed again; nothing was changed`,
    );
    expect(await env.ctl.calls()).toEqual(["GET /organization/roles", "GET /organization/projects"]);
  });
});
