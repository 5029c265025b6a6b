import { resources } from "../../provider";
import { getClient } from "../../provider/credentials";
import { stackConfig, withStackConfigPerTest } from "../support/emulator";

const suite = withStackConfigPerTest();
let env: ReturnType<typeof suite>;
beforeEach(() => {
  env = suite();
});

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
    // The listing gives up, then the project's own GET, each after 2 attempts.
    expect(await env.ctl.calls()).toEqual(["GET /organization/projects", "GET /organization/projects", "GET /organization/projects/proj_x", "GET /organization/projects/proj_x"]);
  });

  test("a tunable that is not a number is named without quoting it, and nothing is sent", async () => {
    stackConfig({ "openai:maxConcurrency": "sk-admin-swapped.into.the.wrong.key" });
    const err = (await resources.Project.create({ name: "x", externalKeyId: null }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/openai:maxConcurrency must be a whole number from 1 to 64/);
    expect(err.message).not.toContain("swapped");
    expect(await env.ctl.calls()).toEqual([]);
  });

  // Issue 10, finding 6.
  test.each([
    ["timeoutMs", "0", /openai:timeoutMs must be a whole number from 100 to 600000 \(milliseconds\); got 0/],
    ["timeoutMs", "1e12", /openai:timeoutMs must be a whole number from 100 to 600000/],
    ["maxRetries", "2.5", /openai:maxRetries must be a whole number from 0 to 20/],
    ["maxRetries", "-1", /openai:maxRetries must be a whole number from 0 to 20/],
    ["maxConcurrency", "0", /openai:maxConcurrency must be a whole number from 1 to 64/],
    ["requestsPerMinute", "1e9", /openai:requestsPerMinute must be a number from 0 to 60000/],
  ])("openai:%s = %s is refused with its range before any request", async (key, value, message) => {
    stackConfig({ [`openai:${key}`]: value });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).rejects.toThrow(message);
    expect(await env.ctl.calls()).toEqual([]);
  });

  // Issue 10, finding 2.
  test("a base URL that is not a URL is refused naming the setting, never quoting it", async () => {
    const secretish = "sk-admin-swapped.value.0123456789";
    stackConfig({ "openai:baseUrl": secretish });
    const fromConfig = (await resources.Project.create({ name: "x", externalKeyId: null }).catch((e: Error) => e)) as Error;
    expect(fromConfig.message).toMatch(/openai:baseUrl is not a valid URL/);
    expect(fromConfig.message).not.toContain("swapped");
    stackConfig({});
    process.env.OPENAI_BASE_URL = `${secretish}:1`;
    try {
      const fromEnv = (await resources.Project.create({ name: "x", externalKeyId: null }).catch((e: Error) => e)) as Error;
      expect(fromEnv.message).toMatch(/OPENAI_BASE_URL must be an https:\/\/ URL/);
      expect(fromEnv.message).not.toContain("swapped");
    } finally {
      process.env.OPENAI_BASE_URL = env.emu.url;
    }
  });

  // Issue 10, finding 3.
  test("OPENAI_BASE_URL is used only for OpenAI's API or this machine; stack config may name any https host", () => {
    const refused = "https://inference-proxy.example.com/v1";
    process.env.OPENAI_BASE_URL = refused;
    try {
      expect(() => getClient()).toThrow(/OPENAI_BASE_URL names a host that is neither OpenAI's API nor this machine.*pulumi config set openai:baseUrl/s);
      expect(() => getClient()).not.toThrow(/inference-proxy/);
      for (const allowed of ["https://api.openai.com/v1", "https://eu.api.openai.com/v1", "http://localhost:8080/v1", "https://127.0.0.1:9/v1"]) {
        process.env.OPENAI_BASE_URL = allowed;
        expect(() => getClient()).not.toThrow();
      }
      process.env.OPENAI_BASE_URL = refused;
      stackConfig({ "openai:baseUrl": refused });
      expect(() => getClient()).not.toThrow();
    } finally {
      process.env.OPENAI_BASE_URL = env.emu.url;
    }
  });

  // Shared contract 3.
  test("plain http to a host beyond loopback needs an explicit opt-in", () => {
    stackConfig({ "openai:baseUrl": "http://10.1.2.3:8080/v1" });
    expect(() => getClient()).toThrow(/openai:allowInsecureHttp.*OPENAI_ADMIN_ALLOW_INSECURE_HTTP/s);
    stackConfig({ "openai:baseUrl": "http://10.1.2.3:8080/v1", "openai:allowInsecureHttp": "true" });
    expect(() => getClient()).not.toThrow();
    stackConfig({ "openai:baseUrl": "http://10.1.2.3:8080/v1", "openai:allowInsecureHttp": "yes please" });
    expect(() => getClient()).toThrow(/openai:allowInsecureHttp must be true or false/);
    stackConfig({ "openai:baseUrl": "http://10.1.2.3:8080/v1" });
    process.env.OPENAI_ADMIN_ALLOW_INSECURE_HTTP = "1";
    try {
      expect(() => getClient()).not.toThrow();
    } finally {
      delete process.env.OPENAI_ADMIN_ALLOW_INSECURE_HTTP;
    }
  });

  // Issue 10, finding 7.
  test("an admin key with a trailing newline is trimmed; one with a space inside is refused at once", async () => {
    process.env.OPENAI_ADMIN_KEY = `${env.emu.adminKey}\n`;
    try {
      await expect(resources.Project.create({ name: "trimmed", externalKeyId: null })).resolves.toMatchObject({ id: expect.stringMatching(/^proj_/) });
      process.env.OPENAI_ADMIN_KEY = `${env.emu.adminKey} extra`;
      const err = (await resources.Project.create({ name: "x", externalKeyId: null }).catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/OPENAI_ADMIN_KEY .*space/);
      expect(err.message).not.toContain(env.emu.adminKey);
      expect((await env.ctl.calls()).filter((c) => c.startsWith("POST"))).toEqual(["POST /organization/projects"]);
    } finally {
      process.env.OPENAI_ADMIN_KEY = env.emu.adminKey;
    }
  });

  // Issue 10, finding 16.
  test("a missing admin key fails the check, so a preview reports it", async () => {
    delete process.env.OPENAI_ADMIN_KEY;
    try {
      await expect(resources.Project.check({}, { name: "x" })).rejects.toThrow(/no OpenAI admin key.*openai:adminKey.*OPENAI_ADMIN_KEY/s);
      stackConfig({ "openai:adminKey": env.emu.adminKey });
      await expect(resources.Project.check({}, { name: "x" })).resolves.toMatchObject({ failures: [] });
    } finally {
      process.env.OPENAI_ADMIN_KEY = env.emu.adminKey;
    }
  });

  test("a plain-http base URL that is not loopback is refused before any request", async () => {
    stackConfig({ "openai:baseUrl": "http://admin.example.com/v1" });
    await expect(resources.Project.create({ name: "x", externalKeyId: null })).rejects.toThrow(/plain http:\/\//);
  });
});
