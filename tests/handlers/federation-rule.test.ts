import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const rule = resources.FederationRule;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
let providerId: string;
let providerOuts: Record<string, unknown>;
let serviceAccountId: string;
beforeEach(async () => {
  env = suite.env();
  projectId = suite.projectId();
  ({ id: providerId, outs: providerOuts } = await resources.WorkloadIdentityProvider.create({ name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai" }));
  serviceAccountId = (await resources.ProjectServiceAccount.create({ projectId, name: "deployer" })).id;
  await env.ctl.clearRequests();
});

const main = (extra: Record<string, unknown> = {}) => ({ providerId, projectId, serviceAccountId, attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main" }, ...extra });
const RULES = () => `/organization/workload_identity_providers/${providerId}/federation_rules`;

describe("FederationRule handler", () => {
  test("check names every bad input and sends nothing", async () => {
    expect((await rule.check({}, { providerId: "a/b", projectId, serviceAccountId: "", attributeMatchers: {}, scopes: [] })).failures).toEqual([
      { property: "providerId", reason: "must be an id, without /" },
      { property: "serviceAccountId", reason: "is required: the id of the project's service account" },
      { property: "attributeMatchers", reason: "must hold at least one attribute" },
      { property: "scopes", reason: "must hold at least one scope; leave it unset for all the service account may do" },
    ]);
    expect((await rule.check({}, main({ attributeMatchers: { sub: ["a"] } }))).failures).toEqual([{ property: "attributeMatchers.sub", reason: "must be a string, number or boolean" }]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update in place and delete cost one call each, under the rule's provider", async () => {
    const created = await rule.create(main());
    expect(created.outs).toMatchObject({
      federationRuleId: created.id, providerId, projectId, serviceAccountId, attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main" },
      name: null, description: null, enabled: true, scopes: null, createdAt: expect.any(Number), updatedAt: expect.any(Number),
    });
    expect((await rule.read(created.id, created.outs)).props).toEqual(created.outs);
    const next = main({ name: "main", scopes: ["api.model.request", "api.files.read"] });
    expect(await rule.diff(created.id, created.outs, next)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true, diffs: ["name", "scopes"] });
    const updated = await rule.update(created.id, created.outs, next);
    // Scopes are a set: sorted, so their order never shows as a change.
    expect(updated.outs).toMatchObject({ name: "main", scopes: ["api.files.read", "api.model.request"] });
    expect(await rule.diff(created.id, updated.outs, main({ name: "main", scopes: ["api.model.request", "api.files.read"] }))).toMatchObject({ changes: false });
    expect(await rule.diff(created.id, updated.outs, main({ name: "main", scopes: ["api.model.request", "api.files.read"], serviceAccountId: "svc_acct_other" })))
      .toMatchObject({ changes: true, replaces: ["serviceAccountId"] });
    await rule.delete(created.id, updated.outs);
    expect(await env.ctl.calls()).toEqual([
      `GET ${RULES()}`,
      `POST ${RULES()}`,
      `GET ${RULES()}`,
      `POST ${RULES()}/${created.id}`,
      `DELETE ${RULES()}/${created.id}`,
    ]);
    expect((await env.ctl.org()).federationRules[providerId]).toEqual([]);
    expect(await withShortLostCreateWait(() => rule.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("a rule deleted behind Pulumi's back reads as gone, and its delete is done", async () => {
    const created = await rule.create(main());
    await fetch(`${env.emu.url}${RULES()}/${created.id}`, { method: "DELETE", headers: { authorization: `Bearer ${env.emu.adminKey}` } });
    expect(await withShortLostCreateWait(() => rule.read(created.id, created.outs))).toEqual({ id: "", props: {} });
    await env.ctl.clearRequests();
    await expect(rule.delete(created.id, created.outs)).resolves.toBeUndefined();
    expect(await env.ctl.calls()).toEqual([`DELETE ${RULES()}/${created.id}`]);
  });

  test("a provider with a rule cannot be deleted: its delete waits for the rule, then fails saying so; once the rule is gone it goes", async () => {
    const created = await rule.create(main());
    await expect(withShortLostCreateWait(() => resources.WorkloadIdentityProvider.delete(providerId, providerOuts), 1000)).rejects.toThrow(
      new RegExp(`WorkloadIdentityProvider \\(workload identity provider "github"\\): delete failed: .*still has 1 federation rule.*; its rules \\(${created.id}\\) were still there after [\\d.]+ s of waiting for them to go: delete them first`),
    );
    expect((await env.ctl.org()).federationRules[providerId].map((r) => r.id)).toEqual([created.id]);
    await rule.delete(created.id, created.outs);
    await resources.WorkloadIdentityProvider.delete(providerId, providerOuts);
    expect((await env.ctl.org()).workloadIdentityProviders).toEqual([]);
  });

  test("the same rule twice is refused before any write; import adopts it by <providerId>/<ruleId> or by id; a lost create is adopted", async () => {
    const first = await rule.create(main());
    await env.ctl.clearRequests();
    await expect(rule.create(main({ name: "again" }))).rejects.toThrow(`a rule for the same service account with the same attribute matchers (${first.id}): adopt it with the resource option { import: "${providerId}/${first.id}" }`);
    expect(await env.ctl.calls()).toEqual([]);
    const byPath = await rule.create({ ...main(), importId: `${providerId}/${first.id}` });
    expect(byPath).toEqual({ id: first.id, outs: { ...first.outs, createdAt: first.outs.createdAt, __claim: expect.any(String) } });
    const byId = await rule.create({ ...main(), importId: first.id });
    expect(byId.id).toBe(first.id);
    expect((await env.ctl.calls()).filter((c) => !c.startsWith("GET"))).toEqual([]);
    expect((await rule.import(`${providerId}/${first.id}`)).inputs).toEqual({ providerId, projectId, serviceAccountId, attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main" }, enabled: true });

    await rule.delete(first.id, byId.outs);
    await env.ctl.addFault({ method: "POST", path: `${RULES()}`, fault: "drop_after", count: 1 });
    const again = await rule.create(main());
    expect((await env.ctl.org()).federationRules[providerId].map((r) => r.id)).toEqual([again.id]);
  });
});

describe("a provider's delete while its rules are being deleted", () => {
  test("waits for the rules the same run deletes (up --replace of both deletes them at once), and deletes no rule itself", async () => {
    const created = await rule.create(main());
    await env.ctl.clearRequests();
    const providerGone = resources.WorkloadIdentityProvider.delete(providerId, providerOuts);
    // The rule's own delete lands a moment later, as the engine's other step would.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await rule.delete(created.id, created.outs);
    await providerGone;

    const org = await env.ctl.org();
    expect(org.workloadIdentityProviders.map((p: { id: string }) => p.id)).not.toContain(providerId);
    const calls = await env.ctl.calls();
    // Refused while the rule was there; the rule deleted once, by its own resource; then the provider.
    expect(calls[0]).toBe(`DELETE /organization/workload_identity_providers/${providerId}`);
    expect(calls[1]).toBe(`GET ${RULES()}`);
    expect(calls.filter((x) => x.startsWith("DELETE ") && x.includes("/federation_rules/"))).toEqual([`DELETE ${RULES()}/${created.id}`]);
    expect(calls[calls.length - 1]).toBe(`DELETE /organization/workload_identity_providers/${providerId}`);
  });
});
