import { resources } from "../../provider";
import { stackConfig, withStackConfigPerTest } from "../support/emulator";
import { scriptedServer } from "../support/scripted-server";

// Messages that say what is true (issue 10, findings 17 and 18).

const error = (p: Promise<unknown>) => p.then(() => new Error("expected a failure"), (e: Error) => e);
const suite = withStackConfigPerTest();
let env: ReturnType<typeof suite>;
beforeEach(() => {
  env = suite();
});

describe("error hints", () => {
  test("a 401 for an organization mismatch names the organization setting, not the key", async () => {
    stackConfig({ "openai:organization": "org-not-this-one" });
    const err = await error(resources.Project.create({ name: "x", externalKeyId: null }));
    expect(err.message).toContain("HTTP 401");
    expect(err.message).toMatch(/belongs to another organization than the one openai:organization names/);
    expect(err.message).not.toMatch(/admin key was refused/);
    expect(err.message).not.toContain("org-not-this-one");
  });

  test("a wrapped API error keeps the status, request id, OpenAI's type and code, and the client's error as its cause (issue 20 #11)", async () => {
    stackConfig({ "openai:organization": "org-not-this-one" });
    const err = (await error(resources.Project.create({ name: "x", externalKeyId: null }))) as Error & Record<string, unknown>;
    expect(err).toMatchObject({
      code: "OPENAI_ADMIN_AUTHENTICATION",
      status: 401,
      requestId: expect.stringMatching(/^req_/),
      type: expect.any(String),
      apiError: { code: "mismatched_organization" },
    });
    expect(err.cause).toMatchObject({ name: "AuthenticationError", status: 401, requestId: err.requestId });
  });

  test("a 401 says the key came from stack config when it overrides the environment's", async () => {
    stackConfig({ "openai:adminKey": "sk-admin-fake.config.key.000111" });
    const err = await error(resources.Project.create({ name: "x", externalKeyId: null }));
    expect(err.message).toMatch(/The admin key was refused \(it came from stack config \(openai:adminKey\), which overrides OPENAI_ADMIN_KEY, also set\)/);
    expect(err.message).not.toContain("sk-admin-fake.config.key.000111");
  });

  test.each([
    ["DataRetention", { projectId: "proj_missing", retentionType: "none" }],
    ["ProjectModelPermissions", { projectId: "proj_missing", mode: "allow_list", modelIds: ["gpt-4o"] }],
    ["SpendAlert", { projectId: "proj_missing", thresholdAmount: 5000, currency: "USD", interval: "month", notificationChannel: { type: "email", recipients: ["a@b.co"], subjectPrefix: null } }],
  ])("a 404 on the parent project of a new %s names the project, not a gone object", async (type, inputs) => {
    const err = await error(resources[type].create(inputs));
    expect(err.message).toContain("HTTP 404");
    expect(err.message).toMatch(/project proj_missing \(its projectId\) does not exist in this organization/);
    expect(err.message).not.toMatch(/refresh/);
  });

  test("a definitive 400 on a create promises nothing about the next up", async () => {
    const srv = await scriptedServer(() => ({
      status: 400,
      // A message that is not a string once made this 400 look like a lost answer (issue 10, finding 5).
      body: { error: { message: { detail: "Invalid project name" }, type: "invalid_request_error", param: "name", code: null } },
    }));
    process.env.OPENAI_BASE_URL = srv.url;
    try {
      const err = await error(resources.Project.create({ name: "x", externalKeyId: null }));
      expect(err.message).toContain("HTTP 400");
      expect(err.message).toContain("Invalid project name");
      expect(err.message).not.toMatch(/next `pulumi up`|adopt|may have been applied/);
      expect(srv.seen).toHaveLength(1);
    } finally {
      process.env.OPENAI_BASE_URL = env.emu.url;
      await srv.close();
    }
  });

  test("an ambiguous create that could not be resolved says what to look for, and promises no adoption", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/projects", fault: "502" });
    stackConfig({ "openai:lostCreateWaitMs": "0" });
    const err = await error(resources.Project.create({ name: "lost", externalKeyId: null }));
    expect(err.message).toContain("may have been applied");
    expect(err.message).toMatch(/look in the organization for project "lost"/);
    expect(err.message).not.toMatch(/next `pulumi up` finds and adopts/);
  });
});
