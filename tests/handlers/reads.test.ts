import { listAdminApiKeys, listAuditLogs, listOrganizationUsers, listProjectApiKeys } from "../../provider/reads";
import { resources } from "../../provider";
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
      since: 1_500,
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

  test("wrong arguments fail naming each one before any request, as the plugin's Invoke reports them", async () => {
    await expect(listProjectApiKeys("proj/../x")).rejects.toThrow(
      "OpenAI getProjectApiKeys: invalid arguments, nothing was sent: projectId: must be a project id like proj_abc123 (a Project's projectId output)",
    );
    await expect(listOrganizationUsers({ emails: ["ada"] })).rejects.toThrow("emails.0: must be an email address like name@example.com");
    await expect(listAuditLogs({ until: -5, limit: 1.5 })).rejects.toThrow("until: must not be negative; limit: must be a whole number");
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("the emulator's own calls are audited: a service account made and deleted shows in the log", async () => {
    const bot = await resources.ProjectServiceAccount.create({ projectId, name: "ci", role: "member", keyExpiresInSeconds: null });
    await resources.ProjectServiceAccount.delete(bot.id, bot.outs);
    const events = await listAuditLogs({ resourceIds: [bot.id] });
    expect(events.map((e) => e.type)).toEqual(["service_account.deleted", "service_account.created"]);
  });
});
