import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const key = resources.ExternalKey;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const ROLE = "arn:aws:iam::123456789012:role/openai-ekm";
const KMS = "arn:aws:kms:us-east-1:123456789012:key/prod";
const aws = (extra: Record<string, unknown> = {}) => ({ name: "prod-kms", type: "aws", externalId: projectId, kmsArn: KMS, roleArn: ROLE, ...extra });

describe("ExternalKey handler", () => {
  test("check names every bad input, field by field, and sends nothing", async () => {
    expect((await key.check({}, { name: "", type: "ibm", roleArn: "role/x", extra: 1 })).failures).toEqual([
      { property: "name", reason: "must not be empty or only spaces" },
      { property: "type", reason: "must be one of aws, gcp, azure, oci" },
      { property: "roleArn", reason: "must be an IAM role ARN like arn:aws:iam::123456789012:role/name" },
      { property: "extra", reason: "is not an input of this resource" },
    ]);
    // Once each field is right on its own, the cloud's rules: what it needs, and what belongs to another cloud.
    expect((await key.check({}, { name: "k", type: "aws", roleArn: ROLE, tenantId: "t" })).failures).toEqual([
      { property: "externalId", reason: "is required when type is aws" },
      { property: "kmsArn", reason: "is required when type is aws" },
      { property: "tenantId", reason: "is not a field of type aws (only of azure)" },
    ]);
    expect((await key.check({}, { name: "k", type: "azure", keyName: "m", tenantId: "t", vaultUri: "https://v.vault.azure.net", purpose: "psp_decryption" })).failures).toEqual([
      { property: "keyVersion", reason: "is required when purpose is psp_decryption" },
    ]);
    await expect(key.create({ name: "k", type: "aws", roleArn: ROLE })).rejects.toThrow("OpenAI ExternalKey: invalid inputs, nothing was sent: externalId: is required when type is aws; kmsArn: is required when type is aws");
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create registers and validates the key; read, a replacing diff and delete cost one call each", async () => {
    const created = await key.create(aws());
    expect(created.outs).toMatchObject({
      externalKeyId: created.id, name: "prod-kms", type: "aws", purpose: "ekm", externalId: projectId, kmsArn: KMS, roleArn: ROLE,
      tenantId: null, apiProjectIds: [], workspaceId: "org-emulator", validationStatus: "valid", createdAt: expect.any(Number),
    });
    expect((await key.read(created.id, created.outs)).props).toEqual(created.outs);
    // Nothing can be updated: a changed input replaces the registration, deleting the old one first.
    expect(await key.diff(created.id, created.outs, aws())).toMatchObject({ changes: false });
    expect(await key.diff(created.id, created.outs, aws({ validateOnCreate: false }))).toMatchObject({ changes: false });
    expect(await key.diff(created.id, created.outs, aws({ kmsArn: `${KMS}-2` }))).toEqual({ changes: true, replaces: ["kmsArn"], deleteBeforeReplace: true, diffs: ["kmsArn"] });
    await key.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/external_keys",
      "POST /organization/external_keys",
      `POST /organization/external_keys/${created.id}/validate`,
      "GET /organization/external_keys",
      `DELETE /organization/external_keys/${created.id}`,
    ]);
    expect(await withShortLostCreateWait(() => key.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("a key OpenAI cannot use is refused, naming the fields that reach it, and deleted again; validateOnCreate: false keeps it", async () => {
    await env.ctl.makeUnreachable(ROLE);
    await expect(key.create(aws())).rejects.toThrow(
      /create refused: OpenAI could not use the key \(validation answered "invalid"\): check roleArn \(the role OpenAI assumes, with externalId as its ExternalId\) and kmsArn.*The registration \(extkey_\w+\) was deleted again\. Set validateOnCreate: false/,
    );
    expect((await env.ctl.org()).externalKeys).toEqual([]);
    const kept = await key.create(aws({ validateOnCreate: false }));
    expect(kept.outs.validationStatus).toBeNull();
    expect((await env.ctl.org()).externalKeys.map((k) => k.id)).toEqual([kept.id]);
  });

  test("a second registration of the name is refused before any write; adoption reads it by id; a lost create is adopted", async () => {
    const first = await key.create(aws());
    await env.ctl.clearRequests();
    await expect(key.create(aws({ kmsArn: `${KMS}-2` }))).rejects.toThrow(`an external key named "prod-kms" (${first.id}): adopt it with the resource option { import: "${first.id}" }`);
    expect(await env.ctl.calls()).toEqual([]);
    const adopted = await key.create({ ...aws(), importId: first.id });
    expect(adopted).toEqual({ id: first.id, outs: { ...first.outs, validationStatus: null, createdAt: expect.any(Number), __claim: expect.any(String) } });
    expect((await env.ctl.calls()).filter((c) => !c.startsWith("GET"))).toEqual([]);
    // An adoption whose inputs differ from the object is refused, listing the difference.
    await expect(key.create({ ...aws({ kmsArn: `${KMS}-2` }), importId: first.id })).rejects.toThrow(/kmsArn/);

    // The adoption owns the key now (an old resource's delete would leave it): its delete removes it.
    await key.delete(first.id, adopted.outs);
    await env.ctl.addFault({ method: "POST", path: "/organization/external_keys", fault: "drop_after", count: 1 });
    const again = await key.create(aws());
    expect((await env.ctl.org()).externalKeys.map((k) => k.id)).toEqual([again.id]);
  });

  test("a key in use by a project cannot be deleted; the delete fails saying so, and the key stays", async () => {
    const created = await key.create(aws());
    await fetch(`${env.emu.url}/organization/projects/${projectId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ external_key_id: created.id }),
    });
    // Drift a program cannot write shows on refresh: the project now encrypted with it.
    expect((await key.read(created.id, created.outs)).props.apiProjectIds).toEqual([projectId]);
    await expect(key.delete(created.id, created.outs)).rejects.toThrow(/ExternalKey \(external key "prod-kms"\): delete failed: .*still encrypts project/);
    expect((await env.ctl.org()).externalKeys.map((k) => k.id)).toEqual([created.id]);
  });
});
