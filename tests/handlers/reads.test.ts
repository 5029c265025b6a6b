import { listAdminApiKeys, listAuditLogs, listCosts, listOrganizationUsers, listProjectApiKeys, listUsage } from "../../provider/reads";
import { resources } from "../../provider";
import { usage } from "../../provider/client";
import { getClient } from "../../provider/credentials";
import { withProjectPerTest } from "../support/emulator";

const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

/** The log as "METHOD /path?query" lines: the filters are part of what is asserted. */
const sent = async () => (await env.ctl.requests()).map((r) => `${r.method} ${r.path}${r.query ? `?${decodeURIComponent(r.query)}` : ""}`);

async function seedAudit(entry: Record<string, unknown>): Promise<void> {
  const res = await fetch(env.emu.url.replace(/\/v1$/, "/__emulator/audit_logs"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(entry),
  });
  if (!res.ok) throw new Error(await res.text());
}

describe("reads for programs", () => {
  test("getOrganizationUsers lists every member, or those with the given addresses, in one call", async () => {
    await env.ctl.addUser({ email: "ada@example.com", name: "Ada" });
    await env.ctl.clearRequests();
    expect((await listOrganizationUsers()).map((u) => u.email)).toEqual(["owner@example.com", "ada@example.com"]);
    const ada = await listOrganizationUsers({ emails: ["Ada@Example.com"] });
    expect(ada).toEqual([{ userId: expect.stringMatching(/^user-/), email: "ada@example.com", name: "Ada", role: "reader", addedAt: expect.any(Number), isServiceAccount: false }]);
    expect(await sent()).toEqual(["GET /organization/users?limit=100", "GET /organization/users?emails[]=ada@example.com&limit=100"]);
  });

  test("getProjectApiKeys shows a service account's key redacted, with its owner, never its value", async () => {
    const bot = await resources.ProjectServiceAccount.create({ projectId, name: "ci", role: "member", keyExpiresInSeconds: null });
    await env.ctl.clearRequests();
    const keys = await listProjectApiKeys(projectId);
    expect(keys).toEqual([
      {
        apiKeyId: bot.outs.apiKeyId,
        name: "Secret key",
        redactedValue: expect.stringMatching(/^sk-svcacct-\.\.\.[A-Za-z0-9_-]{4}$/),
        createdAt: expect.any(Number),
        lastUsedAt: null,
        expiresAt: null,
        ownerType: "service_account",
        ownerId: bot.id,
        ownerName: "ci",
        ownerEmail: null,
      },
    ]);
    expect(JSON.stringify(keys)).not.toContain(bot.outs.apiKey as string);
    expect(await sent()).toEqual([`GET /organization/projects/${projectId}/api_keys?owner_project_access=any&limit=100`]);
  });

  test("getAdminApiKeys lists the admin keys redacted", async () => {
    const made = await resources.AdminApiKey.create({ name: "ci", expiresInSeconds: null });
    await env.ctl.clearRequests();
    const keys = await listAdminApiKeys();
    expect(keys).toEqual([
      { adminApiKeyId: made.id, name: "ci", redactedValue: made.outs.redactedValue, createdAt: expect.any(Number), lastUsedAt: null, expiresAt: null, ownerId: expect.stringMatching(/^user-/), ownerName: "Emulator Owner" },
    ]);
    expect(JSON.stringify(keys)).not.toContain(made.outs.apiKey as string);
    expect(await sent()).toEqual(["GET /organization/admin_api_keys?limit=100"]);
  });

  test("getAuditLogs sends every documented filter and returns the entries newest first, with their details", async () => {
    await env.ctl.addUser({ email: "ada@example.com" });
    await seedAudit({ type: "project.updated", effective_at: 1_000, project_id: projectId, details: { id: projectId, changes_requested: { title: "x" } } });
    await seedAudit({ type: "project.updated", effective_at: 2_000, project_id: projectId, actor_email: "ada@example.com", details: { id: projectId } });
    await seedAudit({ type: "service_account.created", effective_at: 3_000, project_id: projectId, details: { id: "svc_acct_1" } });
    await env.ctl.clearRequests();

    const found = await listAuditLogs({
      since: "1970-01-01T00:25:00Z",
      until: 2_500,
      projectIds: [projectId],
      eventTypes: ["project.updated"],
      actorEmails: ["ada@example.com"],
      resourceIds: [projectId],
    });
    expect(found).toEqual([
      {
        auditLogId: expect.stringMatching(/^audit_log-/),
        type: "project.updated",
        effectiveAt: 2_000,
        projectId,
        projectName: "handlers",
        actor: { type: "api_key", userId: expect.stringMatching(/^user-/), email: "ada@example.com", apiKeyId: "key_emulator", serviceAccountId: null, ipAddress: null },
        details: { id: projectId },
      },
    ]);
    expect(await sent()).toEqual([
      `GET /organization/audit_logs?effective_at[gte]=1500&effective_at[lt]=2500&project_ids[]=${projectId}&event_types[]=project.updated` +
        `&actor_emails[]=ada@example.com&resource_ids[]=${projectId}&limit=100`,
    ]);
    expect((await listAuditLogs({ projectIds: [projectId], eventTypes: ["project.updated"] })).map((e) => e.effectiveAt)).toEqual([2_000, 1_000]);
  });

  test("getAuditLogs pages through the log and stops at its limit without asking for a page it would not use", async () => {
    for (let i = 0; i < 150; i++) await seedAudit({ type: "project.updated", effective_at: 10_000 + i, details: { id: `proj_${i}` } });
    await env.ctl.clearRequests();
    const first = await listAuditLogs({ eventTypes: ["project.updated"], limit: 100 });
    expect(first).toHaveLength(100);
    expect(first[0].effectiveAt).toBe(10_149);
    expect(await env.ctl.calls()).toHaveLength(1);

    await env.ctl.clearRequests();
    const all = await listAuditLogs({ eventTypes: ["project.updated"] });
    expect(all.map((e) => e.effectiveAt)).toEqual(Array.from({ length: 150 }, (_, i) => 10_149 - i));
    const pages = await env.ctl.requests();
    expect(pages).toHaveLength(2);
    expect(pages[1].query).toContain(`after=${all[99].auditLogId}`);
  });

  test("getAuditLogs without a limit reads every page up to its bound, and fails naming the bound past it, never cutting the list", async () => {
    for (let i = 0; i < 1001; i++) await seedAudit({ type: "project.updated", effective_at: 20_000 + i, details: { id: `proj_${i}` } });
    await env.ctl.clearRequests();
    await expect(listAuditLogs({ eventTypes: ["project.updated"] })).rejects.toThrow(
      "OpenAI getAuditLogs: more than 1000 entries pass the filters, the most one read returns without a limit; narrow the range (since, until) or the filters, or set limit to take the newest ones",
    );
    expect(await env.ctl.calls()).toHaveLength(11);
    expect(await listAuditLogs({ eventTypes: ["project.updated"], since: 20_001 })).toHaveLength(1000);
    expect(await listAuditLogs({ eventTypes: ["project.updated"], limit: 1001 })).toHaveLength(1001);
  });

  test("wrong arguments fail naming each one before any request, as the plugin's Invoke reports them", async () => {
    await expect(listProjectApiKeys("proj/../x")).rejects.toThrow(
      "OpenAI getProjectApiKeys: invalid arguments, nothing was sent: projectId: must be a project id like proj_abc123 (a Project's projectId output)",
    );
    await expect(listOrganizationUsers({ emails: ["ada"] })).rejects.toThrow("emails.0: must be an email address like name@example.com");
    await expect(listAuditLogs({ until: -5, limit: 1.5 })).rejects.toThrow("until: must not be negative; limit: must be a whole number");
    await expect(listAuditLogs({ since: "2026-11-02", until: "2026-11-01" })).rejects.toThrow("until: must be after since (2026-11-02T00:00:00Z)");
    await expect(listAuditLogs({ since: "2026-11-01T00:00:00" })).rejects.toThrow("since: must name its time zone, like 2026-11-01T00:00:00Z (UTC)");
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("the emulator's own calls are audited: a service account made and deleted shows in the log", async () => {
    const bot = await resources.ProjectServiceAccount.create({ projectId, name: "ci", role: "member", keyExpiresInSeconds: null });
    await resources.ProjectServiceAccount.delete(bot.id, bot.outs);
    const events = await listAuditLogs({ resourceIds: [bot.id] });
    expect(events.map((e) => e.type)).toEqual(["service_account.deleted", "service_account.created"]);
  });
});

const NOV_1 = Date.parse("2026-11-01T00:00:00Z") / 1000;
const HOUR = 3600;
const DAY = 86400;

describe("usage and costs reads", () => {
  beforeEach(async () => {
    // Only recorded figures: the sums below are exact.
    await env.ctl.clearUsage();
  });

  test("getUsage takes dates as people write them, sends the kind's query, and returns every bucket with its sums", async () => {
    await env.ctl.recordUsage({ kind: "completions", at: NOV_1 + 60, project_id: projectId, model: "gpt-4o-mini", input_tokens: 100, output_tokens: 10, num_model_requests: 1 });
    await env.ctl.recordUsage({ kind: "completions", at: NOV_1 + DAY + 60, project_id: projectId, model: "gpt-4.1", input_tokens: 5, num_model_requests: 1 });
    await env.ctl.clearRequests();
    const buckets = await listUsage({ kind: "completions", startTime: "2026-11-01", endTime: "2026-11-03T00:00:00Z", groupBy: ["model"], projectIds: [projectId] });
    expect(await sent()).toEqual([
      `GET /organization/usage/completions?start_time=${NOV_1}&end_time=${NOV_1 + 2 * DAY}&bucket_width=1d&group_by[]=model&project_ids[]=${projectId}&limit=31`,
    ]);
    expect(buckets).toHaveLength(2);
    expect(buckets[0]).toEqual({ startTime: NOV_1, endTime: NOV_1 + DAY, results: [expect.objectContaining({ model: "gpt-4o-mini", inputTokens: 100, outputTokens: 10, numModelRequests: 1, projectId: null, images: null })] });
    expect(buckets[1].results).toEqual([expect.objectContaining({ model: "gpt-4.1", inputTokens: 5 })]);
    // Unix seconds, as a number or as digits, mean the same range.
    expect(await listUsage({ kind: "completions", startTime: NOV_1, endTime: String(NOV_1 + 2 * DAY), groupBy: ["model"], projectIds: [projectId] })).toEqual(buckets);
  });

  test("getUsage pages to the end of the range: 240 hour buckets are two pages", async () => {
    await env.ctl.recordUsage({ kind: "images", at: NOV_1 + 200 * HOUR, images: 3, num_model_requests: 1, size: "1024x1024" });
    await env.ctl.clearRequests();
    const buckets = await listUsage({ kind: "images", startTime: NOV_1, endTime: NOV_1 + 10 * DAY, bucketWidth: "1h", sizes: ["1024x1024"] });
    expect(buckets.map((b) => b.startTime)).toEqual(Array.from({ length: 240 }, (_, i) => NOV_1 + i * HOUR));
    expect(buckets.flatMap((b) => b.results.map((r) => [b.startTime, r.images]))).toEqual([[NOV_1 + 200 * HOUR, 3]]);
    const pages = await env.ctl.requests();
    expect(pages.map((r) => new URLSearchParams(r.query).get("page"))).toEqual([null, expect.stringMatching(/^page_/)]);
    expect(pages.map((r) => new URLSearchParams(r.query).get("limit"))).toEqual(["168", "168"]);
  });

  test("getCosts groups by line item and filters by line items, in day buckets", async () => {
    await env.ctl.recordUsage({ kind: "completions", at: NOV_1, project_id: projectId, model: "gpt-4o-mini", input_tokens: 2_000_000, output_tokens: 1_000_000 });
    await env.ctl.recordUsage({ kind: "costs", at: NOV_1 + DAY, project_id: projectId, line_item: "fine-tuning", value: 4, quantity: 1 });
    await env.ctl.clearRequests();
    const days = await listCosts({ startTime: "2026-11-01", endTime: "2026-11-03", groupBy: ["line_item", "project_id"] });
    expect(days.map((d) => d.results.map((r) => [r.lineItem, r.amount, r.currency, r.quantity, r.quantityUnit, r.projectId]))).toEqual([
      [["gpt-4o-mini, input", 0.3, "usd", 2_000_000, "tokens", projectId], ["gpt-4o-mini, output", 0.6, "usd", 1_000_000, "tokens", projectId]],
      [["fine-tuning", 4, "usd", 1, null, projectId]],
    ]);
    const one = await listCosts({ startTime: "2026-11-01", endTime: "2026-11-03", lineItems: ["fine-tuning"] });
    expect(one.map((d) => d.results)).toEqual([[], [{ amount: 4, currency: "usd", lineItem: null, projectId: null, userId: null, apiKeyId: null, apiSource: null, quantity: null, quantityUnit: null }]]);
    expect((await sent())[0]).toBe(
      `GET /organization/costs?start_time=${NOV_1}&end_time=${NOV_1 + 2 * DAY}&bucket_width=1d&group_by[]=line_item&group_by[]=project_id&limit=180`,
    );
  });

  test("a wrong range, width, grouping or filter is refused before any request, naming the field and the rule", async () => {
    await env.ctl.clearRequests();
    const refused: Array<[() => Promise<unknown>, string]> = [
      [() => listUsage({ kind: "completions", startTime: "2026-11-02", endTime: "2026-11-01" }), "endTime: must be after startTime (2026-11-02T00:00:00Z)"],
      [() => listUsage({ kind: "completions", startTime: "2026-11-01", bucketWidth: "1w" as "1d" }), "bucketWidth: must be one of 1m, 1h, 1d (a minute, an hour, a day)"],
      [
        () => listUsage({ kind: "embeddings", startTime: "2026-11-01", endTime: "2026-11-12", bucketWidth: "1m" }),
        "endTime: the range from startTime to endTime holds 15840 buckets of 1m; one read takes at most 14400 (10 pages of 1440): narrow the range or use wider buckets",
      ],
      [() => listUsage({ kind: "moderations", startTime: "2026-11-01T00:00:00Z", endTime: "2030-01-01" }), "endTime: the range from startTime to endTime holds 1157 buckets of 1d; one read takes at most 310 (10 pages of 31): narrow the range"],
      [() => listUsage({ kind: "completions", startTime: "2026-11-01", endTime: "2026-11-02", groupBy: ["project_id", "size"] }), "groupBy.1: size is not a grouping of completions usage, which takes project_id, user_id, api_key_id, model, batch, service_tier, api_source"],
      [() => listUsage({ kind: "vector_stores", startTime: "2026-11-01", endTime: "2026-11-02", models: ["gpt-4o"] }), "models: is not a filter of vector_stores usage, which takes projectIds"],
      [() => listUsage({ kind: "tokens" as "images", startTime: "2026-11-01" }), "kind: must be one of completions, embeddings"],
      [() => listUsage({ kind: "images", startTime: "2026-02-30" }), "startTime: is not a real date or time (2026-02-30)"],
      [() => listUsage({ kind: "images", startTime: "last week" }), "startTime: must be an ISO date like 2026-11-01, a time like 2026-11-01T00:00:00Z, or Unix seconds"],
      [() => listCosts({ startTime: "2026-11-01", endTime: "2026-11-02", bucketWidth: "1h" as "1d" }), "bucketWidth: must be 1d: costs come only in day buckets"],
      [() => listCosts({ startTime: "2020-01-01", endTime: "2026-01-01" }), "endTime: the range from startTime to endTime holds 2192 buckets of 1d; one read takes at most 1800 (10 pages of 180): narrow the range"],
    ];
    for (const [call, message] of refused) await expect(call()).rejects.toThrow(message);
    await expect(listUsage({ kind: "images", startTime: "2026-11-02", endTime: "2026-11-01" })).rejects.toThrow(/^OpenAI getUsage: invalid arguments, nothing was sent: endTime: /);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("a read that still has more at its page bound fails naming the bound, never a range cut short", async () => {
    const pages = usage.list(getClient(), "embeddings", { start_time: NOV_1, end_time: NOV_1 + 40 * DAY, bucket_width: "1d" }, 1);
    const seen: number[] = [];
    await expect((async () => {
      for await (const b of pages) seen.push(b.start_time);
    })()).rejects.toThrow("GET /organization/usage/embeddings: the list had more than 1 pages; stopped rather than use a list that may be incomplete");
    expect(seen).toHaveLength(31);
  });
});
