import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { EmulatorControl, type Emulator, startEmulator } from "../../emulator";
import { failure, loggedRequests } from "./helpers";

const KEY = "sk-admin-test-certs-4c1a";
const pem = (name: string) => readFileSync(join(__dirname, "../fixtures/certificates", `${name}.pem`), "utf8");
const A = pem("trust-anchor-a");
const B = pem("trust-anchor-b");
const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);
const datesOf = (p: string) => {
  const x = new X509Certificate(p);
  return { valid_at: seconds(x.validFrom), expires_at: seconds(x.validTo) };
};
const SECONDS = expect.any(Number);

describe("emulator certificates, hosted tools, service tiers and API key updates, driven by the official openai client", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let org: OpenAI["admin"]["organization"];
  let projectId: string;

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 5 });
    ctl = new EmulatorControl(emu.url);
    org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await ctl.reset();
    projectId = (await org.projects.create({ name: "mtls" })).id;
  });

  it("uploads a certificate, reading its dates from the PEM, and gives its body back only when asked", async () => {
    const made = await org.certificates.create({ certificate: A, name: "anchor a" });
    expect(made).toEqual({ object: "certificate", id: expect.stringMatching(/^cert_/), name: "anchor a", created_at: SECONDS, certificate_details: datesOf(A) });
    expect(made.certificate_details.expires_at! - made.certificate_details.valid_at!).toBeGreaterThan(99 * 365 * 86400);
    expect(await org.certificates.retrieve(made.id)).toEqual(made);
    expect(await org.certificates.retrieve(made.id, { include: ["content"] })).toEqual({ ...made, certificate_details: { ...datesOf(A), content: A } });
    expect(await org.certificates.update(made.id, { name: "renamed" })).toEqual({ ...made, name: "renamed" });
  });

  it("refuses what is not one PEM certificate, an expired one and one of 16 KB or more, naming the field", async () => {
    for (const certificate of ["not a certificate", `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`, A + B, pem("expired"), A + "\n".repeat(16 * 1024)]) {
      const e = await failure(() => org.certificates.create({ certificate }));
      expect([e.status, e.param]).toEqual([400, "certificate"]);
    }
    expect(await failure(() => org.certificates.create({ name: "no body" } as never))).toMatchObject({ status: 400, param: "certificate" });
    expect((await org.certificates.list()).data).toEqual([]);
  });

  it("lists newest first by default, pages with after, and takes order=asc", async () => {
    const a = await org.certificates.create({ certificate: A });
    const b = await org.certificates.create({ certificate: B });
    const first = await org.certificates.list({ limit: 1 });
    expect(first.data).toEqual([{ object: "organization.certificate", id: b.id, name: null, created_at: SECONDS, certificate_details: datesOf(B), active: false }]);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const c of org.certificates.list({ limit: 1 })) all.push(c.id);
    expect(all).toEqual([b.id, a.id]);
    expect((await org.certificates.list({ order: "asc" })).data.map((c) => c.id)).toEqual([a.id, b.id]);
    expect((await failure(() => org.certificates.list({ limit: 101 }))).param).toBe("limit");
  });

  it("activates and deactivates for the organization and per project; an active certificate cannot be deleted", async () => {
    const a = await org.certificates.create({ certificate: A });
    const b = await org.certificates.create({ certificate: B });

    const on = await org.certificates.activate({ certificate_ids: [a.id] });
    expect(on.data).toEqual([expect.objectContaining({ object: "organization.certificate", id: a.id, active: true })]);
    const inProject = await org.projects.certificates.activate(projectId, { certificate_ids: [b.id, a.id] });
    expect(inProject.data.map((c) => [c.object, c.id, c.active])).toEqual([
      ["organization.project.certificate", b.id, true],
      ["organization.project.certificate", a.id, true],
    ]);
    expect((await org.certificates.list()).data.map((c) => [c.id, c.active])).toEqual([[b.id, false], [a.id, true]]);

    const refused = await failure(() => org.certificates.delete(b.id));
    expect([refused.status, refused.code]).toEqual([400, "certificate_active"]);
    expect(refused.message).toContain(`project ${projectId}`);

    await org.projects.certificates.deactivate(projectId, { certificate_ids: [b.id] });
    expect((await org.projects.certificates.list(projectId)).data.map((c) => [c.id, c.active])).toEqual([[b.id, false], [a.id, true]]);
    expect(await org.certificates.delete(b.id)).toEqual({ object: "certificate.deleted", id: b.id });
    expect((await failure(() => org.certificates.retrieve(b.id))).status).toBe(404);

    await org.certificates.deactivate({ certificate_ids: [a.id] });
    await expect(org.certificates.delete(a.id)).rejects.toThrow(/active \(project/);
    await org.projects.certificates.deactivate(projectId, { certificate_ids: [a.id] });
    await org.certificates.delete(a.id);

    expect((await failure(() => org.certificates.activate({ certificate_ids: [] }))).param).toBe("certificate_ids");
    expect((await failure(() => org.certificates.activate({ certificate_ids: ["cert_nope"] }))).status).toBe(404);
    expect((await failure(() => org.projects.certificates.list("proj_nope"))).status).toBe(404);
  });

  it("reads and sets a project's hosted tool permissions, changing only the tools named", async () => {
    const all = { enabled: true };
    expect(await org.projects.hostedToolPermissions.retrieve(projectId)).toEqual({ file_search: all, web_search: all, image_generation: all, mcp: all, code_interpreter: all });
    const set = await org.projects.hostedToolPermissions.update(projectId, { web_search: { enabled: false }, mcp: null });
    expect(set).toEqual({ file_search: all, web_search: { enabled: false }, image_generation: all, mcp: all, code_interpreter: all });
    expect(await org.projects.hostedToolPermissions.retrieve(projectId)).toEqual(set);
    const bad = await failure(() => org.projects.hostedToolPermissions.update(projectId, { mcp: { enabled: "no" } } as never));
    expect([bad.status, bad.param]).toEqual([400, "mcp.enabled"]);
    expect((await failure(() => org.projects.hostedToolPermissions.update(projectId, { browser: { enabled: true } } as never))).param).toBe("browser");
  });

  it("reads and sets a project's service tier settings, keeping the fields left out", async () => {
    expect(await org.projects.serviceTierSettings.retrieve(projectId)).toEqual({ object: "project.service_tier_settings", default: "standard", enabled_tiers: "all" });
    expect(await org.projects.serviceTierSettings.update(projectId, { enabled_tiers: ["flex"] })).toEqual({ object: "project.service_tier_settings", default: "standard", enabled_tiers: ["flex"] });
    expect(await org.projects.serviceTierSettings.update(projectId, { default: "scale" })).toEqual({ object: "project.service_tier_settings", default: "scale", enabled_tiers: ["flex"] });
    expect((await failure(() => org.projects.serviceTierSettings.update(projectId, {}))).status).toBe(400);
    expect((await failure(() => org.projects.serviceTierSettings.update(projectId, { default: "flex" } as never))).param).toBe("default");
    expect((await failure(() => org.projects.serviceTierSettings.update(projectId, { enabled_tiers: ["turbo"] } as never))).param).toBe("enabled_tiers");
  });

  it("updates a project API key's scopes and expiry, together, and refuses an empty or null update", async () => {
    const sa = await org.projects.serviceAccounts.create(projectId, { name: "ci" });
    const keyId = sa.api_key!.id;
    const updated = await org.projects.apiKeys.update(keyId, { project_id: projectId, scopes: ["api.all.read"], expires_in_seconds: 3600 });
    expect(updated).toMatchObject({ object: "organization.project.api_key", id: keyId, expires_at: expect.any(Number) });
    expect(updated.expires_at! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
    expect(JSON.stringify(updated)).not.toContain(sa.api_key!.value);
    const keys = (await ctl.org()).projectApiKeys as Record<string, Array<{ id: string; scopes?: string[] }>>;
    expect(keys[projectId].find((k) => k.id === keyId)?.scopes).toEqual(["api.all.read"]);

    expect((await failure(() => org.projects.apiKeys.update(keyId, { project_id: projectId }))).status).toBe(400);
    expect((await failure(() => org.projects.apiKeys.update(keyId, { project_id: projectId, scopes: null } as never))).param).toBe("scopes");
    expect((await failure(() => org.projects.apiKeys.update("key_nope", { project_id: projectId, scopes: [] }))).status).toBe(404);
    expect((await loggedRequests(emu)).filter((r) => r.method === "POST" && r.path.includes("/api_keys/")).map((r) => r.status)).toEqual([200, 400, 400, 404]);
  });
});
