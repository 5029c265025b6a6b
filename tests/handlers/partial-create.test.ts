import { resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { scriptedServer } from "../support/scripted-server";

describe("a create applied but unreadable", () => {
  const saved = { key: process.env.OPENAI_ADMIN_KEY, url: process.env.OPENAI_BASE_URL };
  afterEach(() => {
    process.env.OPENAI_ADMIN_KEY = saved.key;
    process.env.OPENAI_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.OPENAI_ADMIN_KEY;
    if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
    forgetListings();
  });

  test("fails carrying the id and the inputs, which the plugin hands the engine as a resource that failed to initialize", async () => {
    // The create answers a shape this package does not know, with the id; reading it back fails the same way.
    const server = await scriptedServer((req) =>
      req.method === "GET" && req.url.startsWith("/v1/organization/projects?")
        ? { status: 200, body: { object: "list", data: [], has_more: false } }
        : { status: 200, body: { id: "proj_applied", object: "organization.project.v2" } },
    );
    try {
      process.env.OPENAI_ADMIN_KEY = "sk-admin-fake.partial.create";
      process.env.OPENAI_BASE_URL = server.url;
      const inputs = { name: "research", __provider: "provider text" };
      const err = (await resources.Project.create(inputs).catch((e: unknown) => e)) as Error & { id?: string; properties?: unknown };
      expect(err.message).toContain("the create was applied as proj_applied, which could not be read back");
      expect(err.id).toBe("proj_applied");
      expect(err.properties).toEqual({ name: "research", externalKeyId: null, __provider: "provider text" });
      expect(server.seen.map((r) => r.method)).toEqual(["GET", "POST", "GET"]);
    } finally {
      await server.close();
    }
  });
});
