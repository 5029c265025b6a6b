import { configure, resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const account = resources.ProjectServiceAccount;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

/** Runs `body` with retries off, so a scripted 500 fails at once. */
async function withoutRetries(body: () => Promise<void>): Promise<void> {
  configure({ get: (k) => (k === "openai:maxRetries" ? "0" : undefined) });
  try {
    await body();
  } finally {
    configure({ get: () => undefined });
  }
}

const base = () => `/organization/projects/${projectId}/service_accounts`;
const inputs = async (over: Record<string, unknown> = {}) => (await account.check({}, { projectId, name: "ci-bot", ...over })).inputs;

describe("ProjectServiceAccount handler", () => {
  test("check names every bad input at once and sends nothing", async () => {
    const r = await account.check({}, { name: "", role: "none", keyExpiresInSeconds: 1.5 });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "name", reason: "must not be empty or only spaces" },
        { property: "role", reason: "must be one of member, owner" },
        { property: "keyExpiresInSeconds", reason: "must be a whole number of seconds" },
      ]),
    );
    expect(r.failures).toHaveLength(4);
    expect((await account.check({}, { projectId, name: "ci-bot" })).inputs).toEqual({ projectId, name: "ci-bot", role: "member", keyExpiresInSeconds: null });
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create answers the key once; read keeps it from state; update and delete cost one call each", async () => {
    const created = await account.create(await inputs({ keyExpiresInSeconds: 3600 }));
    expect(created.outs).toEqual({
      serviceAccountId: created.id,
      projectId,
      name: "ci-bot",
      role: "member",
      createdAt: expect.any(Number),
      keyExpiresInSeconds: 3600,
      apiKeyId: expect.stringMatching(/^key_/),
      apiKey: expect.stringMatching(/^sk-svcacct-/),
      apiKeyExpiresAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect(await env.ctl.calls()).toEqual([`POST ${base()}`]);
    // The emulator keeps no value, only the redacted form: what state holds is the only copy.
    expect(JSON.stringify(await env.ctl.org())).not.toContain(created.outs.apiKey as string);

    await env.ctl.clearRequests();
    const read = await account.read(created.id, created.outs);
    expect(read.props).toEqual(created.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);

    await env.ctl.clearRequests();
    const next = await inputs({ name: "ci-bot-2", role: "owner", keyExpiresInSeconds: 3600 });
    expect(await account.diff(created.id, read.props, next)).toMatchObject({ changes: true, replaces: [] });
    const updated = await account.update(created.id, read.props, next);
    expect(updated.outs).toMatchObject({ name: "ci-bot-2", role: "owner", apiKey: created.outs.apiKey });
    expect(await env.ctl.calls()).toEqual([`POST ${base()}/${created.id}`]);

    await env.ctl.clearRequests();
    await account.delete(created.id, updated.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE ${base()}/${created.id}`]);
    const org = await env.ctl.org();
    expect(org.serviceAccounts[projectId]).toEqual([]);
    expect(org.projectApiKeys[projectId]).toEqual([]);
  });

  test("an owner account costs one more call at create, since a new account is always a member", async () => {
    const created = await account.create(await inputs({ role: "owner" }));
    expect(created.outs).toMatchObject({ role: "owner", apiKey: expect.stringMatching(/^sk-svcacct-/) });
    expect(await env.ctl.calls()).toEqual([`POST ${base()}`, `POST ${base()}/${created.id}`]);
  });

  test("a changed key lifetime or project replaces; a deleted account reads as gone and deletes as done", async () => {
    const created = await account.create(await inputs());
    expect(await account.diff(created.id, created.outs, await inputs({ keyExpiresInSeconds: 60 }))).toMatchObject({ replaces: ["keyExpiresInSeconds"] });
    const other = (await resources.Project.create({ name: "other", externalKeyId: null })).id;
    expect(await account.diff(created.id, created.outs, await inputs({ projectId: other }))).toMatchObject({ replaces: ["projectId"], deleteBeforeReplace: true });
    // Deleted first, so the project it would move to must be there: a mistyped one fails before anything is deleted.
    await expect(account.diff(created.id, created.outs, await inputs({ projectId: "proj_mistyped" }))).rejects.toThrow(/projectId: the project proj_mistyped is archived or not in this organization/);
    await account.delete(created.id, created.outs);
    expect(await withShortLostCreateWait(() => account.read(created.id, created.outs))).toEqual({ id: "", props: {} });
    await expect(account.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("a create whose answer is lost adopts the account, gives it a new key and revokes the lost one", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/service_accounts", fault: "drop_after", count: 1 });
    const created = await account.create(await inputs());
    const org = await env.ctl.org();
    expect(org.serviceAccounts[projectId].map((a) => a.id)).toEqual([created.id]);
    expect(org.projectApiKeys[projectId].map((k) => k.id)).toEqual([created.outs.apiKeyId]);
    expect(created.outs.apiKey).toMatch(/^sk-svcacct-/);
    expect(await env.ctl.calls()).toEqual([
      `POST ${base()}`,
      `GET ${base()}`,
      `POST ${base()}/${created.id}/api_keys`,
      `GET /organization/projects/${projectId}/api_keys`,
      expect.stringMatching(new RegExp(`^DELETE /organization/projects/${projectId}/api_keys/key_`)),
    ]);
  });

  test("a failed role update at create removes the new account, so the next up cannot make a second one", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/service_accounts/*", fault: "500", count: 1 });
    await withoutRetries(async () => {
      await expect(account.create(await inputs({ role: "owner" }))).rejects.toThrow(/create failed/);
    });
    expect((await env.ctl.org()).serviceAccounts[projectId]).toEqual([]);
  });

  test("when removing the new account after a failed role update fails too, the error says the account and its key are still live (issue 20 #11)", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/service_accounts/*", fault: "500", count: 1 });
    await env.ctl.addFault({ method: "DELETE", path: "/organization/projects/*/service_accounts/*", fault: "503", count: 1 });
    let err: Error = new Error("expected a failure");
    await withoutRetries(async () => {
      err = await account.create(await inputs({ role: "owner" })).then(() => err, (e: Error) => e);
    });
    const [left] = (await env.ctl.org()).serviceAccounts[projectId];
    expect(err.message).toMatch(/create failed: POST \S+ failed with HTTP 500/);
    expect(err.message).toContain(
      `the new account ${left.id} could not be removed (DELETE ${base()}/${left.id} failed with HTTP 503`,
    );
    expect(err.message).toContain("it and its API key are still live, and the key's value is not kept anywhere: delete the account");
  });
});

describe("ProjectServiceAccount guard and adoption", () => {
  test("a create is refused before any write when the project has an account of the name, pointing a rename to aliases, unless duplicates are allowed", async () => {
    const first = await account.create(await inputs());
    await env.ctl.clearRequests();
    const refused = account.create(await inputs());
    await expect(refused).rejects.toThrow(
      `create refused, nothing was sent: the organization already has a service account named "ci-bot" (${first.id}): ` +
        `adopt it with the resource option { import: "${projectId}/${first.id}" }`,
    );
    // A renamed resource is not a duplicate: the message points to the alias that carries it over.
    await expect(refused).rejects.toThrow('If you renamed this resource or moved it into a component, give it the old name as an alias (`aliases: [{ name: "<old name>" }]`)');
    expect(await env.ctl.calls()).toEqual([]);
    const second = await account.create(await inputs({ allowDuplicateName: true }));
    expect((await env.ctl.org()).serviceAccounts[projectId].map((a) => a.id)).toEqual([first.id, second.id]);
  });

  test("adopting an account by id reads it once, has no key, and fails listing what differs", async () => {
    const made = await account.create(await inputs());
    await env.ctl.clearRequests();
    const adopted = await account.create({ ...(await inputs()), importId: `${projectId}/${made.id}` });
    expect(adopted).toEqual({ id: made.id, outs: { ...made.outs, apiKeyId: null, apiKey: null, apiKeyExpiresAt: null, __claim: expect.any(String) } });
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
    await expect(account.create({ ...(await inputs({ role: "owner" })), importId: made.id })).rejects.toThrow(
      /cannot adopt .*role: the program says "owner", the organization has "member"/,
    );
  });
});

describe("ProjectServiceAccount under a project archived outside Pulumi (issue 20 #4)", () => {
  test("its delete counts as done, with a warning, so refresh then up never blocks on it", async () => {
    const made = await account.create(await inputs());
    await fetch(`${env.emu.url}/organization/projects/${projectId}/archive`, { method: "POST", headers: { authorization: `Bearer ${env.emu.adminKey}` } });
    await env.ctl.clearRequests();
    const warnings: string[] = [];
    const spy = jest.spyOn(console, "warn").mockImplementation((m: string) => void warnings.push(m));
    try {
      await expect(account.delete(made.id, made.outs)).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(warnings.join("\n")).toMatch(new RegExp(`its project ${projectId} is archived or gone, so there is nothing left to delete`));
    // The refused DELETE, then one look at the project.
    expect(await env.ctl.calls()).toEqual([`DELETE ${base()}/${made.id}`, `GET /organization/projects/${projectId}`]);
  });
});
