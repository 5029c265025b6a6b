import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { destroy, refresh, up, type DriverOptions, type StateResource } from "../../harness/driver";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { withoutOpenAISettings } from "../../harness/env";

// Obviously fake.
const KEY = "sk-admin-fake.people.example.key.51f0";
const programDir = path.join(repoRoot(), ".e2e", "people-driver");

let emu: Emulator;
let ctl: EmulatorControl;
let stateDir: string;
let options: DriverOptions;
let ada: string;
let grace: string;
let first: StateResource[];

// Pulumi's marker of a secret value in a property bag.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const typeOf = (t: string) => (r: StateResource) => r.type.endsWith(`:${t}`);
const one = (resources: StateResource[], t: string) => resources.filter(typeOf(t))[0];

beforeAll(async () => {
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot(), "examples", "people"), programDir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
  await installPackedPackage(programDir);
  stateDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "openai-admin-people-"));
  emu = await startEmulator({ adminKey: KEY, seed: 17 });
  ctl = new EmulatorControl(emu.url);
  // The people joined the organization earlier, by invite.
  ada = (await ctl.addUser({ email: "ada@example.com", name: "Ada" })).id;
  grace = (await ctl.addUser({ email: "grace@example.com", name: "Grace" })).id;
  options = {
    programDir,
    stateFile: path.join(stateDir, "state.json"),
    config: { "openai:adminKey": KEY, "openai:baseUrl": emu.url },
    secretKeys: ["openai:adminKey"],
    env: withoutOpenAISettings(),
  };
});

afterAll(async () => {
  await emu.close();
  await fs.promises.rm(stateDir, { recursive: true, force: true });
});

describe("the people example through the plugin driver", () => {
  test("up adds the members, makes the CI account with its key, and lowers the gpt-4o limit", async () => {
    const result = await up(options);
    first = result.resources;
    expect(result.summary).toEqual({ created: 5, updated: 0, replaced: 0, deleted: 0, unchanged: 0 });
    const org = await ctl.org();
    const projectId = one(first, "Project").id!;
    expect(org.projectUsers[projectId].map((m) => [m.user_id, m.role]).sort()).toEqual([[ada, "owner"], [grace, "member"]].sort());
    expect(org.serviceAccounts[projectId]).toEqual([expect.objectContaining({ name: "ci", role: "member" })]);
    expect(org.rateLimits[projectId]).toEqual({ "gpt-4o": { max_requests_per_1_minute: 500 } });
    // additionalSecretOutputs: the engine keeps the key as a secret, which the state file stores encrypted.
    const ci = one(first, "ProjectServiceAccount");
    expect(ci.outputs.apiKey).toEqual({ [SECRET_SIG]: expect.any(String), value: expect.stringMatching(/^sk-svcacct-/) });
  });

  test("a second up with nothing changed makes no API calls", async () => {
    await ctl.clearRequests();
    const result = await up(options);
    expect(result.summary).toMatchObject({ created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 5 });
    expect(await ctl.calls()).toEqual([]);
  });

  test("refresh keeps the key the API will never show again, and sees a role changed out of band", async () => {
    const projectId = one(first, "Project").id!;
    await fetch(`${emu.url}/organization/projects/${projectId}/users/${grace}`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "owner" }),
    });
    const refreshed = await refresh(options);
    expect(one(refreshed.resources, "ProjectServiceAccount").outputs.apiKey).toEqual(one(first, "ProjectServiceAccount").outputs.apiKey);
    const mended = await up(options);
    expect(mended.summary).toMatchObject({ updated: 1 });
    expect((await ctl.org()).projectUsers[projectId].find((m) => m.user_id === grace)?.role).toBe("member");
  });

  test("destroy removes the members and the account, puts the limit back, archives the project, and leaves the people in the org", async () => {
    const projectId = one(first, "Project").id!;
    const result = await destroy(options);
    expect(result.summary).toMatchObject({ deleted: 5 });
    const org = await ctl.org();
    expect(org.projectUsers[projectId]).toEqual([]);
    expect(org.serviceAccounts[projectId]).toEqual([]);
    expect(org.projectApiKeys[projectId]).toEqual([]);
    expect(org.rateLimits[projectId]).toEqual({ "gpt-4o": { max_requests_per_1_minute: 10_000 } });
    expect(org.projects.find((p) => p.id === projectId)?.status).toBe("archived");
    expect(org.users.map((u) => u.id)).toEqual(expect.arrayContaining([ada, grace]));
  });

  test("the state file holds neither the admin key nor the service account's key in plain text", async () => {
    const state = fs.readFileSync(options.stateFile, "utf8");
    expect(state).not.toContain(KEY);
    expect(state).not.toContain((one(first, "ProjectServiceAccount").outputs.apiKey as { value: string }).value);
  });
});
