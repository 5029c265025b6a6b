import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { packageSchema } from "../../provider/plugin/schema";
import { stackConfig, withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const cert = resources.Certificate;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const pem = (name: string) => readFileSync(join(__dirname, "../fixtures/certificates", `${name}.pem`), "utf8");
const A = pem("trust-anchor-a");
const B = pem("trust-anchor-b");
/** A line from the middle of each body: a message that holds it quotes the certificate. */
const bodyLines = [A, B, pem("expired")].map((p) => p.split("\n")[2]);
const quotesABody = (text: string) => bodyLines.some((line) => text.includes(line));

const inputs = async (over: Record<string, unknown> = {}) => {
  const r = await cert.check({}, { content: A, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs;
};
const org = async () => (await env.ctl.org()) as unknown as { certificates: Array<{ id: string; active: boolean }>; projectCertificates: Record<string, string[]> };

describe("Certificate handler", () => {
  test("check refuses what is not one PEM certificate, an expired one and one over 16 KB, naming content and never quoting it", async () => {
    const cases: Array<[string, RegExp]> = [
      ["hello", /must be a certificate in PEM format/],
      ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", /is not an X\.509 certificate/],
      [A + B, /exactly one certificate, not 2/],
      [pem("expired"), /has expired \(on 2020-02-01T00:00:00\.000Z\)/],
      [A + " ".repeat(16 * 1024), /smaller than 16384 bytes/],
    ];
    for (const [content, reason] of cases) {
      const r = await cert.check({}, { content, name: "anchor" });
      expect(r.failures).toEqual([{ property: "content", reason: expect.stringMatching(reason) }]);
      expect(quotesABody(JSON.stringify(r.failures))).toBe(false);
    }
    const others = await cert.check({}, { active: "yes", projectIds: ["research"] });
    expect(others.failures).toEqual(
      expect.arrayContaining([
        { property: "content", reason: "is required: the certificate in PEM format" },
        { property: "active", reason: "must be true or false" },
        { property: "projectIds.0", reason: expect.stringContaining("must be a project id") },
      ]),
    );
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("the same certificate with other line endings is the same input; the plugin's schema marks content secret", async () => {
    expect((await inputs({ content: A.replace(/\n/g, "\r\n") })).content).toBe((await inputs()).content);
    const schema = packageSchema().resources["openai:index:Certificate"];
    expect(schema.inputProperties.content.secret).toBe(true);
    expect(schema.properties.content.secret).toBe(true);
  });

  test("create uploads, then activates for the organization and each project; read, update and delete each say where it is active", async () => {
    const made = await cert.create(await inputs({ name: "anchor", active: true, projectIds: [projectId] }));
    expect(made.outs).toEqual({
      certificateId: made.id,
      name: "anchor",
      content: (await inputs()).content,
      fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      validAt: expect.any(Number),
      expiresAt: expect.any(Number),
      active: true,
      projectIds: [projectId],
      createdAt: expect.any(Number),
      __claim: expect.any(String),
    });
    expect((made.outs.expiresAt as number) - (made.outs.validAt as number)).toBeGreaterThan(99 * 365 * 86400);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/certificates",
      "POST /organization/certificates",
      "POST /organization/certificates/activate",
      `POST /organization/projects/${projectId}/certificates/activate`,
    ]);
    expect((await org()).projectCertificates[projectId]).toEqual([made.id]);

    await env.ctl.clearRequests();
    expect((await cert.read(made.id, made.outs)).props).toEqual(made.outs);
    expect(await env.ctl.calls()).toEqual(["GET /organization/certificates", `GET /organization/projects/${projectId}/certificates`]);

    const next = await inputs({ name: "anchor-2", active: false, projectIds: [] });
    expect(await cert.diff(made.id, made.outs, next)).toMatchObject({ changes: true, replaces: [], diffs: ["name", "active", "projectIds"] });
    await env.ctl.clearRequests();
    const updated = await cert.update(made.id, made.outs, next);
    expect(updated.outs).toMatchObject({ name: "anchor-2", active: false, projectIds: [] });
    expect(await env.ctl.calls()).toEqual([
      `POST /organization/certificates/${made.id}`,
      "POST /organization/certificates/deactivate",
      `POST /organization/projects/${projectId}/certificates/deactivate`,
    ]);
    expect((await cert.diff(made.id, updated.outs, next)).changes).toBe(false);

    // Active again, then deleted: the API deletes only an inactive certificate, so delete deactivates first.
    const again = (await cert.update(made.id, updated.outs, await inputs({ active: true, projectIds: [projectId] }))).outs;
    await env.ctl.clearRequests();
    await cert.delete(made.id, again);
    expect(await env.ctl.calls()).toEqual([
      "POST /organization/certificates/deactivate",
      `POST /organization/projects/${projectId}/certificates/deactivate`,
      `DELETE /organization/certificates/${made.id}`,
    ]);
    expect((await org()).certificates).toEqual([]);
    expect(await withShortLostCreateWait(() => cert.read(made.id, again))).toEqual({ id: "", props: {} });
  });

  test("activation changed outside Pulumi reads as drift", async () => {
    const made = await cert.create(await inputs({ active: true, projectIds: [projectId] }));
    await fetch(`${env.emu.url}/organization/projects/${projectId}/certificates/deactivate`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ certificate_ids: [made.id] }),
    });
    const read = await cert.read(made.id, made.outs);
    expect(read.props).toMatchObject({ active: true, projectIds: [] });
    expect(await cert.diff(made.id, read.props, await inputs({ active: true, projectIds: [projectId] }))).toMatchObject({ changes: true, diffs: ["projectIds"] });
  });

  test("a new body replaces, deleting the old certificate first", async () => {
    const made = await cert.create(await inputs());
    expect(await cert.diff(made.id, made.outs, await inputs({ content: B }))).toMatchObject({ changes: true, replaces: ["content"], deleteBeforeReplace: true });
  });

  test("the same certificate again is refused before any write, by fingerprint; another one with the same dates is not", async () => {
    const first = await cert.create(await inputs({ name: "anchor" }));
    // A new process, which knows nothing of the org yet.
    forgetListings();
    await env.ctl.clearRequests();
    const refused = cert.create(await inputs({ name: "other name" }));
    await expect(refused).rejects.toThrow(`create refused, nothing was sent: the organization already has the same certificate (fingerprint ${first.outs.fingerprint as string}) as ${first.id} "anchor": adopt it with the resource option { import: "${first.id}" }`);
    expect(quotesABody(String(await refused.catch((e: Error) => e.message)))).toBe(false);
    // The listing shows no bodies: the one certificate with the same dates was read once with its body.
    expect(await env.ctl.calls()).toEqual(["GET /organization/certificates", `GET /organization/certificates/${first.id}`]);

    const other = await cert.create(await inputs({ content: B }));
    expect(other.outs.fingerprint).not.toBe(first.outs.fingerprint);
    expect(other.outs.validAt).toBe(first.outs.validAt);
    expect((await org()).certificates.map((c) => c.id).sort()).toEqual([first.id, other.id].sort());
  });

  test("adoption takes the organization's certificate only when its body is the program's, saying so by fingerprint", async () => {
    const first = await cert.create(await inputs({ name: "anchor" }));
    const adopted = await cert.create({ ...(await inputs({ name: "anchor" })), importId: first.id });
    expect(adopted).toEqual({ id: first.id, outs: { ...first.outs, createdAt: expect.any(Number), __claim: expect.any(String) } });

    const wrong = cert.create({ ...(await inputs({ content: B, name: "anchor" })), importId: first.id });
    await expect(wrong).rejects.toThrow(/cannot adopt ".*": its body differs from the program's content: the organization's has fingerprint [0-9A-F:]+, the program's [0-9A-F:]+; nothing was changed/);
    expect(quotesABody(String(await wrong.catch((e: Error) => e.message)))).toBe(false);

    const elsewhere = cert.create({ ...(await inputs({ name: "anchor", projectIds: [projectId] })), importId: first.id });
    await expect(elsewhere).rejects.toThrow(`projectIds: the program says ["${projectId}"], the organization has []`);
    expect((await org()).certificates).toHaveLength(1);
  });

  test("an import names no projects, so where the certificate is active is looked up in every project", async () => {
    const made = await cert.create(await inputs({ name: "anchor", projectIds: [projectId] }));
    forgetListings();
    // `pulumi import`, and the import option of a program in another language, read with no inputs at all.
    const found = await cert.import(made.id);
    expect(found.inputs).toMatchObject({ name: "anchor", projectIds: [projectId] });
  });

  test("a create whose answer is lost is adopted, not uploaded twice", async () => {
    await env.ctl.addFault({ method: "POST", path: "/organization/certificates", fault: "drop_after", count: 1 });
    const made = await cert.create(await inputs());
    expect((await org()).certificates.map((c) => c.id)).toEqual([made.id]);
  });

  test("an activation that fails keeps the uploaded certificate in the state, and the next update finishes it; no error quotes the body", async () => {
    stackConfig({ "openai:maxRetries": "0" });
    try {
      await env.ctl.addFault({ method: "POST", path: `/organization/projects/${projectId}/certificates/activate`, fault: "500", count: 1 });
      const failed = (await cert.create(await inputs({ active: true, projectIds: [projectId] })).catch((e: unknown) => e)) as Error & { id?: string; properties?: Record<string, unknown> };
      expect(failed.message).toMatch(/create failed: .*HTTP 500/);
      expect(quotesABody(failed.message)).toBe(false);
      expect(failed.id).toMatch(/^cert_/);
      expect(failed.properties).toMatchObject({ certificateId: failed.id, active: true, projectIds: [] });
      expect((await org()).certificates).toHaveLength(1);

      const next = await inputs({ active: true, projectIds: [projectId] });
      expect((await cert.diff(failed.id!, failed.properties!, next)).diffs).toEqual(["projectIds"]);
      expect((await cert.update(failed.id!, failed.properties!, next)).outs).toMatchObject({ active: true, projectIds: [projectId] });
      expect((await org()).projectCertificates[projectId]).toEqual([failed.id]);

      await env.ctl.addFault({ method: "POST", path: "/organization/certificates", fault: "500", count: 5 });
      stackConfig({ "openai:maxRetries": "0", "openai:lostCreateWaitMs": "100" });
      const upload = (await cert.create(await inputs({ content: B })).catch((e: unknown) => e)) as Error;
      expect(upload.message).toMatch(/HTTP 500/);
      expect(quotesABody(upload.message + JSON.stringify(upload))).toBe(false);
    } finally {
      stackConfig({});
    }
  });
});
