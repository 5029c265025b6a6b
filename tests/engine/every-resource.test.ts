/**
 * Every resource through the real `pulumi` (built by scripts/pulumi-cli.sh), against the emulator: the steps a
 * team takes every week, each checked against the org the emulator holds and the engine's own step counts.
 * The steps depend on each other, in order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OrgDump } from "../../emulator";
import type { RealStack } from "../../harness/real-engine";
import { ENGINE_ADMIN_KEY, EngineFixture, ours, requireRealEngine, steps } from "./support";

requireRealEngine();

const certificateLine = fs.readFileSync(path.join(__dirname, "programs", "every-resource", "trust-anchor.pem"), "utf8").split("\n")[2];

const ALL = [
  "project", "models", "alert", "retention", "invite", "member", "bot", "rate", "ada", "admin-key", "org-alert", "org-limit",
  "project-limit", "org-retention", "group", "group-member", "role", "group-role", "project-group", "project-role", "project-user-role",
  "external-key", "external-storage", "wip", "federation-rule",
  "certificate", "hosted-tools", "service-tiers",
];
// Objects with no identity of their own: a second resource with the same key takes the same object over.
const KEYED = [
  "models", "retention", "member", "rate", "ada", "org-limit", "project-limit", "org-retention", "group-member", "group-role", "project-group", "project-user-role",
  "hosted-tools", "service-tiers",
];
// Objects the API makes anew on each create: a second one would be a duplicate, which the guard refuses.
const MADE = ALL.filter((n) => !KEYED.includes(n));

/** What must stay in force whatever the engine does: counted, so that a duplicate or a loss shows. */
function essentials(org: OrgDump, userId: string) {
  // The emulator's org, like a real one, has a default project of its own.
  const active = org.projects.filter((p) => p.status === "active" && p.name !== "Default project");
  const pid = active[0]?.id ?? "";
  return {
    activeProjects: active.map((p) => p.name),
    models: org.modelPermissions[pid] ?? null,
    retention: org.dataRetention[pid]?.type ?? null,
    alerts: (org.spendAlerts[pid] ?? []).map((a) => a.threshold_amount),
    adaInOrg: org.users.some((u) => u.id === userId),
    adaInProject: (org.projectUsers[pid] ?? []).some((u) => u.user_id === userId),
    serviceAccounts: (org.serviceAccounts[pid] ?? []).map((s) => s.name),
    rateLimit: org.rateLimits[pid]?.["gpt-4o"]?.max_requests_per_1_minute ?? null,
    adminKeys: org.adminApiKeys.map((k) => k.name),
    orgLimit: org.organizationSpendLimit?.threshold_amount ?? null,
    projectLimit: org.projectSpendLimits[pid]?.threshold_amount ?? null,
    orgAlerts: org.organizationSpendAlerts.map((a) => a.threshold_amount),
    orgRetention: org.organizationDataRetention,
    groups: org.groups.map((g) => g.name),
    groupMembers: Object.values(org.groupMembers).map((m) => m.length),
    customRoles: org.roles.filter((r) => !r.predefined_role).map((r) => r.name).sort(),
    pendingInvites: org.invites.filter((i) => i.status === "pending").map((i) => i.email),
    externalKeys: org.externalKeys.map((k) => k.name),
    externalStorage: org.externalStorage.map((c) => c.provider.bucket),
    identityProviders: org.workloadIdentityProviders.map((p) => `${p.name}: ${String(p.description)}`),
    federationRules: Object.values(org.federationRules).flat().map((r) => r.name),
    certificates: org.certificates.map((c) => ({ name: c.name, active: c.active, inProject: (org.projectCertificates[pid] ?? []).includes(c.id) })),
    webSearch: org.hostedToolPermissions[pid]?.web_search?.enabled ?? null,
    mcp: org.hostedToolPermissions[pid]?.mcp?.enabled ?? null,
    serviceTiers: org.serviceTierSettings[pid] ?? null,
  };
}

