import OpenAI from "openai";
import { EmulatorControl, type Emulator, startEmulator } from "../../emulator";
import { failure, loggedRequests } from "./helpers";

const KEY = "sk-admin-test-identity-51c0";
const ID = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}[A-Za-z0-9]{24}$`));
const SECONDS = expect.any(Number);
const ROLE = "arn:aws:iam::123456789012:role/openai-ekm";
const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";

describe("emulator external keys, external storage and workload identity, driven by the official openai client", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let org: OpenAI["admin"]["organization"];
  let projectId: string;

  beforeAll(async () => {
    emu = await startEmulator({ adminKey: KEY, seed: 23 });
    ctl = new EmulatorControl(emu.url);
    org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await ctl.reset();
    projectId = (await org.projects.create({ name: "identity" })).id;
  });

  it("creates, retrieves, lists, validates and deletes external keys; the projects using a key keep it", async () => {
    const aws = await org.externalKeys.create({ type: "aws", name: "prod-kms", external_id: projectId, kms_arn: KMS, role_arn: ROLE });
    expect(aws).toEqual({
      id: ID("extkey_"), object: "organization.external_key", type: "aws", name: "prod-kms", purpose: "ekm", created_at: SECONDS,
      workspace_id: "org-emulator", api_project_ids: [], external_id: projectId, kms_arn: KMS, role_arn: ROLE,
    });
    const azure = await org.externalKeys.create({
      type: "azure", name: "psp", purpose: "psp_decryption", key_name: "master", tenant_id: "tenant-1", vault_uri: "https://v.vault.azure.net", key_version: "v7",
    });
    expect(await org.externalKeys.retrieve(aws.id)).toEqual(aws);
    expect((await org.externalKeys.list()).data.map((k) => k.id)).toEqual([aws.id, azure.id]);
    expect((await org.externalKeys.list({ order: "desc" })).data.map((k) => k.id)).toEqual([azure.id, aws.id]);
    expect((await org.externalKeys.list({ purpose: "psp_decryption" })).data.map((k) => k.id)).toEqual([azure.id]);

    // Paging as the SDK does it: `after` the last id, until has_more is false.
    const first = await org.externalKeys.list({ limit: 1 });
    expect([first.data.map((k) => k.id), first.has_more]).toEqual([[aws.id], true]);
    const all = [];
    for await (const k of org.externalKeys.list({ limit: 1 })) all.push(k.id);
    expect(all).toEqual([aws.id, azure.id]);
    expect((await loggedRequests(emu)).filter((r) => r.path === "/organization/external_keys").at(-1)?.query).toBe(`limit=1&after=${aws.id}`);

    expect(await org.externalKeys.validate(aws.id)).toEqual({ status: "valid" });
    await ctl.makeUnreachable(ROLE);
    expect(await org.externalKeys.validate(aws.id)).toEqual({ status: "invalid" });

    // A key still encrypting a project cannot go.
    await org.projects.update(projectId, { external_key_id: aws.id } as never);
    expect((await org.externalKeys.retrieve(aws.id)).api_project_ids).toEqual([projectId]);
    const inUse = await failure(() => org.externalKeys.delete(aws.id));
    expect(inUse.status).toBe(400);
    await org.projects.update(projectId, { external_key_id: null } as never);
    expect(await org.externalKeys.delete(aws.id)).toEqual(aws);
    expect((await failure(() => org.externalKeys.retrieve(aws.id))).status).toBe(404);
    expect((await failure(() => org.externalKeys.validate(aws.id))).status).toBe(404);
  });

  it("refuses a bad external key naming the field, as the real API would", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: "aws", name: "k", external_id: projectId, kms_arn: KMS, role_arn: "not-an-arn" }, "role_arn"],
      [{ type: "aws", name: "k", external_id: "someone-else", kms_arn: KMS, role_arn: ROLE }, "external_id"],
      [{ type: "aws", name: "k", external_id: projectId, role_arn: ROLE }, "kms_arn"],
      [{ type: "azure", name: "k", key_name: "m", tenant_id: "t", vault_uri: "https://v", key_version: "1" }, "key_version"],
      [{ type: "oci", name: "k", key_ocid: "o", region: "r", vault_ocid: "v", purpose: "psp_decryption" }, "key_version_ocid"],
      [{ type: "ibm", name: "k" }, "type"],
      [{ type: "aws", name: "k", external_id: projectId, kms_arn: KMS, role_arn: ROLE, tenant_id: "t" }, "tenant_id"],
    ];
    for (const [body, param] of cases) {
      const e = await failure(() => org.externalKeys.create(body as never));
      expect([e.status, e.param]).toEqual([400, param]);
    }
    expect((await org.externalKeys.list()).data).toEqual([]);
  });

  it("creates, lists by project, validates and deletes external storage; what the API works out is shown, the role never changes hands", async () => {
    const aws = await org.externalStorage.create({ project_id: projectId, provider: { type: "aws", bucket: "logs", role_arn: ROLE } });
    expect(aws).toEqual({
      id: ID("extstorage_"), object: "organization.external_storage", project_id: projectId, created_at: SECONDS, geography: "US", status: "pending",
      provider: { type: "aws", bucket: "logs", role_arn: ROLE, account_id: "123456789012", external_id: "org-emulator", region: "us-east-1" },
    });
    const other = (await org.projects.create({ name: "other" })).id;
    const gcp = await org.externalStorage.create({
      project_id: other,
      provider: { type: "gcp", bucket: "b", workload_identity_pool_id: "pool", workload_identity_project_number: "42", workload_identity_provider_id: "prov" },
    });
    expect(await org.externalStorage.retrieve(aws.id)).toEqual(aws);
    expect((await org.externalStorage.list()).data.map((c) => c.id)).toEqual([aws.id, gcp.id]);
    expect((await org.externalStorage.list({ project_id: other })).data.map((c) => c.id)).toEqual([gcp.id]);
    expect((await org.externalStorage.list({ limit: 1, after: aws.id })).data.map((c) => c.id)).toEqual([gcp.id]);

    expect((await org.externalStorage.validate(aws.id)).status).toBe("validated");
    await ctl.makeUnreachable("b");
    expect((await org.externalStorage.validate(gcp.id)).status).toBe("unhealthy");

    expect(await org.externalStorage.delete(aws.id)).toEqual({ id: aws.id, object: "organization.external_storage.deleted", deleted: true });
    expect((await failure(() => org.externalStorage.retrieve(aws.id))).status).toBe(404);
    expect((await failure(() => org.externalStorage.delete(aws.id))).status).toBe(404);

    const bad = await failure(() => org.externalStorage.create({ project_id: projectId, provider: { type: "aws", bucket: "logs" } as never }));
    expect([bad.status, bad.param]).toEqual([400, "provider.role_arn"]);
    const noProject = await failure(() => org.externalStorage.create({ project_id: "proj_missing", provider: { type: "oci", bucket: "b", region: "r", tenancy_ocid: "t" } }));
    expect(noProject.status).toBe(404);
  });

  it("creates, updates only what is sent, lists and deletes workload identity providers; one with rules cannot go", async () => {
    const made = await org.workloadIdentityProviders.create({ type: "oidc", name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai" });
    expect(made).toEqual({
      id: ID("wip_"), object: "organization.workload_identity_provider", type: "oidc", name: "github", issuer: "https://token.actions.githubusercontent.com",
      audience: "openai", description: null, enabled: true, attribute_transformations: [], verification: { type: "discovery", discovery_url: null },
      created_at: SECONDS, updated_at: SECONDS,
    });
    expect(await org.workloadIdentityProviders.retrieve(made.id)).toEqual(made);
    const jwks = { keys: [{ kty: "RSA", kid: "k1", n: "AQAB-modulus", e: "AQAB" }] };
    const updated = await org.workloadIdentityProviders.update(made.id, {
      description: "CI", enabled: false, verification: { type: "uploaded_jwks", jwks }, attribute_transformations: [{ attribute: "repo", expression: "assertion.repository" }],
    });
    expect(updated).toEqual({
      ...made, description: "CI", enabled: false, verification: { type: "uploaded_jwks", jwks }, attribute_transformations: [{ attribute: "repo", expression: "assertion.repository" }], updated_at: SECONDS,
    });
    const second = await org.workloadIdentityProviders.create({ type: "oidc", name: "gitlab", issuer: "https://gitlab.com", audience: "openai" });
    expect((await org.workloadIdentityProviders.list({ order: "desc" })).data.map((p) => p.id)).toEqual([second.id, made.id]);

    // A private key is refused, and its value is not repeated in the error.
    const privateKey = "private-exponent-never-echoed";
    const refused = await failure(() => org.workloadIdentityProviders.update(made.id, { verification: { type: "uploaded_jwks", jwks: { keys: [{ kty: "RSA", n: "m", e: "AQAB", d: privateKey }] } } }));
    expect([refused.status, refused.param]).toEqual([400, "verification.jwks.keys.0.d"]);
    expect(JSON.stringify(refused.error)).not.toContain(privateKey);
    const badIssuer = await failure(() => org.workloadIdentityProviders.create({ type: "oidc", name: "x", issuer: "http://plain", audience: "a" }));
    expect([badIssuer.status, badIssuer.param]).toEqual([400, "issuer"]);

    const sa = await org.projects.serviceAccounts.create(projectId, { name: "deployer" });
    await org.workloadIdentityProviders.federationRules.create(made.id, { project_id: projectId, service_account_id: sa.id, attribute_matchers: { sub: "repo:acme/app" } });
    expect((await failure(() => org.workloadIdentityProviders.delete(made.id))).status).toBe(400);
    expect(await org.workloadIdentityProviders.delete(second.id)).toEqual({ id: second.id, object: "organization.workload_identity_provider.deleted", deleted: true });
    expect((await failure(() => org.workloadIdentityProviders.retrieve(second.id))).status).toBe(404);
  });

  it("creates, retrieves, updates, lists and deletes federation rules to a project's service account", async () => {
    const p = await org.workloadIdentityProviders.create({ type: "oidc", name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "openai" });
    const sa = await org.projects.serviceAccounts.create(projectId, { name: "deployer" });
    const rule = await org.workloadIdentityProviders.federationRules.create(p.id, {
      project_id: projectId, service_account_id: sa.id, attribute_matchers: { sub: "repo:acme/app:ref:refs/heads/main", run_attempt: 1, is_fork: false },
    });
    expect(rule).toEqual({
      id: ID("wifr_"), object: "organization.workload_identity_federation_rule", workload_identity_provider_id: p.id, project_id: projectId,
      service_account_id: sa.id, attribute_matchers: { sub: "repo:acme/app:ref:refs/heads/main", run_attempt: 1, is_fork: false },
      name: null, description: null, enabled: true, permissions: { type: "service_account_default" }, created_at: SECONDS, updated_at: SECONDS,
    });
    const rules = org.workloadIdentityProviders.federationRules;
    expect(await rules.retrieve(rule.id, { workload_identity_provider_id: p.id })).toEqual(rule);
    const changed = await rules.update(rule.id, { workload_identity_provider_id: p.id, name: "main", permissions: { type: "restricted", scopes: ["api.model.request"] } });
    expect(changed).toEqual({ ...rule, name: "main", permissions: { type: "restricted", scopes: ["api.model.request"] }, updated_at: SECONDS });

    const other = await org.projects.serviceAccounts.create(projectId, { name: "reader" });
    const second = await rules.create(p.id, { project_id: projectId, service_account_id: other.id, attribute_matchers: { sub: "repo:acme/docs" }, enabled: false });
    expect((await rules.list(p.id)).data.map((r) => r.id)).toEqual([rule.id, second.id]);
    expect((await rules.list(p.id, { service_account_id: other.id })).data.map((r) => r.id)).toEqual([second.id]);
    expect((await rules.list(p.id, { limit: 1 })).has_more).toBe(true);

    const noScopes = await failure(() => rules.update(rule.id, { workload_identity_provider_id: p.id, permissions: { type: "restricted", scopes: [] } }));
    expect([noScopes.status, noScopes.param]).toEqual([400, "permissions.scopes"]);
    const stranger = await failure(() => rules.create(p.id, { project_id: projectId, service_account_id: "svc_acct_nobody", attribute_matchers: { sub: "x" } }));
    expect([stranger.status, stranger.param]).toEqual([400, "service_account_id"]);
    const empty = await failure(() => rules.create(p.id, { project_id: projectId, service_account_id: sa.id, attribute_matchers: {} }));
    expect([empty.status, empty.param]).toEqual([400, "attribute_matchers"]);

    expect(await rules.delete(rule.id, { workload_identity_provider_id: p.id })).toEqual({ id: rule.id, object: "organization.workload_identity_federation_rule.deleted", deleted: true });
    expect((await failure(() => rules.retrieve(rule.id, { workload_identity_provider_id: p.id }))).status).toBe(404);
    expect((await failure(() => rules.list("wip_missing"))).status).toBe(404);
  });
});
