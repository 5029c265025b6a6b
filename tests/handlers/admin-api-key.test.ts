import { configure, resources } from "../../provider";
import type { EmulatorControl as Control } from "../../emulator";
import { forgetListings } from "../../provider/lookup";
import { emulatorForHandlers, withShortLostCreateWait } from "../support/emulator";

const key = resources.AdminApiKey;
let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
let ctl: Control;

beforeAll(async () => {
  env = await emulatorForHandlers();
  ctl = env.ctl;
});
afterAll(() => env.close());
beforeEach(async () => {
  await ctl.reset();
  // A fresh org: what this process listed of the old one is gone too.
  forgetListings();
});

const inputs = async (over: Record<string, unknown> = {}) => (await key.check({}, { name: "ci", ...over })).inputs;

describe("AdminApiKey handler", () => {
  test("check names every bad input at once and sends nothing", async () => {
    const r = await key.check({}, { name: " ", expiresInSeconds: 31_536_001, extra: true });
    expect(r.failures).toEqual([
      { property: "name", reason: "must not be empty or only spaces" },
      { property: "expiresInSeconds", reason: "must be at most 31536000 seconds (one year)" },
      { property: "extra", reason: "is not an input of this resource" },
    ]);
    expect(await inputs()).toEqual({ name: "ci", expiresInSeconds: null });
    expect(await ctl.calls()).toEqual([]);
  });

  test("create answers the value once; read keeps it from state; delete revokes; one call each", async () => {
    const created = await key.create(await inputs({ expiresInSeconds: 86_400 }));
    // The guard's listing is paid by the first create of the process only.
    expect(await ctl.calls()).toEqual(["GET /organization/admin_api_keys", "POST /organization/admin_api_keys"]);
    await ctl.clearRequests();
    const second = await key.create(await inputs({ name: "ci-2" }));
    expect(created.outs).toEqual({
      adminApiKeyId: created.id,
      name: "ci",
      expiresInSeconds: 86_400,
      redactedValue: expect.stringMatching(/^sk-admin\.\.\./),
      createdAt: expect.any(Number),
      expiresAt: (created.outs.createdAt as number) + 86_400,
      ownerId: expect.stringMatching(/^user-/),
      apiKey: expect.stringMatching(/^sk-admin-/),
      __claim: expect.any(String),
    });
    expect(await ctl.calls()).toEqual(["POST /organization/admin_api_keys"]);
    expect(second.outs.apiKey).not.toBe(created.outs.apiKey);
    expect(JSON.stringify(await ctl.org())).not.toContain(created.outs.apiKey as string);

    await ctl.clearRequests();
    expect((await key.read(created.id, created.outs)).props).toEqual(created.outs);
    expect(await ctl.calls()).toEqual(["GET /organization/admin_api_keys"]);
    expect((await key.diff(created.id, created.outs, await inputs({ expiresInSeconds: 86_400 }))).changes).toBe(false);
    expect(await key.diff(created.id, created.outs, await inputs({ name: "ci-2", expiresInSeconds: 86_400 }))).toMatchObject({ replaces: ["name"] });

    await ctl.clearRequests();
    await key.delete(created.id, created.outs);
    expect(await ctl.calls()).toEqual([`DELETE /organization/admin_api_keys/${created.id}`]);
    expect((await ctl.org()).adminApiKeys.map((k) => k.id)).toEqual([second.id]);
    expect(await withShortLostCreateWait(() => key.read(created.id, created.outs))).toEqual({ id: "", props: {} });
    await expect(key.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("a create whose answer is lost is neither adopted nor sent again: the error names the key to revoke", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/admin_api_keys", fault: "drop_after", count: 1 });
    const err = await key.create(await inputs()).catch((e: Error) => e);
    const made = (await ctl.org()).adminApiKeys;
    expect(made).toHaveLength(1);
    expect(String(err)).toContain(`the key it made (${made[0].id}) cannot be read again, so it was not adopted`);
    expect(String(err)).toMatch(/Revoke it/);
    expect((await ctl.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
  });

  test("a create is refused before any write when a key of the name exists, unless duplicates are allowed", async () => {
    const first = await key.create(await inputs());
    forgetListings();
    await ctl.clearRequests();
    await expect(key.create(await inputs())).rejects.toThrow(
      `create refused, nothing was sent: the organization already has an admin key named "ci" (${first.id}): adopt it with the resource option { import: "${first.id}" }`,
    );
    expect(await ctl.calls()).toEqual(["GET /organization/admin_api_keys"]);
    const second = await key.create(await inputs({ allowDuplicateName: true }));
    expect((await ctl.org()).adminApiKeys.map((k) => k.id)).toEqual([first.id, second.id]);
  });

  test("adopting a key by id reads it once, and its value stays unknown", async () => {
    const made = await key.create(await inputs());
    await ctl.clearRequests();
    const adopted = await key.create({ ...(await inputs()), importId: made.id });
    expect(adopted).toEqual({ id: made.id, outs: { ...made.outs, apiKey: null, __claim: expect.any(String) } });
    expect(await ctl.calls()).toEqual(["GET /organization/admin_api_keys"]);
    await expect(key.create({ ...(await inputs({ name: "other" })), importId: made.id })).rejects.toThrow(/cannot adopt .*name: the program says "other"/);
  });

  test("a create whose answer is lost is sent again when no key of that name was made", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/admin_api_keys", fault: "drop_before", count: 1 });
    // The look for what the lost create made lasts openai:lostCreateWaitMs (20 s by default): shortened here.
    configure({ get: (k) => (k === "openai:lostCreateWaitMs" ? "200" : undefined) });
    const created = await key.create(await inputs()).finally(() => configure({ get: () => undefined }));
    expect((await ctl.org()).adminApiKeys.map((k) => k.id)).toEqual([created.id]);
  });
});
