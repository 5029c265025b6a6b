import { resources, UNKNOWN } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const member = resources.ProjectUser;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
let userId: string;
beforeEach(async () => {
  env = suite.env();
  projectId = suite.projectId();
  userId = (await env.ctl.addUser({ email: "Ada@Example.com", name: "Ada" })).id;
  await env.ctl.clearRequests();
});

const base = () => `/organization/projects/${projectId}/users`;
const membersOf = async () => (await env.ctl.org()).projectUsers[projectId] ?? [];

describe("ProjectUser handler", () => {
  test("check names every bad input at once, the missing person included, and sends nothing", async () => {
    const r = await member.check({}, { role: "admin", email: "nope" });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "role", reason: "must be one of member, owner" },
        { property: "email", reason: "must be an email address like name@example.com" },
      ]),
    );
    expect((await member.check({}, { projectId, role: "member" })).failures).toEqual([
      { property: "userId", reason: "name the person with exactly one of userId or email" },
    ]);
    expect((await member.check({}, { projectId: 5, role: "boss", userId: "u", email: "a@b.co" })).failures).toEqual(
      expect.arrayContaining([{ property: "userId", reason: "name the person with exactly one of userId or email" }]),
    );
    expect((await member.check({}, { projectId: UNKNOWN, role: "member", userId: UNKNOWN })).failures).toEqual([]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update and delete each cost one call; delete leaves the person in the organization", async () => {
    const { inputs } = await member.check({}, { projectId, userId, role: "member" });
    const created = await member.create(inputs);
    expect(created).toEqual({
      id: userId,
      outs: {
        projectId,
        userId,
        email: "ada@example.com",
        name: "Ada",
        role: "member",
        addedAt: expect.any(Number),
        existedBefore: false,
        createdAt: expect.any(Number),
        __claim: expect.any(String),
      },
    });
    expect(await env.ctl.calls()).toEqual([`POST ${base()}`]);

    await env.ctl.clearRequests();
    expect((await member.read(userId, created.outs)).props).toEqual(created.outs);
    // The one call is the listing of the project's members, which every read of the run shares.
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
    expect((await member.diff(userId, created.outs, inputs)).changes).toBe(false);

    await env.ctl.clearRequests();
    const owner = (await member.check({}, { projectId, userId, role: "owner" })).inputs;
    expect(await member.diff(userId, created.outs, owner)).toMatchObject({ changes: true, replaces: [] });
    expect((await member.update(userId, created.outs, owner)).outs.role).toBe("owner");
    expect(await env.ctl.calls()).toEqual([`POST ${base()}/${userId}`]);
    expect(await membersOf()).toEqual([expect.objectContaining({ user_id: userId, role: "owner" })]);

    await env.ctl.clearRequests();
    await member.delete(userId, created.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE ${base()}/${userId}`]);
    expect(await membersOf()).toEqual([]);
    expect((await env.ctl.org()).users.map((u) => u.id)).toContain(userId);
  });

  test("a person named by email is found without regard to case, and the address never shows as a change", async () => {
    const { inputs } = await member.check({}, { projectId, email: "ADA@example.com", role: "member" });
    const created = await member.create(inputs);
    expect(created.id).toBe(userId);
    expect((await member.diff(userId, created.outs, inputs)).changes).toBe(false);
    const other = (await member.check({}, { projectId, email: "grace@example.com", role: "member" })).inputs;
    expect(await member.diff(userId, created.outs, other)).toMatchObject({ replaces: ["email"] });
    expect(await member.diff(userId, created.outs, { ...inputs, projectId: "proj_other" })).toMatchObject({ replaces: ["projectId"] });
  });

  test("someone not in the organization is refused by the API, and the error names the membership", async () => {
    const { inputs } = await member.check({}, { projectId, email: "stranger@example.com", role: "member" });
    await expect(member.create(inputs)).rejects.toThrow(
      /OpenAI ProjectUser \(member stranger@example.com of project proj_\w+\): create failed: .*HTTP 400/,
    );
    expect(await membersOf()).toEqual([]);
  });

  test("a role changed outside Pulumi reads as drift; a membership removed outside reads as gone", async () => {
    const created = await member.create((await member.check({}, { projectId, userId, role: "member" })).inputs);
    await fetch(`${env.emu.url}${base()}/${userId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "owner" }),
    });
    const read = await member.read(userId, created.outs);
    expect(read.props.role).toBe("owner");
    expect(await member.diff(userId, read.props, { projectId, userId, role: "member" })).toMatchObject({ changes: true, replaces: [] });

    await member.delete(userId, created.outs);
    expect(await withShortLostCreateWait(() => member.read(userId, created.outs))).toEqual({ id: "", props: {} });
    await expect(member.delete(userId, created.outs)).resolves.toBeUndefined();
  });

  test("a create whose answer is lost is adopted, not sent again", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/users", fault: "drop_after", count: 1 });
    const created = await member.create((await member.check({}, { projectId, userId, role: "owner" })).inputs);
    expect(created.outs).toMatchObject({ userId, role: "owner" });
    expect(await membersOf()).toEqual([expect.objectContaining({ user_id: userId })]);
    expect((await env.ctl.calls()).filter((c) => c === `POST ${base()}`)).toHaveLength(1);
  });

  test("adopting a membership by id reads it once and fails listing what differs", async () => {
    const made = await member.create((await member.check({}, { projectId, userId, role: "member" })).inputs);
    await env.ctl.clearRequests();
    const inputs = (await member.check({}, { projectId, email: "ada@example.com", role: "member" })).inputs;
    // A fresh claim, and the time of the adoption: the membership's own time is addedAt.
    expect(await member.create({ ...inputs, importId: `${projectId}/${userId}` })).toEqual({
      id: made.id,
      outs: { ...made.outs, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
    await expect(member.create({ ...inputs, role: "owner", importId: userId })).rejects.toThrow(/cannot adopt .*role: the program says "owner"/);
  });
});
