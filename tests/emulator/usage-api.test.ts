import OpenAI from "openai";
import { EmulatorControl, type Emulator, startEmulator } from "../../emulator";
import { failure, loggedRequests } from "./helpers";

const KEY = "sk-admin-test-usage-4c1a";
const NOW = Date.parse("2026-11-10T00:00:00Z") / 1000;
const DAY = 86400;
const NOV_1 = NOW - 9 * DAY;

describe("emulator usage and costs API, driven by the official openai client", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let usage: OpenAI["admin"]["organization"]["usage"];
  let org: OpenAI["admin"]["organization"];
  let defaultProject: string;

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 5, clock: () => NOW * 1000 });
    ctl = new EmulatorControl(emu.url);
    org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
    usage = org.usage;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await ctl.reset();
    defaultProject = (await ctl.org()).projects[0].id;
  });

  it("answers every usage kind in day buckets by default, seven to a page, with synthetic figures the seed repeats", async () => {
    const calls = {
      completions: usage.completions({ start_time: NOV_1 }),
      decisions: usage.decisions({ start_time: NOV_1 }),
      embeddings: usage.embeddings({ start_time: NOV_1 }),
      moderations: usage.moderations({ start_time: NOV_1 }),
      images: usage.images({ start_time: NOV_1 }),
      audio_speeches: usage.audioSpeeches({ start_time: NOV_1 }),
      audio_transcriptions: usage.audioTranscriptions({ start_time: NOV_1 }),
      vector_stores: usage.vectorStores({ start_time: NOV_1 }),
      code_interpreter_sessions: usage.codeInterpreterSessions({ start_time: NOV_1 }),
      file_searches: usage.fileSearchCalls({ start_time: NOV_1 }),
      web_searches: usage.webSearchCalls({ start_time: NOV_1 }),
    };
    for (const [kind, call] of Object.entries(calls)) {
      const page = await call;
      expect([kind, page.object, page.data.length, page.has_more, typeof page.next_page]).toEqual([kind, "page", 7, true, "string"]);
      expect(page.data[0]).toMatchObject({ object: "bucket", start_time: NOV_1, end_time: NOV_1 + DAY });
      expect(page.data[0].results).toEqual([expect.objectContaining({ object: `organization.usage.${kind}.result` })]);
    }
    const completions = (await calls.completions).data[0].results[0] as OpenAI.Admin.Organization.UsageCompletionsResponse.Data.OrganizationUsageCompletionsResult;
    expect(completions).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), num_model_requests: expect.any(Number), model: null, project_id: null });
    expect(completions.input_tokens).toBeGreaterThan(0);
    // The same seed and state answer the same figures (this org was reset once, so its project is the seed's second id);
    // another seed draws another project id, and so other figures.
    for (const [seed, same] of [[5, true], [6, false]] as const) {
      const again = await startEmulator({ adminKey: KEY, seed, clock: () => NOW * 1000 });
      try {
        await new EmulatorControl(again.url).reset();
        const other = new OpenAI({ adminAPIKey: KEY, baseURL: again.url, maxRetries: 0, organization: null }).admin.organization.usage;
        expect([seed, JSON.stringify(await other.completions({ start_time: NOV_1 })) === JSON.stringify(await calls.completions)]).toEqual([seed, same]);
      } finally {
        await again.close();
      }
    }
  });

  it("pages with next_page to the end of the range, and no usage lies after now", async () => {
    const first = await usage.embeddings({ start_time: NOV_1, end_time: NOW + 5 * DAY, bucket_width: "1d", limit: 4 });
    expect(first.data.map((b) => b.start_time)).toEqual([0, 1, 2, 3].map((i) => NOV_1 + i * DAY));
    const second = await usage.embeddings({ start_time: NOV_1, end_time: NOW + 5 * DAY, bucket_width: "1d", limit: 4, page: first.next_page! });
    expect(second.data.map((b) => b.start_time)).toEqual([4, 5, 6, 7].map((i) => NOV_1 + i * DAY));
    const last = await usage.embeddings({ start_time: NOV_1, end_time: NOW + 5 * DAY, limit: 31, page: second.next_page! });
    expect(last.data.map((b) => b.start_time)).toEqual([8, 9, 10, 11, 12, 13].map((i) => NOV_1 + i * DAY));
    expect([last.has_more, last.next_page]).toEqual([false, null]);
    expect(last.data.map((b) => b.results.length)).toEqual([1, 0, 0, 0, 0, 0]);
    expect((await loggedRequests(emu)).at(-1)?.query).toContain("page=page_");
  });

  it("takes minute and hour buckets with their own defaults and limits", async () => {
    expect((await usage.completions({ start_time: NOV_1, bucket_width: "1h" })).data).toHaveLength(24);
    expect((await usage.completions({ start_time: NOV_1, bucket_width: "1m" })).data).toHaveLength(60);
    expect((await usage.completions({ start_time: NOV_1, bucket_width: "1m", limit: 1440 })).data).toHaveLength(1440);
    expect((await usage.completions({ start_time: NOV_1, bucket_width: "1h", limit: 168 })).data[167]).toMatchObject({ start_time: NOV_1 + 167 * 3600 });
    for (const [bucket_width, max] of [["1d", 31], ["1h", 168], ["1m", 1440]] as const) {
      const e = await failure(() => usage.completions({ start_time: NOV_1, bucket_width, limit: max + 1 }));
      expect([e.status, e.error]).toEqual([400, expect.objectContaining({ param: "limit", message: `Invalid value for 'limit': expected an integer between 1 and ${max} for bucket_width=${bucket_width}.` })]);
    }
    expect((await failure(() => usage.completions({ start_time: NOV_1, limit: 0 }))).error).toMatchObject({ param: "limit" });
  });

  it("sums recorded usage exactly, grouped and filtered as asked", async () => {
    await ctl.clearUsage();
    const other = (await org.projects.create({ name: "other" })).id;
    await ctl.recordUsage({ kind: "completions", at: NOV_1 + 60, model: "gpt-4o-mini", input_tokens: 100, output_tokens: 10, num_model_requests: 1 });
    await ctl.recordUsage({ kind: "completions", at: NOV_1 + 120, model: "gpt-4.1", input_tokens: 200, output_tokens: 20, num_model_requests: 2, batch: true });
    await ctl.recordUsage({ kind: "completions", at: NOV_1 + 3600, project_id: other, model: "gpt-4o-mini", input_tokens: 1000, output_tokens: 100, num_model_requests: 3 });
    await ctl.recordUsage({ kind: "completions", at: NOV_1 + DAY, model: "gpt-4o-mini", input_tokens: 7, num_model_requests: 1 });

    const all = await usage.completions({ start_time: NOV_1, end_time: NOV_1 + 2 * DAY });
    expect(all.data.map((b) => b.results.map((r) => ("input_tokens" in r ? r.input_tokens : undefined)))).toEqual([[1300], [7]]);
    const byProject = await usage.completions({ start_time: NOV_1, end_time: NOV_1 + DAY, group_by: ["project_id", "model"] });
    expect(byProject.data[0].results).toEqual([
      expect.objectContaining({ project_id: defaultProject, model: "gpt-4o-mini", input_tokens: 100, output_tokens: 10, num_model_requests: 1, user_id: null, batch: null }),
      expect.objectContaining({ project_id: defaultProject, model: "gpt-4.1", input_tokens: 200 }),
      expect.objectContaining({ project_id: other, model: "gpt-4o-mini", input_tokens: 1000 }),
    ]);
    expect((await loggedRequests(emu)).at(-1)?.query).toContain("group_by%5B%5D=project_id&group_by%5B%5D=model");
    const filtered = await usage.completions({ start_time: NOV_1, end_time: NOV_1 + DAY, project_ids: [other], models: ["gpt-4o-mini"] });
    expect(filtered.data[0].results).toEqual([expect.objectContaining({ input_tokens: 1000 })]);
    const batchOnly = await usage.completions({ start_time: NOV_1, end_time: NOV_1 + DAY, batch: true });
    expect(batchOnly.data[0].results).toEqual([expect.objectContaining({ input_tokens: 200 })]);
    const hours = await usage.completions({ start_time: NOV_1, end_time: NOV_1 + 2 * 3600, bucket_width: "1h" });
    expect(hours.data.map((b) => b.results.length)).toEqual([1, 1]);
  });

  it("answers costs in day buckets, priced from usage and recorded cost lines, by line item and project", async () => {
    await ctl.clearUsage();
    await ctl.recordUsage({ kind: "completions", at: NOV_1, model: "gpt-4o-mini", input_tokens: 1_000_000, output_tokens: 1_000_000, num_model_requests: 5 });
    await ctl.recordUsage({ kind: "costs", at: NOV_1 + 10, line_item: "fine-tuning", value: 1.5 });
    const total = await usage.costs({ start_time: NOV_1, end_time: NOV_1 + DAY });
    expect(total).toEqual({
      object: "page", has_more: false, next_page: null,
      data: [{ object: "bucket", start_time: NOV_1, end_time: NOV_1 + DAY, results: [{
        object: "organization.costs.result", amount: { value: 2.25, currency: "usd" }, project_id: null, user_id: null, line_item: null,
        api_key_id: null, api_source: null, quantity: null, quantity_unit: null,
      }] }],
    });
    const items = await usage.costs({ start_time: NOV_1, end_time: NOV_1 + DAY, group_by: ["line_item"] });
    expect(items.data[0].results.map((r) => "line_item" in r && [r.line_item, r.amount?.value, r.quantity, r.quantity_unit])).toEqual([
      ["gpt-4o-mini, input", 0.15, 1_000_000, "tokens"],
      ["gpt-4o-mini, output", 0.6, 1_000_000, "tokens"],
      ["fine-tuning", 1.5, 0, null],
    ]);
    const one = await usage.costs({ start_time: NOV_1, end_time: NOV_1 + DAY, line_items: ["gpt-4o-mini, output"], group_by: ["project_id"] });
    expect(one.data[0].results).toEqual([expect.objectContaining({ amount: { value: 0.6, currency: "usd" }, project_id: defaultProject })]);
    expect((await usage.costs({ start_time: NOV_1, limit: 180 })).data).toHaveLength(9);
    const e = await failure(() => usage.costs({ start_time: NOV_1, limit: 181 }));
    expect(e.error).toMatchObject({ param: "limit", message: "Invalid value for 'limit': expected an integer between 1 and 180 for bucket_width=1d." });
    const hourly = await failure(() => usage.costs({ start_time: NOV_1, bucket_width: "1h" as "1d" }));
    expect([hourly.status, hourly.error]).toEqual([400, expect.objectContaining({ param: "bucket_width", message: "Invalid value for 'bucket_width': expected one of 1d." })]);
  });

  it("refuses what the API refuses with a 400 naming the parameter", async () => {
    const cases: Array<[() => Promise<unknown>, string, string]> = [
      [() => usage.completions({} as { start_time: number }), "start_time", "Missing required parameter: 'start_time'."],
      [() => usage.completions({ start_time: NOV_1, end_time: NOV_1 }), "end_time", "Invalid value for 'end_time': expected a time after start_time."],
      [() => usage.completions({ start_time: NOV_1, bucket_width: "1w" as "1d" }), "bucket_width", "Invalid value for 'bucket_width': expected one of 1m, 1h, 1d."],
      [() => usage.embeddings({ start_time: NOV_1, group_by: ["batch" as "model"] }), "group_by", "Invalid value for 'group_by': expected one of project_id, user_id, api_key_id, model."],
      [() => usage.vectorStores({ start_time: NOV_1, models: ["gpt-4o"] } as never), "models", "Unrecognized request argument supplied: models"],
      [() => usage.images({ start_time: NOV_1, sizes: ["10x10" as "256x256"] }), "sizes", "Invalid value for 'sizes': expected one of 256x256, 512x512, 1024x1024, 1792x1792, 1024x1792."],
      [() => usage.completions({ start_time: NOV_1, page: "page_bogus" }), "page", "Invalid value for 'page': expected the next_page cursor of a previous answer to the same query."],
      [() => usage.costs({ start_time: -5 }), "start_time", "Invalid value for 'start_time': expected a Unix timestamp in seconds."],
    ];
    for (const [call, param, message] of cases) {
      const e = await failure(call);
      expect([param, e.status, e.error]).toEqual([param, 400, { message, type: "invalid_request_error", param, code: null }]);
    }
  });

  it("records usage only as a result of its kind would carry it", async () => {
    await expect(ctl.recordUsage({ kind: "jokes" })).rejects.toThrow(/kind/);
    await expect(ctl.recordUsage({ kind: "vector_stores", model: "gpt-4o" })).rejects.toThrow(/Unrecognized request argument supplied: model/);
    await expect(ctl.recordUsage({ kind: "images", images: -1 })).rejects.toThrow(/'images': expected a number, not negative/);
    await expect(ctl.recordUsage({ kind: "images", project_id: "proj_nope" })).rejects.toThrow(/project_id/);
  });
});
