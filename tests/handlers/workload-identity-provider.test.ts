import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const provider = resources.WorkloadIdentityProvider;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
beforeEach(() => {
  env = suite.env();
});

const github = (extra: Record<string, unknown> = {}) => ({ name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai", ...extra });
const PUBLIC_JWK = { kty: "RSA", kid: "k1", n: "modulus-AQAB", e: "AQAB" };
// A private exponent pasted by mistake: it must never be repeated in a failure, an error or an output.
const PRIVATE_EXPONENT = "d-private-exponent-3f9a1c";

describe("WorkloadIdentityProvider handler", () => {
  test("check names every bad input and sends nothing; a private key member is refused without its value", async () => {
    const bad = await provider.check({}, {
      name: " ", issuer: "http://plain.example.com", audience: "openai",
      attributeTransformations: [{ attribute: "", expression: "x" }],
      jwks: { keys: [{ ...PUBLIC_JWK, d: PRIVATE_EXPONENT }] },
    });
    expect(bad.failures).toEqual([
      { property: "name", reason: "must not be empty or only spaces" },
      { property: "issuer", reason: "must be the issuer's URL, starting https://" },
      { property: "attributeTransformations.0.attribute", reason: "must not be empty" },
      { property: "jwks.keys.0.d", reason: "is a private key member, refused (its value is not shown): give the issuer's public keys only" },
    ]);
    expect(JSON.stringify(bad.failures)).not.toContain(PRIVATE_EXPONENT);
    const both = await provider.check({}, github({ discoveryUrl: "https://example.com/.well-known/openid-configuration", jwks: { keys: [PUBLIC_JWK] } }));
    expect(both.failures).toEqual([{ property: "jwks", reason: "give either discoveryUrl or jwks, not both" }]);
    const error = await provider.create(github({ jwks: { keys: [{ ...PUBLIC_JWK, d: PRIVATE_EXPONENT }] } })).catch((e: Error) => e);
    expect(String(error)).toMatch(/invalid inputs, nothing was sent: jwks\.keys\.0\.d: is a private key member/);
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(PRIVATE_EXPONENT);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update in place and delete cost one call each; every field is sent on update", async () => {
    const created = await provider.create(github());
    expect(created.outs).toMatchObject({
      workloadIdentityProviderId: created.id, name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai", description: null,
      enabled: true, attributeTransformations: [], discoveryUrl: null, jwks: null, verificationType: "discovery", createdAt: expect.any(Number), updatedAt: expect.any(Number),
    });
    expect((await provider.read(created.id, created.outs)).props).toEqual(created.outs);
    const next = github({ enabled: false, jwks: { keys: [PUBLIC_JWK] }, attributeTransformations: [{ attribute: "repo", expression: "assertion.repository" }] });
    expect(await provider.diff(created.id, created.outs, next)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true, diffs: ["enabled", "attributeTransformations", "jwks"] });
    const updated = await provider.update(created.id, created.outs, next);
    expect(updated.outs).toMatchObject({ enabled: false, jwks: { keys: [PUBLIC_JWK] }, verificationType: "uploaded_jwks" });
    expect(await provider.diff(created.id, updated.outs, next)).toMatchObject({ changes: false });
    await provider.delete(created.id, updated.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/workload_identity_providers",
      "POST /organization/workload_identity_providers",
      "GET /organization/workload_identity_providers",
      `POST /organization/workload_identity_providers/${created.id}`,
      `DELETE /organization/workload_identity_providers/${created.id}`,
    ]);
    expect(await withShortLostCreateWait(() => provider.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("a change made behind Pulumi's back shows on refresh and the update puts it back", async () => {
    const created = await provider.create(github({ description: "CI" }));
    await fetch(`${env.emu.url}/organization/workload_identity_providers/${created.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled: false, description: null }),
    });
    const drifted = (await provider.read(created.id, created.outs)).props;
    expect(await provider.diff(created.id, drifted, github({ description: "CI" }))).toMatchObject({ changes: true, replaces: [], diffs: ["description", "enabled"] });
    const mended = await provider.update(created.id, drifted, github({ description: "CI" }));
    expect(mended.outs).toMatchObject({ description: "CI", enabled: true });
  });

  test("a second provider of the issuer and audience is refused before any write; import adopts it; a lost create is adopted", async () => {
    const first = await provider.create(github());
    await env.ctl.clearRequests();
    await expect(provider.create(github({ name: "gh-2" }))).rejects.toThrow(`a provider "github" for issuer https://token.actions.githubusercontent.com and audience "openai" (${first.id})`);
    expect(await env.ctl.calls()).toEqual([]);
    const adopted = await provider.create({ ...github(), importId: first.id });
    expect(adopted).toEqual({ id: first.id, outs: { ...first.outs, createdAt: first.outs.createdAt, __claim: expect.any(String) } });
    await expect(provider.create({ ...github({ audience: "other" }), importId: first.id })).rejects.toThrow(/audience/);
    expect((await env.ctl.calls()).filter((c) => !c.startsWith("GET"))).toEqual([]);

    await provider.delete(first.id, adopted.outs);
    await env.ctl.addFault({ method: "POST", path: "/organization/workload_identity_providers", fault: "drop_after", count: 1 });
    const again = await provider.create(github());
    expect((await env.ctl.org()).workloadIdentityProviders.map((p) => p.id)).toEqual([again.id]);
  });
});
