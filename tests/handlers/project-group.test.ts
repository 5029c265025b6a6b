import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const access = resources.ProjectGroup;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
let groupId: string;
beforeEach(async () => {
  env = suite.env();
  projectId = suite.projectId();
  groupId = (await resources.Group.create({ name: "platform" })).id;
  await env.ctl.clearRequests();
});

describe("ProjectGroup handler", () => {
  test("check names every missing input and sends nothing", async () => {
    expect((await access.check({}, {})).failures.map((f) => f.property)).toEqual(["projectId", "groupId", "role"]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("grants, reads and removes a group's access with one call each; any change replaces", async () => {
    const base = `/organization/projects/${projectId}/groups`;
    const inputs = { projectId, groupId, role: "member" };
    const made = await access.create(inputs);
    expect(made).toEqual({
      id: groupId,
      outs: { projectId, groupId, groupName: "platform", role: "member", createdAt: expect.any(Number), existedBefore: false, __claim: expect.any(String) },
    });
    expect((await access.read(groupId, made.outs)).props).toEqual(made.outs);
    expect(await access.diff(groupId, made.outs, inputs)).toMatchObject({ changes: false });
    // A membership: the new access is granted before the old one's delete, which then leaves it (ownership).
    expect(await access.diff(groupId, made.outs, { ...inputs, role: "owner" })).toMatchObject({ replaces: ["role"], deleteBeforeReplace: false });
    await access.delete(groupId, made.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`, `GET ${base}`, `DELETE ${base}/${groupId}`]);
    expect(await withShortLostCreateWait(() => access.read(groupId, made.outs))).toEqual({ id: "", props: {} });
    expect((await env.ctl.org()).groups.map((g) => g.id)).toEqual([groupId]);
  });

  test("a lost grant is adopted, not sent again; adoption reads the access by id", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/groups", fault: "drop_after", count: 1 });
    const made = await access.create({ projectId, groupId, role: "member" });
    expect((await env.ctl.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
    // The API's time of the grant, and a claim of its own.
    expect(await access.create({ projectId, groupId, role: "member", importId: `${projectId}/${groupId}` })).toEqual({
      id: made.id,
      outs: { ...made.outs, existedBefore: false, __claim: expect.any(String) },
    });
  });
});
