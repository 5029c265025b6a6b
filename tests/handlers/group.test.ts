import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const group = resources.Group;
const member = resources.GroupMember;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

describe("Group handler", () => {
  test("check names every bad input and sends nothing", async () => {
    expect((await group.check({}, { name: "", extra: 1 })).failures).toEqual([
      { property: "name", reason: "must not be empty or only spaces" },
      { property: "extra", reason: "is not an input of this resource" },
    ]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create (after the guard's one listing), read, rename and delete cost one call each", async () => {
    const created = await group.create({ name: "platform" });
    expect(created.outs).toEqual({ groupId: created.id, name: "platform", createdAt: expect.any(Number), isScimManaged: false, __claim: expect.any(String) });
    await group.read(created.id, created.outs);
    const renamed = await group.update(created.id, created.outs, { name: "platform-team" });
    expect(renamed.outs.name).toBe("platform-team");
    await group.delete(created.id, renamed.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/groups",
      "POST /organization/groups",
      // The read's one call is the listing, since the create's write dropped the guard's from reads.
      "GET /organization/groups",
      `POST /organization/groups/${created.id}`,
      `DELETE /organization/groups/${created.id}`,
    ]);
    expect(await withShortLostCreateWait(() => group.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("a second group of the name is refused before any write; a lost create is adopted, not repeated", async () => {
    const first = await group.create({ name: "platform" });
    await expect(group.create({ name: "platform" })).rejects.toThrow(`a group named "platform" (${first.id}): adopt it with the resource option { import: "${first.id}" }`);
    await env.ctl.addFault({ method: "POST", path: "/organization/groups", fault: "drop_after", count: 1 });
    const second = await group.create({ name: "platform", allowDuplicateName: true });
    expect((await env.ctl.org()).groups.map((g) => g.id)).toEqual([first.id, second.id]);
  });
});

describe("GroupMember handler", () => {
  test("adds a member with one call, fills name and address on read, and removes them from the group only", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const g = await group.create({ name: "platform" });
    await env.ctl.clearRequests();
    const added = await member.create({ groupId: g.id, userId: user.id });
    expect(added).toEqual({
      id: user.id,
      outs: { groupId: g.id, userId: user.id, email: null, name: null, existedBefore: false, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    // Read fills what the add did not answer, and carries the claim and the time of the add over from state.
    expect((await member.read(user.id, added.outs)).props).toEqual({
      groupId: g.id,
      userId: user.id,
      email: "ada@example.com",
      name: "Ada",
      existedBefore: false,
      createdAt: added.outs.createdAt,
      __claim: added.outs.__claim,
    });
    expect(await member.diff(user.id, added.outs, { groupId: g.id, userId: "user-other" })).toMatchObject({ replaces: ["userId"] });
    await member.delete(user.id, added.outs);
    expect(await env.ctl.calls()).toEqual([
      `POST /organization/groups/${g.id}/users`,
      // The read: one page of the group's members (a refresh reads every member of the group from it).
      `GET /organization/groups/${g.id}/users`,
      `DELETE /organization/groups/${g.id}/users/${user.id}`,
    ]);
    const org = await env.ctl.org();
    expect(org.groupMembers[g.id]).toEqual([]);
    expect(org.users.map((u) => u.id)).toContain(user.id);
    expect(await withShortLostCreateWait(() => member.read(user.id, added.outs))).toEqual({ id: "", props: {} });
  });

  test("a lost add is adopted when the person is in the group; someone not in the organization is refused", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com" });
    const g = await group.create({ name: "platform" });
    await env.ctl.addFault({ method: "POST", path: "/organization/groups/*/users", fault: "drop_after", count: 1 });
    // The add that was lost is this resource's own: not a membership from before, so its delete removes it.
    await expect(member.create({ groupId: g.id, userId: user.id })).resolves.toMatchObject({ id: user.id, outs: { existedBefore: false } });
    expect((await env.ctl.org()).groupMembers[g.id]).toEqual([user.id]);
    await expect(member.create({ groupId: g.id, userId: "user-nobody" })).rejects.toThrow(/GroupMember .*create failed: .*HTTP 400/);
  });

  test("a person already in the group is taken over, and the delete leaves them there with a warning", async () => {
    const user = await env.ctl.addUser({ email: "ada@example.com" });
    const g = await group.create({ name: "platform" });
    await fetch(`${env.emu.url}/organization/groups/${g.id}/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: user.id }),
    });
    const taken = await member.create({ groupId: g.id, userId: user.id });
    expect(taken).toMatchObject({ id: user.id, outs: { groupId: g.id, userId: user.id, existedBefore: true } });

    await env.ctl.clearRequests();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await member.delete(user.id, taken.outs);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("left in place, not removed: it was there before this resource took it over"));
    } finally {
      warn.mockRestore();
    }
    expect(await env.ctl.calls()).toEqual([]);
    expect((await env.ctl.org()).groupMembers[g.id]).toEqual([user.id]);
  });
});
