import { startEmulator, type Emulator } from "../../emulator";
import { EmulatorControl as Control } from "../../emulator";
import { AdminClient, InvalidResponseError, type Project, projects, type AdminApiError } from "../../provider/client";
import { createOnce } from "../../provider/lost-create";
import { scriptedServer } from "../support/scripted-server";

const FAST = { baseDelayMs: 20, maxDelayMs: 100 };
let emu: Emulator;
let ctl: Control;
const client = (over: Partial<ConstructorParameters<typeof AdminClient>[0]> = {}) =>
  new AdminClient({ baseUrl: emu.url, adminKey: emu.adminKey, retry: FAST, maxConcurrency: 8, ...over });

beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
  ctl = new Control(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => ctl.reset());

const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error("expected a failure");
  },
  (e: AdminApiError) => e,
);

describe("createOnce", () => {
  /** Candidates as a guarded create sees them: new since `before`, named `name`; the first look can be made blind. */
  const lookFor = (c: AdminClient, name: string, before: Set<string>, counter: { n: number }, blindFirst = false) => async () => {
    counter.n++;
    // Stands in for the real service's moment of not yet listing what it just made.
    if (blindFirst && counter.n === 1) return [];
    const found = [];
    for await (const x of projects.list(c)) if (x.name === name && !before.has(x.id)) found.push(x);
    return found;
  };
  const options = (c: AdminClient, candidates: () => Promise<Project[]>) => ({
    what: 'project "once"',
    candidates,
    retrieve: (id: string) => projects.retrieve(c, id),
    importLine: (x: Project) => `{ import: "${x.id}" }`,
    lookForMs: 50,
  });

  test.each([
    ["adopts what a lost create made instead of sending it again", "drop_after", false, 1, 1],
    ["looks a second time before sending again, so an object not listed at once is still adopted", "drop_after", true, 2, 1],
    ["sends the create again only when both looks find nothing", "drop_before", false, 2, 2],
  ] as const)("%s", async (_title, fault, blindFirst, looks, posts) => {
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault, count: 1 });
    const c = client();
    const finds = { n: 0 };
    const p = await createOnce(() => projects.create(c, { name: "once" }), options(c, lookFor(c, "once", new Set(), finds, blindFirst)));
    expect(finds.n).toBe(looks);
    expect((await ctl.org()).projects.filter((x) => x.name === "once").map((x) => x.id)).toEqual([p.id]);
    expect((await ctl.requests()).filter((r) => r.method === "POST")).toHaveLength(posts);
  });

  test("never takes an object that was there before the create, even one matching every input", async () => {
    const c = client();
    const theirs = await projects.create(c, { name: "once" });
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "502", count: 1 });
    const mine = await createOnce(() => projects.create(c, { name: "once" }), options(c, lookFor(c, "once", new Set([theirs.id]), { n: 0 })));
    expect(mine.id).not.toBe(theirs.id);
  });

  test("two new candidates fail, naming both, and nothing is sent again", async () => {
    const c = client();
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_after", count: 1 });
    const err = await failure(
      createOnce(async () => {
        await projects.create(c, { name: "once" }).catch(() => undefined);
        return projects.create(c, { name: "once" }).then(() => Promise.reject(Object.assign(new InvalidResponseError("bad"), {})));
      }, options(c, lookFor(c, "once", new Set(), { n: 0 }))),
    );
    const made = (await ctl.org()).projects.filter((x) => x.name === "once").map((x) => x.id);
    expect(made).toHaveLength(2);
    expect(err.message).toContain(`2 new objects match project "once": { import: "${made[0]}" }, { import: "${made[1]}" }`);
    expect((await ctl.requests()).filter((r) => r.method === "POST")).toHaveLength(2);
  });

  test("a look that fails ends the create with what to look for, and the create is not sent again", async () => {
    const c = client({ retry: { ...FAST, maxRetries: 1 } });
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_after", count: 1 });
    await ctl.addFault({ method: "GET", path: "/organization/projects", fault: "500", count: 10 });
    const err = await failure(createOnce(() => projects.create(c, { name: "once" }), options(c, lookFor(c, "once", new Set(), { n: 0 }))));
    expect(err.message).toMatch(/may have been applied, and the look for project "once" failed .*adopt it with the resource option \{ import: "<its id>" \}/);
    expect((await ctl.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
  });

  test("an unresolved create keeps the first error's status, request id and OpenAI's type and code, with the look's failure added (issue 20 #11)", async () => {
    const server = await scriptedServer((req) =>
      req.method === "POST"
        ? { status: 502, headers: { "x-request-id": "req_first" }, body: { error: { message: "upstream", type: "server_error", code: "bad_gateway" } } }
        : { status: 503, headers: { "x-request-id": "req_look" }, body: { error: { message: "look refused", type: "server_error" } } },
    );
    try {
      const c = new AdminClient({ baseUrl: server.url, adminKey: "sk-admin-fake.createonce", retry: { ...FAST, maxRetries: 0 } });
      const look = async () => {
        for await (const x of projects.list(c)) return [x];
        return [];
      };
      const err = await failure(createOnce(() => projects.create(c, { name: "once" }), options(c, look)));
      expect(err).toMatchObject({ code: "OPENAI_ADMIN_SERVER_ERROR", status: 502, requestId: "req_first", apiError: { type: "server_error", code: "bad_gateway" } });
      expect(err.message).toMatch(/^POST \/organization\/projects failed with HTTP 502: upstream .*the look for project "once" failed \(GET \/organization\/projects failed with HTTP 503: look refused/);
    } finally {
      await server.close();
    }
  });

  test("a 200 whose body fails the schema but names the id keeps that id, read back with one GET", async () => {
    const server = await scriptedServer((req) =>
      req.method === "POST"
        ? { status: 200, body: { id: "proj_kept", object: "organization.project", name: 42 } }
        : { status: 200, body: { id: "proj_kept", object: "organization.project", name: "once", created_at: 1 } },
    );
    try {
      const c = new AdminClient({ baseUrl: server.url, adminKey: "sk-admin-fake.createonce", retry: FAST });
      const p = await createOnce(() => projects.create(c, { name: "once" }), options(c, async () => []));
      expect(p.id).toBe("proj_kept");
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/organization/projects", "GET /v1/organization/projects/proj_kept"]);
    } finally {
      await server.close();
    }
  });

  test("a 200 with a body that is not JSON was applied: the one new candidate is adopted, and with none the create is never sent again", async () => {
    const server = await scriptedServer(() => ({ status: 200, body: "<html>upstream hiccup</html>" }));
    try {
      const c = new AdminClient({ baseUrl: server.url, adminKey: "sk-admin-fake.createonce", retry: FAST });
      const found = { id: "proj_new", object: "organization.project" as const, name: "once", created_at: 1 };
      expect(await createOnce(() => projects.create(c, { name: "once" }), options(c, async () => [found]))).toBe(found);
      const err = await failure(createOnce(() => projects.create(c, { name: "once" }), options(c, async () => [])));
      expect(err.message).toContain('the create was applied but its answer could not be read, and no new project "once" shows yet');
      expect(server.seen.filter((r) => r.method === "POST")).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
