import { configure, resources } from "../../provider";
import { emulatorForHandlers } from "../support/emulator";

let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
const stackConfig = (values: Record<string, string>) => configure({ get: (key) => values[key] });

beforeAll(async () => {
  env = await emulatorForHandlers();
});
afterAll(async () => {
  stackConfig({});
  await env.close();
});
beforeEach(() => env.ctl.reset());

describe("credentials and settings", () => {
  test("stack config wins over the environment", async () => {
    stackConfig({ "openai:adminKey": "sk-admin-fake.not.this.one", "openai:baseUrl": env.emu.url });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).rejects.toThrow(/HTTP 401/);
    stackConfig({ "openai:adminKey": env.emu.adminKey, "openai:baseUrl": env.emu.url });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).resolves.toMatchObject({ id: expect.stringMatching(/^proj_/) });
  });

  test("openai:maxRetries bounds the retries of a failing call", async () => {
    stackConfig({ "openai:maxRetries": "1" });
    await env.ctl.addFault({ method: "GET", fault: "503" });
    await expect(resources.Project.read("proj_x", {})).rejects.toThrow(/gave up after 2 attempts/);
    expect(await env.ctl.calls()).toEqual(["GET /organization/projects/proj_x", "GET /organization/projects/proj_x"]);
  });

  test("a tunable that is not a number is named, and nothing is sent", async () => {
    stackConfig({ "openai:maxConcurrency": "lots" });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).rejects.toThrow(
      'openai:maxConcurrency must be a non-negative number, got "lots"',
    );
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("a plain-http base URL that is not loopback is refused before any request", async () => {
    stackConfig({ "openai:baseUrl": "http://admin.example.com/v1" });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).rejects.toThrow(/must use https/);
  });
});
