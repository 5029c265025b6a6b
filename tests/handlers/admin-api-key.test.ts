import { resources } from "../../provider";
import type { EmulatorControl as Control } from "../../emulator";
import { emulatorForHandlers } from "../support/emulator";

const key = resources.AdminApiKey;
let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
let ctl: Control;

beforeAll(async () => {
  env = await emulatorForHandlers();
  ctl = env.ctl;
});
afterAll(() => env.close());
beforeEach(() => ctl.reset());

const inputs = async (over: Record<string, unknown> = {}) => (await key.check({}, { name: "ci", ...over })).inputs;

describe("AdminApiKey handler", () => {
  test("check names every bad input at once and sends nothing", async () => {
    const r = await key.check({}, { name: " ", expiresInSeconds: 31_536_001, extra: true });
    expect(r.failures).toEqual([
      { property: "name", reason: "must not be empty" },
      { property: "expiresInSeconds", reason: "must be at most 31536000 seconds (one year)" },
      { property: "extra", reason: "is not an input of this resource" },
    ]);
    expect(await inputs()).toEqual({ name: "ci", expiresInSeconds: null });
    expect(await ctl.calls()).toEqual([]);
  });

  test("create answers the value once; read keeps it from state; delete revokes; one call each", async () => {
    const created = await key.create(await inputs({ expiresInSeconds: 86_400 }));
    expect(created.outs).toEqual({
      adminApiKeyId: created.id,
      name: "ci",
      expiresInSeconds: 86_400,
      redactedValue: expect.stringMatching(/^sk-admin\.\.\./),
      createdAt: expect.any(Number),
      expiresAt: (created.outs.createdAt as number) + 86_400,
      ownerId: expect.stringMatching(/^user-/),
      apiKey: expect.stringMatching(/^sk-admin-/),
    });
    expect(await ctl.calls()).toEqual(["POST /organization/admin_api_keys"]);
    expect(JSON.stringify(await ctl.org())).not.toContain(created.outs.apiKey as string);

    await ctl.clearRequests();
    expect((await key.read(created.id, created.outs)).props).toEqual(created.outs);
    expect(await ctl.calls()).toEqual([`GET /organization/admin_api_keys/${created.id}`]);
    expect((await key.diff(created.id, created.outs, await inputs({ expiresInSeconds: 86_400 }))).changes).toBe(false);
    expect(await key.diff(created.id, created.outs, await inputs({ name: "ci-2", expiresInSeconds: 86_400 }))).toMatchObject({ replaces: ["name"] });

    await ctl.clearRequests();
    await key.delete(created.id, created.outs);
    expect(await ctl.calls()).toEqual([`DELETE /organization/admin_api_keys/${created.id}`]);
    expect((await ctl.org()).adminApiKeys).toEqual([]);
    expect(await key.read(created.id, created.outs)).toEqual({ id: "", props: {} });
    await expect(key.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("a create whose answer is lost is neither adopted nor sent again: the error names the key to revoke", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/admin_api_keys", fault: "drop_after", count: 1 });
    const err = await key.create(await inputs()).catch((e: Error) => e);
    const made = (await ctl.org()).adminApiKeys;
    expect(made).toHaveLength(1);
    expect(String(err)).toContain(`a key of that name made since then exists (${made[0].id})`);
    expect(String(err)).toMatch(/Revoke that key/);
    expect((await ctl.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
  });

  test("a create whose answer is lost is sent again when no key of that name was made", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/admin_api_keys", fault: "drop_before", count: 1 });
    const created = await key.create(await inputs());
    expect((await ctl.org()).adminApiKeys.map((k) => k.id)).toEqual([created.id]);
  });
});
