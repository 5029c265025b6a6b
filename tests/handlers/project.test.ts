import { configure, resources, UNKNOWN } from "../../provider";
import type { EmulatorControl as Control } from "../../emulator";
import { forgetListings } from "../../provider/lookup";
import { emulatorForHandlers } from "../support/emulator";

const project = resources.Project;
let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
let ctl: Control;

beforeAll(async () => {
  env = await emulatorForHandlers();
  ctl = env.ctl;
});
afterAll(() => env.close());
beforeEach(async () => {
  await ctl.reset();
  forgetListings();
});

describe("Project handler", () => {
  test("check normalizes valid inputs and makes no request", async () => {
    const r = await project.check({}, { name: "team-a", __provider: "text" });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({ name: "team-a", externalKeyId: null });
    expect(await ctl.calls()).toEqual([]);
  });

  test("a name keeps its outer spaces, as the API keeps them, so such a project can be adopted; a blank one is refused (issue 20 #8)", async () => {
    const res = await fetch(`${env.emu.url}/organization/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "  padded  " }),
    });
    const existing = (await res.json()) as { id: string; name: string };
    expect(existing.name).toBe("  padded  ");
    const { inputs, failures } = await project.check({}, { name: "  padded  " });
    expect(failures).toEqual([]);
    expect(inputs.name).toBe("  padded  ");
    await expect(project.create({ ...inputs, importId: existing.id })).resolves.toMatchObject({ id: existing.id, outs: { name: "  padded  " } });
    expect((await project.check({}, { name: " \t " })).failures).toEqual([{ property: "name", reason: "must not be empty or only spaces" }]);
  });

  test("check names every bad input with its rule", async () => {
    const r = await project.check({}, { name: "", residency: "MARS", extra: 1 });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "name", reason: "must not be empty or only spaces" },
        { property: "residency", reason: expect.stringContaining("must be one of GLOBAL") },
        { property: "extra", reason: "is not an input of this resource" },
      ]),
    );
    const long = await project.check({}, { name: "x".repeat(256) });
    expect(long.failures).toEqual([{ property: "name", reason: expect.stringContaining("must be at most 255 characters") }]);
    expect(await ctl.calls()).toEqual([]);
  });

  test("check accepts an unknown input during a preview and still judges the rest", async () => {
    expect((await project.check({}, { name: UNKNOWN })).failures).toEqual([]);
    const r = await project.check({}, { name: UNKNOWN, residency: "MARS" });
    expect(r.failures.map((f) => f.property)).toEqual(["residency"]);
  });

  test("create costs the guard's listing and one call; read, update and delete one call each", async () => {
    const { inputs } = await project.check({}, { name: "team-a" });
    await ctl.clearRequests();
    const created = await project.create(inputs);
    expect(created.id).toMatch(/^proj_/);
    expect(created.outs).toMatchObject({ projectId: created.id, name: "team-a", status: "active", archivedAt: null });
    // The guard's one listing of the process comes first (see tests/handlers/guard.test.ts).
    expect(await ctl.calls()).toEqual(["GET /organization/projects", "POST /organization/projects"]);

    await ctl.clearRequests();
    const read = await project.read(created.id, created.outs);
    expect(read).toEqual({ id: created.id, props: created.outs });
    // The one call is the listing of every project, archived too, which every read of the run shares.
    expect(await ctl.calls()).toEqual(["GET /organization/projects"]);

    await ctl.clearRequests();
    const renamed = (await project.check({}, { name: "team-b", externalKeyId: "key_1" })).inputs;
    const diff = await project.diff(created.id, created.outs, renamed);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true, diffs: ["name", "externalKeyId"] });
    const updated = await project.update(created.id, created.outs, renamed);
    expect(updated.outs).toMatchObject({ name: "team-b", externalKeyId: "key_1" });
    expect(await ctl.calls()).toEqual([`POST /organization/projects/${created.id}`]);

    await ctl.clearRequests();
    await project.delete(created.id, updated.outs);
    expect(await ctl.calls()).toEqual([`POST /organization/projects/${created.id}/archive`]);
    const org = await ctl.org();
    expect(org.projects.find((p) => p.id === created.id)?.status).toBe("archived");
  });

  test("diff reports no change when nothing the user wrote changed, even if the provider text did", async () => {
    const { inputs } = await project.check({}, { name: "team-a" });
    const created = await project.create(inputs);
    await ctl.clearRequests();
    const diff = await project.diff(created.id, { ...created.outs, __provider: "old" }, { ...inputs, __provider: "new" });
    expect(diff.changes).toBe(false);
    expect(await ctl.calls()).toEqual([]);
  });

  test("a residency change replaces, deleting the old project first; an unset residency never diffs", async () => {
    const olds = { projectId: "proj_x", name: "a", externalKeyId: null, residency: "GLOBAL", status: "active" };
    expect(await project.diff("proj_x", olds, { name: "a", externalKeyId: null })).toMatchObject({ changes: false });
    expect(await project.diff("proj_x", olds, { name: "a", externalKeyId: null, residency: "EU_STORAGE_PROCESSING" })).toEqual({
      changes: true,
      replaces: ["residency"],
      deleteBeforeReplace: true,
      diffs: ["residency"],
    });
  });

  test("an unknown input during a preview counts as a change", async () => {
    const olds = { projectId: "proj_x", name: "a", externalKeyId: null, status: "active" };
    expect((await project.diff("proj_x", olds, { name: UNKNOWN })).changes).toBe(true);
  });

  test("a project archived outside Pulumi reads as drift that replaces it", async () => {
    const created = await project.create((await project.check({}, { name: "team-a" })).inputs);
    await fetch(`${env.emu.url}/organization/projects/${created.id}/archive`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}` },
    });
    const read = await project.read(created.id, created.outs);
    expect(read.props).toMatchObject({ status: "archived" });
    const diff = await project.diff(created.id, read.props, { name: "team-a", externalKeyId: null });
    expect(diff).toMatchObject({ changes: true, replaces: ["status"] });
  });

  test("deleting an already archived project counts as done", async () => {
    const created = await project.create((await project.check({}, { name: "team-a" })).inputs);
    await project.delete(created.id, created.outs);
    await expect(project.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("read of an unknown project answers an empty id", async () => {
    expect(await project.read("proj_doesnotexist000000000000", {})).toEqual({ id: "", props: {} });
  });

  test("a create whose answer is lost is adopted, not made twice", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_after", count: 1 });
    const created = await project.create((await project.check({}, { name: "lost-answer" })).inputs);
    const org = await ctl.org();
    const named = org.projects.filter((p) => p.name === "lost-answer");
    expect(named.map((p) => p.id)).toEqual([created.id]);
    expect((await ctl.calls()).filter((c) => c === "POST /organization/projects")).toHaveLength(1);
  });

  test("a create dropped before it was applied is sent again once", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "drop_before", count: 1 });
    // Nothing was applied, so the looks for it find nothing; they need not last the default 20 s here.
    configure({ get: (key) => (key === "openai:lostCreateWaitMs" ? "200" : undefined) });
    const created = await project.create((await project.check({}, { name: "dropped" })).inputs).finally(() => configure({ get: () => undefined }));
    const org = await ctl.org();
    expect(org.projects.filter((p) => p.name === "dropped").map((p) => p.id)).toEqual([created.id]);
    expect((await ctl.calls()).filter((c) => c === "POST /organization/projects")).toHaveLength(2);
  });

  test("an error names the resource, the call, the API's answer and what to do", async () => {
    const org = await ctl.org();
    const def = org.projects.find((p) => p.name === "Default project")!;
    const err = await project
      .update(def.id, { projectId: def.id, name: "Default project" }, { name: "renamed", externalKeyId: null })
      .catch((e: Error) => e);
    expect(String(err)).toMatch(/OpenAI Project \(project "renamed"\): update failed: POST \/organization\/projects\/proj_\w+ failed with HTTP 400/);
  });

  test("a refused key says how to set one and never shows the key", async () => {
    const real = process.env.OPENAI_ADMIN_KEY;
    process.env.OPENAI_ADMIN_KEY = "sk-admin-fake.wrong.key.for.test";
    try {
      const err = (await project.create({ name: "x", externalKeyId: null }).catch((e: Error) => e)) as Error;
      expect(err.message).toContain("openai:adminKey");
      expect(err.message).toContain("OPENAI_ADMIN_KEY");
      expect(err.message).toContain("HTTP 401");
      expect(`${err.message}\n${err.stack}`).not.toContain("sk-admin-fake.wrong.key.for.test");
    } finally {
      process.env.OPENAI_ADMIN_KEY = real;
    }
  });

  test("a missing key is refused before any request, naming both ways to set it", async () => {
    const real = process.env.OPENAI_ADMIN_KEY;
    delete process.env.OPENAI_ADMIN_KEY;
    try {
      await ctl.clearRequests();
      await expect(project.create({ name: "x", externalKeyId: null })).rejects.toThrow(
        /pulumi config set --secret openai:adminKey.*OPENAI_ADMIN_KEY/s,
      );
      expect(await ctl.calls()).toEqual([]);
    } finally {
      process.env.OPENAI_ADMIN_KEY = real;
    }
  });
});
