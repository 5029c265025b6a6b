import { resources, UNKNOWN } from "../../provider";
import type { EmulatorControl as Control } from "../../emulator";
import { emulatorForHandlers, withShortLostCreateWait } from "../support/emulator";

const orgUser = resources.OrganizationUser;
let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
let ctl: Control;
let userId: string;

beforeAll(async () => {
  env = await emulatorForHandlers();
  ctl = env.ctl;
});
afterAll(() => env.close());
beforeEach(async () => {
  await ctl.reset();
  userId = (await ctl.addUser({ email: "Ada@Example.com", name: "Ada", role: "reader" })).id;
  await ctl.clearRequests();
});

const inputs = async (over: Record<string, unknown> = {}) => (await orgUser.check({}, { userId, role: "reader", ...over })).inputs;
const roleOf = async (id: string) => (await ctl.org()).users.find((u) => u.id === id)?.role;

describe("OrganizationUser handler", () => {
  test("check names every bad input at once and sends nothing; removal is off unless asked for", async () => {
    const r = await orgUser.check({}, { role: "admin", removeFromOrganizationOnDelete: "yes" });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "role", reason: "must be one of reader, owner" },
        { property: "removeFromOrganizationOnDelete", reason: "must be true or false" },
        { property: "userId", reason: "name the person with exactly one of userId or email" },
      ]),
    );
    expect(await inputs()).toEqual({ userId, role: "reader", removeFromOrganizationOnDelete: false });
    expect((await orgUser.check({}, { email: UNKNOWN, role: "owner" })).failures).toEqual([]);
    expect(await ctl.calls()).toEqual([]);
  });

  test("create adopts the member by id with one GET, and sets a different role with one POST", async () => {
    const same = await orgUser.create(await inputs());
    expect(same).toEqual({
      id: userId,
      outs: {
        userId,
        email: "ada@example.com",
        name: "Ada",
        role: "reader",
        addedAt: expect.any(Number),
        removeFromOrganizationOnDelete: false,
        createdAt: expect.any(Number),
        __claim: expect.any(String),
      },
    });
    expect(await ctl.calls()).toEqual([`GET /organization/users/${userId}`]);

    await ctl.clearRequests();
    const owner = await orgUser.create(await inputs({ role: "owner" }));
    expect(owner.outs.role).toBe("owner");
    expect(await ctl.calls()).toEqual([`GET /organization/users/${userId}`, `POST /organization/users/${userId}`]);
    expect(await roleOf(userId)).toBe("owner");
  });

  test("create finds a member by email, without regard to case, with one filtered list call", async () => {
    const created = await orgUser.create((await orgUser.check({}, { email: "ADA@example.com", role: "reader" })).inputs);
    expect(created.id).toBe(userId);
    expect((await ctl.requests()).map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      `GET /organization/users?emails%5B%5D=ada%40example.com&limit=100`,
    ]);
  });

  test("nobody is ever made: someone not in the organization fails, pointing to Invite", async () => {
    await expect(orgUser.create((await orgUser.check({}, { email: "stranger@example.com", role: "reader" })).inputs)).rejects.toThrow(
      /nobody with the address stranger@example.com is in the organization; people join by invite/,
    );
    await expect(orgUser.create(await inputs({ userId: "user-nobody" }))).rejects.toThrow(/OrganizationUser .*create failed: .*HTTP 404/);
    expect((await ctl.org()).users).toHaveLength(2);
  });

  test("read and update cost one call each; a role changed elsewhere reads as drift", async () => {
    const created = await orgUser.create(await inputs());
    await ctl.clearRequests();
    expect((await orgUser.read(userId, created.outs)).props).toEqual(created.outs);
    // The one call is the listing of the members (one page), which every read of the run shares.
    expect(await ctl.calls()).toEqual(["GET /organization/users"]);

    await ctl.clearRequests();
    const owner = await inputs({ role: "owner" });
    expect(await orgUser.diff(userId, created.outs, owner)).toMatchObject({ changes: true, replaces: [] });
    expect((await orgUser.update(userId, created.outs, owner)).outs.role).toBe("owner");
    expect(await ctl.calls()).toEqual([`POST /organization/users/${userId}`]);

    const drifted = (await orgUser.read(userId, created.outs)).props;
    expect(drifted.role).toBe("owner");
    expect((await orgUser.diff(userId, drifted, await inputs())).changes).toBe(true);
  });

  test("delete only forgets the person by default: no call, and they keep their place and role", async () => {
    const created = await orgUser.create(await inputs({ role: "owner" }));
    await ctl.clearRequests();
    await orgUser.delete(userId, created.outs);
    expect(await ctl.calls()).toEqual([]);
    expect(await roleOf(userId)).toBe("owner");
  });

  test("with removeFromOrganizationOnDelete, delete removes the person from the organization and its projects", async () => {
    const project = await resources.Project.create({ name: "p", externalKeyId: null });
    await resources.ProjectUser.create({ projectId: project.id, userId, role: "member" });
    const created = await orgUser.create(await inputs({ removeFromOrganizationOnDelete: true }));
    await ctl.clearRequests();
    await orgUser.delete(userId, created.outs);
    expect(await ctl.calls()).toEqual([`DELETE /organization/users/${userId}`]);
    const org = await ctl.org();
    expect(org.users.map((u) => u.id)).not.toContain(userId);
    expect(org.projectUsers[project.id]).toEqual([]);
    expect(await withShortLostCreateWait(() => orgUser.read(userId, created.outs))).toEqual({ id: "", props: {} });
    await expect(orgUser.delete(userId, created.outs)).resolves.toBeUndefined();
  });

  test("turning removal on or off is an update with no call", async () => {
    const created = await orgUser.create(await inputs());
    await ctl.clearRequests();
    const on = await inputs({ removeFromOrganizationOnDelete: true });
    expect(await orgUser.diff(userId, created.outs, on)).toMatchObject({ changes: true, replaces: [] });
    expect((await orgUser.update(userId, created.outs, on)).outs.removeFromOrganizationOnDelete).toBe(true);
    expect(await ctl.calls()).toEqual([]);
  });

  test("adopting a member by id reads them once and never changes the role", async () => {
    const adopted = await orgUser.create({ ...(await inputs()), importId: userId });
    expect(adopted.outs).toMatchObject({ userId, role: "reader", removeFromOrganizationOnDelete: false });
    expect(await ctl.calls()).toEqual(["GET /organization/users"]);
    await expect(orgUser.create({ ...(await inputs({ role: "owner" })), importId: userId })).rejects.toThrow(/cannot adopt .*role: the program says "owner"/);
    expect(await roleOf(userId)).toBe("reader");
  });
});