describe("every resource through the real pulumi CLI", () => {
  let fx: EngineFixture;
  let stack: RealStack;
  let userId: string;
  let settings: Record<string, string>;
  const up = (extra: Parameters<RealStack["run"]>[1] = {}) => stack.run("up", { config: fx.config(settings), ...extra });
  const org = async () => essentials(await fx.control.org(), userId);
  const secrets: string[] = [ENGINE_ADMIN_KEY];

  beforeAll(async () => {
    fx = await EngineFixture.start("every-resource");
    userId = (await fx.control.addUser({ email: "ada@example.com", name: "Ada" })).id;
    settings = { userId };
    stack = await fx.stack();
  });
  afterAll(() => fx?.close());

  test("up creates every one of the 28 resources", async () => {
    const r = await up();
    expect(ours(await stack.deployment()).size).toBe(28);
    expect(steps(r).create).toBe(29); // and the stack
    const now = await org();
    expect(now).toMatchObject({
      activeProjects: ["engine-team"], models: { mode: "allow_list", model_ids: ["gpt-4.1", "gpt-4.1-mini"] }, retention: "zero_data_retention",
      alerts: [50_000], adaInOrg: true, adaInProject: true, serviceAccounts: ["ci-bot"], rateLimit: 500, orgLimit: 1_000_000,
      projectLimit: 100_000, orgAlerts: [500_000], orgRetention: "zero_data_retention", groups: ["platform"], groupMembers: [1],
      customRoles: ["auditor"], pendingInvites: ["newcomer@example.com"], externalKeys: ["prod-kms"], externalStorage: ["engine-logs"],
      identityProviders: ["github: CI"], federationRules: ["deploy"], certificates: [{ name: "anchor", active: false, inProject: true }],
      webSearch: false, mcp: false, serviceTiers: { default: "standard", enabled_tiers: ["flex"] },
    });
    expect(now.adminKeys).toContain("ci-admin");
    // The key outputs reach the program, and the search for secrets below looks for them too.
    for (const k of ["serviceAccountKey", "adminApiKey"]) {
      expect(r.outputs?.[k]?.secret).toBe(true);
      expect(typeof r.outputs?.[k]?.value).toBe("string");
      secrets.push(r.outputs![k].value as string);
    }
  });

  test("a second up with nothing changed makes no API calls", async () => {
    await fx.control.clearRequests();
    const r = await up();
    expect(await fx.calls()).toEqual([]);
    expect(steps(r)).toEqual({ same: 29 });
  });

  test("a preview of an update of every resource that can be updated makes no API calls", async () => {
    settings = { ...settings, variant: "update" };
    await fx.control.clearRequests();
    const r = await stack.run("preview", { config: fx.config(settings) });
    expect(await fx.calls()).toEqual([]);
    // 17 updates. A dynamic provider cannot mark an output stable, so during a preview the ids of an updated group,
    // role and workload identity provider are unknown, and the 4 assignments and memberships and the federation rule
    // that name them show as replaced; the up below shows they are not.
    expect(r.changes?.update).toBe(17);
    expect(r.changes?.replace ?? 0).toBe(5);
  });

  test("up of that update changes every object in place", async () => {
    await fx.control.clearRequests();
    const r = await up();
    expect(steps(r)).toEqual({ update: 18, same: 11 });
    expect((await fx.writes()).filter((w) => w.startsWith("DELETE"))).toEqual([]);
    expect(await org()).toMatchObject({
      models: { model_ids: ["gpt-4.1"] }, retention: "none", alerts: [60_000], rateLimit: 400, orgLimit: 2_000_000, projectLimit: 200_000,
      orgAlerts: [600_000], orgRetention: "modified_abuse_monitoring", groups: ["platform-team"], identityProviders: ["github: CI and CD"],
      federationRules: ["deploy-main"],
      certificates: [{ name: "anchor-2", active: false, inProject: true }], mcp: true, serviceTiers: { default: "scale", enabled_tiers: ["flex"] },
    });
  });

  test("refresh sees what was changed behind its back, and up puts the org back as written", async () => {
    const dump = await fx.control.org();
    const pid = dump.projects.find((p) => p.status === "active" && p.name === "engine-team")!.id;
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${fx.emulator.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ENGINE_ADMIN_KEY}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((res) => expect(res.status).toBeLessThan(300));
    await api("DELETE", `/organization/projects/${pid}/spend_alerts/${dump.spendAlerts[pid][0].id}`);
    await api("POST", `/organization/projects/${pid}/data_retention`, { retention_type: "zero_data_retention" });
    await api("DELETE", `/organization/projects/${pid}/model_permissions`);
    await api("POST", `/organization/projects/${pid}/certificates/deactivate`, { certificate_ids: [dump.certificates[0].id] });
    await api("POST", `/organization/projects/${pid}/hosted_tool_permissions`, { web_search: { enabled: true } });
    const r = await stack.run("refresh", { config: fx.config(settings) });
    expect(r.changes?.delete ?? 0).toBe(1); // the alert is gone from the state
    expect(await org()).toMatchObject({ alerts: [], retention: "zero_data_retention", models: null, certificates: [{ inProject: false }], webSearch: true });
    await up();
    expect(await org()).toMatchObject({ alerts: [60_000], retention: "none", models: { model_ids: ["gpt-4.1"] }, certificates: [{ inProject: true }], webSearch: false });
  });

  test("up --replace of every resource replaces each without a duplicate, a lost person or a lifted limit", async () => {
    const before = ours(await stack.deployment());
    const urns = [...before.values()].map((r) => r.urn);
    const r = await up({ replace: urns });
    expect(r.changes?.replace).toBe(28);
    const after = ours(await stack.deployment());
    // Every object the API makes anew is new (a service account's key rotated); every keyed one is still in force.
    for (const name of ["project", "bot", "admin-key", "group", "role", "project-role", "alert", "org-alert", "invite", "external-key", "external-storage", "wip", "federation-rule", "certificate"]) {
      expect([name, after.get(name)?.id]).not.toEqual([name, before.get(name)?.id]);
    }
    const now = await org();
    expect(now).toMatchObject({
      activeProjects: ["engine-team"], models: { model_ids: ["gpt-4.1"] }, retention: "none", alerts: [60_000], adaInOrg: true, adaInProject: true,
      serviceAccounts: ["ci-bot"], rateLimit: 400, orgLimit: 2_000_000, projectLimit: 200_000, orgAlerts: [600_000], groups: ["platform-team"],
      groupMembers: [1], customRoles: ["auditor"], pendingInvites: ["newcomer@example.com"], externalKeys: ["prod-kms"], externalStorage: ["engine-logs"],
      identityProviders: ["github: CI and CD"], federationRules: ["deploy-main"],
      certificates: [{ name: "anchor-2", active: false, inProject: true }], webSearch: false, mcp: true, serviceTiers: { default: "scale", enabled_tiers: ["flex"] },
    });
    expect(now.adminKeys.filter((k) => k === "ci-admin")).toHaveLength(1);
    secrets.push(...["serviceAccountKey", "adminApiKey"].map((k) => r.outputs![k].value as string));
  });

  test("a rename without an alias of every keyed resource takes its object over and the old one's delete leaves it", async () => {
    const before = await org();
    await fx.control.clearRequests();
    settings = { ...settings, moved: JSON.stringify(KEYED) };
    const r = await up();
    expect(r.changes?.create).toBe(KEYED.length);
    expect(r.changes?.delete).toBe(KEYED.length);
    expect((await fx.writes()).filter((w) => w.startsWith("DELETE"))).toEqual([]);
    expect(await org()).toEqual(before);
    expect([...ours(await stack.deployment()).keys()].filter((n) => n.endsWith("-moved")).sort()).toEqual(KEYED.map((n) => `${n}-moved`).sort());
    expect(r.output).toMatch(/left in place, not deleted: another resource of this stack took it over in this run/);
  });

  test("a rename without an alias of a resource the API makes anew is refused before any write, naming the alias", async () => {
    const before = await org();
    await fx.control.clearRequests();
    const moved = [...KEYED, ...MADE];
    const r = await stack.fails("up", { config: fx.config({ ...settings, moved: JSON.stringify(moved) }) });
    expect(r.output + r.error).toMatch(/create refused, nothing was sent: the organization already has/);
    expect(r.output + r.error).toMatch(/aliases: \[\{ name: "<old name>" \}\]/);
    expect(await fx.writes()).toEqual([]);
    expect(await org()).toEqual(before);
  });

  test("the import option adopts every renamed object with no write, and the old resources' deletes leave them", async () => {
    const before = await org();
    const state = ours(await stack.deployment());
    const imports = Object.fromEntries(ALL.map((n) => [n, (state.get(n) ?? state.get(`${n}-moved`))!.id as string]));
    await fx.control.clearRequests();
    settings = { ...settings, moved: JSON.stringify(ALL), imports: JSON.stringify(imports) };
    const r = await up();
    expect(r.changes?.create).toBe(MADE.length);
    expect(r.changes?.delete).toBe(MADE.length);
    expect(await fx.writes()).toEqual([]);
    expect(await org()).toEqual(before);
    expect([...ours(await stack.deployment()).keys()].every((n) => n.endsWith("-moved"))).toBe(true);
    // And the next up has nothing to do.
    await fx.control.clearRequests();
    expect(steps(await up())).toEqual({ same: 29 });
    expect(await fx.calls()).toEqual([]);
  });

  test("no state file, backup or history holds the admin key or a key output in plain text", () => {
    const files = stack.backendFiles();
    // The search means something only if it covered the checkpoints with our resources in them.
    expect(files.some((f) => f.text.includes("pulumi-nodejs:dynamic"))).toBe(true);
    expect(files.filter((f) => f.file.includes("history")).length).toBeGreaterThan(0);
    // The certificate's body too: a line from its middle.
    secrets.push(certificateLine);
    expect(secrets.length).toBe(6);
    for (const secret of secrets) expect(files.filter((f) => f.text.includes(secret)).map((f) => f.file)).toEqual([]);
  });

  test("destroy removes what the program made, archives the project, and leaves the org clean", async () => {
    const r = await stack.run("destroy", { config: fx.config(settings) });
    expect(r.changes?.delete).toBe(29);
    expect(ours(await stack.deployment()).size).toBe(0);
    const dump = await fx.control.org();
    expect(dump.projects.filter((p) => p.status === "active").map((p) => p.name)).toEqual(["Default project"]);
    expect(dump.groups).toEqual([]);
    expect(dump.roles.filter((x) => !x.predefined_role)).toEqual([]);
    expect(dump.invites.filter((i) => i.status === "pending")).toEqual([]);
    expect([dump.externalKeys, dump.externalStorage, dump.workloadIdentityProviders, Object.values(dump.federationRules).flat()]).toEqual([[], [], [], []]);
    expect(dump.certificates).toEqual([]);
  });
});
