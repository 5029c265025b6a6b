import { configure, resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { withProjectPerTest } from "../support/emulator";

const limit = resources.ProjectRateLimit;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const base = () => `/organization/projects/${projectId}/rate_limits`;
const inputs = async (over: Record<string, unknown> = {}) => (await limit.check({}, { projectId, model: "gpt-4o", ...over })).inputs;
/** What the project holds for a model, from the API itself. */
async function current(model = "gpt-4o"): Promise<Record<string, unknown>> {
  const res = await fetch(`${env.emu.url}${base()}`, { headers: { authorization: `Bearer ${env.emu.adminKey}` } });
  const found = ((await res.json()) as { data: Array<Record<string, unknown>> }).data.find((r) => r.model === model)!;
  // The look is the test's own: the log keeps only what the handler sends.
  await env.ctl.clearRequests();
  return found;
}

describe("ProjectRateLimit handler", () => {
  test("check names every bad input at once, a missing limit included, and sends nothing", async () => {
    const r = await limit.check({}, { maxTokensPer1Minute: 1.5, maxRequestsPer1Minute: 0 });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "model", reason: expect.stringContaining("is required") },
        { property: "maxTokensPer1Minute", reason: "must be a whole number" },
        { property: "maxRequestsPer1Minute", reason: "must be more than 0" },
      ]),
    );
    expect((await limit.check({}, { projectId, model: "gpt-4o" })).failures).toEqual([
      { property: "(inputs)", reason: expect.stringContaining("set at least one limit: maxRequestsPer1Minute") },
    ]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create finds the model's limit and sets only what is written; delete puts back the value from before", async () => {
    const before = await current();
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500 }));
    expect(created.id).toBe(before.id);
    expect(created.outs).toEqual({
      rateLimitId: before.id,
      projectId,
      model: "gpt-4o",
      maxRequestsPer1Minute: 500,
      maxTokensPer1Minute: before.max_tokens_per_1_minute,
      maxImagesPer1Minute: null,
      maxAudioMegabytesPer1Minute: null,
      maxRequestsPer1Day: null,
      batch1DayMaxInputTokens: before.batch_1_day_max_input_tokens,
      previous: { maxRequestsPer1Minute: before.max_requests_per_1_minute },
      createdAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`, `POST ${base()}/${before.id}`]);
    expect(await current()).toEqual({ ...before, max_requests_per_1_minute: 500 });

    await env.ctl.clearRequests();
    expect((await limit.read(created.id, created.outs)).props).toEqual(created.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
    expect((await limit.diff(created.id, created.outs, await inputs({ maxRequestsPer1Minute: 500 }))).changes).toBe(false);

    await env.ctl.clearRequests();
    await limit.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${base()}/${before.id}`]);
    expect(await current()).toEqual(before);
  });

  test("update sets a newly written limit and puts back one no longer written, in one call", async () => {
    const before = await current();
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500 }));
    const next = await inputs({ maxTokensPer1Minute: 1_000_000 });
    expect(await limit.diff(created.id, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    await env.ctl.clearRequests();
    const updated = await limit.update(created.id, created.outs, next);
    expect(await env.ctl.calls()).toEqual([`POST ${base()}/${before.id}`]);
    expect(updated.outs).toMatchObject({
      maxRequestsPer1Minute: before.max_requests_per_1_minute,
      maxTokensPer1Minute: 1_000_000,
      previous: { maxTokensPer1Minute: before.max_tokens_per_1_minute },
    });
    await limit.delete(created.id, updated.outs);
    expect(await current()).toEqual(before);
  });

  test("a limit only removed from the program is a change, and the update puts back its value from before (issue 20 #11)", async () => {
    const before = await current();
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500, maxTokensPer1Minute: 1_000_000 }));
    const next = await inputs({ maxTokensPer1Minute: 1_000_000 });
    expect(await limit.diff(created.id, created.outs, next)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["maxRequestsPer1Minute"] });
    const updated = await limit.update(created.id, created.outs, next);
    expect((await current()).max_requests_per_1_minute).toBe(before.max_requests_per_1_minute);
    expect(updated.outs.previous).toEqual({ maxTokensPer1Minute: before.max_tokens_per_1_minute });
    // Once put back, the limit is no longer managed: leaving it out changes nothing.
    expect((await limit.diff(created.id, updated.outs, next)).changes).toBe(false);
  });

  test("a limit changed outside Pulumi reads as drift; another model or project replaces", async () => {
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500 }));
    await fetch(`${env.emu.url}${base()}/${created.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ max_requests_per_1_minute: 42 }),
    });
    const read = await limit.read(created.id, created.outs);
    expect(read.props.maxRequestsPer1Minute).toBe(42);
    expect(await limit.diff(created.id, read.props, await inputs({ maxRequestsPer1Minute: 500 }))).toMatchObject({ changes: true, replaces: [] });
    expect(await limit.diff(created.id, read.props, await inputs({ model: "o3", maxRequestsPer1Minute: 500 }))).toMatchObject({ replaces: ["model"] });
  });

  test("a model the project has no limit for fails before anything is set, naming the model", async () => {
    await expect(limit.create(await inputs({ model: "gpt-9", maxRequestsPer1Minute: 1 }))).rejects.toThrow(/no rate limit for model "gpt-9"/);
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
  });

  test("a limit above the organization's is refused by the API with its reason", async () => {
    await expect(limit.create(await inputs({ maxRequestsPer1Minute: 10_000_000 }))).rejects.toThrow(
      /ProjectRateLimit \(rate limit of gpt-4o in project proj_\w+\): create failed: .*must not exceed the organization's limit/,
    );
  });

  test("deleting the limits of a project archived meanwhile counts as done", async () => {
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500 }));
    await resources.Project.delete(projectId, {});
    await expect(limit.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("when the look at the project after a refused reset fails too, the reset's own error is kept, with the look's added (issue 20 #11)", async () => {
    const created = await limit.create(await inputs({ maxRequestsPer1Minute: 500 }));
    await resources.Project.delete(projectId, {});
    await env.ctl.addFault({ method: "GET", path: `/organization/projects/${projectId}`, fault: "500", count: 1 });
    configure({ get: (k) => (k === "openai:maxRetries" ? "0" : undefined) });
    const err = (await limit.delete(created.id, created.outs).then(
      () => new Error("expected a failure"),
      (e: Error) => e,
    ).finally(() => configure({ get: () => undefined }))) as Error & { code?: string; status?: number };
    expect(err).toMatchObject({ code: "OPENAI_ADMIN_BAD_REQUEST", status: 400 });
    expect(err.message).toMatch(/delete failed: POST \/organization\/projects\/proj_\w+\/rate_limits\/\S+ failed with HTTP 400.*; the look at project proj_\w+ that followed failed too: GET \/organization\/projects\/proj_\w+ failed with HTTP 500/);
  });

  test("adopting a limit by id changes nothing, and its delete puts back the values it had", async () => {
    const before = await current();
    const adopted = await limit.create({ ...(await inputs({ maxRequestsPer1Minute: before.max_requests_per_1_minute })), importId: `${projectId}/${before.id}` });
    expect(adopted.outs.previous).toEqual({ maxRequestsPer1Minute: before.max_requests_per_1_minute });
    expect(await env.ctl.calls()).toEqual([`GET ${base()}`]);
    await expect(limit.create({ ...(await inputs({ maxRequestsPer1Minute: 7 })), importId: before.id as string })).rejects.toThrow(
      /cannot adopt .*maxRequestsPer1Minute: the program says 7/,
    );
    await limit.delete(adopted.id, adopted.outs);
    expect(await current()).toEqual(before);
  });

  test("a create whose answer is lost keeps the values from before in the error, so delete still puts them back (issue 20 #6)", async () => {
    const before = await current();
    await env.ctl.addFault({ method: "POST", path: "/organization/projects/*/rate_limits/*", fault: "drop_after", count: 1 });
    configure({ get: (k) => (k === "openai:maxRetries" ? "0" : undefined) });
    let err: Error & { id?: string; properties?: Record<string, unknown> };
    try {
      err = await limit.create({ ...(await inputs({ maxRequestsPer1Minute: 500 })), __provider: "provider text" }).then(
        () => {
          throw new Error("expected the create to fail");
        },
        (e: Error) => e,
      );
    } finally {
      configure({ get: () => undefined });
    }
    // The POST was applied: the org holds Pulumi's value, and only the error knows the one from before.
    expect((await current()).max_requests_per_1_minute).toBe(500);
    expect(err.id).toBe(before.id);
    expect(err.properties).toMatchObject({
      rateLimitId: before.id,
      projectId,
      maxRequestsPer1Minute: before.max_requests_per_1_minute,
      previous: { maxRequestsPer1Minute: before.max_requests_per_1_minute },
      __provider: "provider text",
    });
    // The engine keeps the resource with those properties; the next up updates it, and delete puts back the value.
    // Each run is a process of its own, with its own claims (see provider/ownership.ts).
    forgetListings();
    const next = await inputs({ maxRequestsPer1Minute: 500 });
    expect(await limit.diff(err.id!, err.properties!, next)).toMatchObject({ changes: true, replaces: [] });
    const updated = await limit.update(err.id!, err.properties!, next);
    expect(updated.outs.previous).toEqual({ maxRequestsPer1Minute: before.max_requests_per_1_minute });
    forgetListings();
    await limit.delete(err.id!, updated.outs);
    expect(await current()).toEqual(before);
  });
});
