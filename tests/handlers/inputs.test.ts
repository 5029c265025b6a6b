import { resources, UNKNOWN } from "../../provider";
import { scriptedServer } from "../support/scripted-server";

// Input rules judged the same way as the API judges them (issue 10, findings 11–15). Checks send no
// request, so these tests need no server except where a read's outputs are compared.

const INVITE = { object: "organization.invite", email: "ada@example.com", role: "reader", status: "pending", created_at: 1, expires_at: 2, accepted_at: null };

// A check needs to know there is a key (issue 10, finding 16); none of these sends a request with it.
let savedKey: string | undefined;
beforeAll(() => {
  savedKey = process.env.OPENAI_ADMIN_KEY;
  process.env.OPENAI_ADMIN_KEY = "sk-test-fake.inputs";
});
afterAll(() => restore("OPENAI_ADMIN_KEY", savedKey));

describe("input checks", () => {
  test("a name is measured in UTF-16 units, as the API counts it", async () => {
    const emoji = "\u{1F600}";
    const tooLong = "a".repeat(200) + emoji.repeat(30); // 230 code points, 260 UTF-16 units
    expect((await resources.Project.check({}, { name: tooLong })).failures).toEqual([
      { property: "name", reason: expect.stringContaining("at most 255 characters") },
    ]);
    expect((await resources.Project.check({}, { name: "a".repeat(195) + emoji.repeat(30) })).failures).toEqual([]);
  });

  test.each([
    ["Project", {}],
    ["Group", {}],
    ["AdminApiKey", {}],
    ["ProjectServiceAccount", { projectId: "proj_abc" }],
    ["OrganizationRole", { permissions: ["api.usage.read"] }],
    ["ProjectRole", { projectId: "proj_abc", permissions: ["api.usage.read"] }],
  ] as const)("a %s name keeps its outer spaces, as the API keeps them, and a blank one is refused (issue 20 #8)", async (type, rest) => {
    const handler = resources[type];
    const kept = await handler.check({}, { ...rest, name: " padded " });
    expect(kept.failures).toEqual([]);
    expect(kept.inputs.name).toBe(" padded ");
    expect((await handler.check({}, { ...rest, name: "   " })).failures).toEqual([{ property: "name", reason: "must not be empty or only spaces" }]);
  });

  test("invite projects are sorted by code units, whatever the locale", async () => {
    const { inputs } = await resources.Invite.check({}, {
      email: "ada@example.com",
      role: "reader",
      projects: [
        { id: "proj_a", role: "member" },
        { id: "proj_B", role: "member" },
        { id: "proj_-x", role: "member" },
      ],
    });
    // localeCompare (en) would give proj_-x, proj_a, proj_B.
    expect((inputs.projects as Array<{ id: string }>).map((p) => p.id)).toEqual(["proj_-x", "proj_B", "proj_a"]);
  });

  test("invite outputs list projects in the same code-unit order as the inputs", async () => {
    const srv = await scriptedServer(() => ({
      status: 200,
      body: { ...INVITE, id: "invite-1", projects: [{ id: "proj_a", role: "member" }, { id: "proj_B", role: "owner" }] },
    }));
    const saved = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = srv.url;
    try {
      const read = await resources.Invite.read("invite-1", {});
      expect((read.props.projects as Array<{ id: string }>).map((p) => p.id)).toEqual(["proj_B", "proj_a"]);
    } finally {
      restore("OPENAI_BASE_URL", saved);
      await srv.close();
    }
  });

  test("the same project twice in one invite is refused", async () => {
    const r = await resources.Invite.check({}, {
      email: "ada@example.com",
      role: "reader",
      projects: [
        { id: "proj_p", role: "member" },
        { id: "proj_p", role: "owner" },
      ],
    });
    expect(r.failures).toEqual([{ property: "projects.1.id", reason: 'repeats project "proj_p": list each project once' }]);
  });

  test.each([".", "..", "team-a", "proj_a/b", "proj_", "proj x"])("a projectId of %j is refused at check", async (id) => {
    const reason = expect.stringContaining("must be a project id like proj_");
    expect((await resources.DataRetention.check({}, { projectId: id, retentionType: "none" })).failures).toEqual([{ property: "projectId", reason }]);
    expect((await resources.ProjectModelPermissions.check({}, { projectId: id, mode: "allow_list", modelIds: ["gpt-4o"] })).failures).toEqual([
      { property: "projectId", reason },
    ]);
    expect(
      (await resources.SpendAlert.check({}, { projectId: id, thresholdAmount: 5000, notificationChannel: { recipients: ["a@b.co"] } })).failures,
    ).toEqual([{ property: "projectId", reason }]);
    expect((await resources.Invite.check({}, { email: "a@b.co", role: "reader", projects: [{ id, role: "member" }] })).failures).toEqual([
      { property: "projects.0.id", reason },
    ]);
  });

  test("an unknown key is refused even when its value is unknown during a preview", async () => {
    const r = await resources.Project.check({}, { name: "x", nmae: UNKNOWN });
    expect(r.failures).toEqual([{ property: "nmae", reason: "is not an input of this resource" }]);
    const nested = await resources.SpendAlert.check({}, {
      projectId: "proj_x",
      thresholdAmount: 5000,
      notificationChannel: { recipients: ["a@b.co"], subjet: UNKNOWN },
    });
    expect(nested.failures).toEqual([{ property: "notificationChannel.subjet", reason: "is not an input of this resource" }]);
  });

  test("1e20 cents is too large, not a fraction", async () => {
    const r = await resources.SpendAlert.check({}, { projectId: "proj_x", thresholdAmount: 1e20, notificationChannel: { recipients: ["a@b.co"] } });
    expect(r.failures).toEqual([{ property: "thresholdAmount", reason: expect.stringMatching(/^is too large: at most 9007199254740991 cents/) }]);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
