import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const invite = resources.Invite;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

describe("Invite handler", () => {
  test("check lower-cases the address, sends projects as [] when omitted, and names bad inputs", async () => {
    expect((await invite.check({}, { email: "Ada@Example.COM", role: "reader" })).inputs).toEqual({
      email: "ada@example.com",
      role: "reader",
      projects: [],
    });
    const bad = await invite.check({}, { email: "ada", role: "admin", projects: [{ id: projectId, role: "boss" }] });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "email", reason: "must be an email address like name@example.com" },
        { property: "role", reason: "must be reader or owner" },
        { property: "projects.0.role", reason: "must be member or owner" },
      ]),
    );
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create sends projects explicitly, so an invite without projects joins none", async () => {
    const created = await invite.create((await invite.check({}, { email: "ada@example.com", role: "reader" })).inputs);
    expect(created.outs).toMatchObject({ email: "ada@example.com", projects: [], status: "pending" });
    expect(await env.ctl.calls()).toEqual(["GET /organization/invites", "POST /organization/invites"]);
    expect((await env.ctl.org()).invites[0]).toMatchObject({ projects: [] });
  });

  test("read costs one call; every input change replaces", async () => {
    const { inputs } = await invite.check({}, { email: "ada@example.com", role: "reader", projects: [{ id: projectId, role: "member" }] });
    const created = await invite.create(inputs);
    await env.ctl.clearRequests();
    expect((await invite.read(created.id, created.outs)).props).toEqual(created.outs);
    expect(await env.ctl.calls()).toEqual(["GET /organization/invites"]);
    expect((await invite.diff(created.id, created.outs, inputs)).changes).toBe(false);
    expect(await invite.diff(created.id, created.outs, { ...inputs, role: "owner" })).toMatchObject({ replaces: ["role"] });
    expect(await invite.diff(created.id, created.outs, { ...inputs, email: "bob@example.com" })).toMatchObject({ replaces: ["email"] });
    expect(await invite.diff(created.id, created.outs, { ...inputs, projects: [] })).toMatchObject({ replaces: ["projects"] });
  });

  test("an expired invite reads as drift that re-sends it; an accepted one shows no change", async () => {
    const { inputs } = await invite.check({}, { email: "ada@example.com", role: "reader" });
    const a = await invite.create(inputs);
    await env.ctl.expireInvite(a.id);
    const expired = await invite.read(a.id, a.outs);
    expect(await invite.diff(a.id, expired.props, inputs)).toMatchObject({ changes: true, replaces: ["status"] });

    const b = await invite.create((await invite.check({}, { email: "bob@example.com", role: "reader" })).inputs);
    await env.ctl.acceptInvite(b.id);
    const accepted = await invite.read(b.id, b.outs);
    expect(accepted.props).toMatchObject({ status: "accepted" });
    expect((await invite.diff(b.id, accepted.props, { ...inputs, email: "bob@example.com" })).changes).toBe(false);
  });

  test("delete revokes a pending invite in one call", async () => {
    const created = await invite.create((await invite.check({}, { email: "ada@example.com", role: "reader" })).inputs);
    await env.ctl.clearRequests();
    await invite.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE /organization/invites/${created.id}`]);
    expect((await env.ctl.org()).invites).toEqual([]);
  });

  test("deleting an accepted invite warns, succeeds and leaves the membership alone", async () => {
    const created = await invite.create((await invite.check({}, { email: "ada@example.com", role: "reader" })).inputs);
    await env.ctl.acceptInvite(created.id);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await expect(invite.delete(created.id, created.outs)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("was accepted, so it cannot be deleted"));
    } finally {
      warn.mockRestore();
    }
    expect((await env.ctl.org()).invites.map((i) => i.status)).toEqual(["accepted"]);
  });

  test("a create whose answer is lost is adopted, not made twice", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/invites", fault: "drop_after", count: 1 });
    const created = await invite.create((await invite.check({}, { email: "ada@example.com", role: "reader" })).inputs);
    expect((await env.ctl.org()).invites.map((i) => i.id)).toEqual([created.id]);
  });
});
