import { resources } from "../../provider";
import { withProjectPerTest, withShortLostCreateWait } from "../support/emulator";

const storage = resources.ExternalStorage;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const ROLE = "arn:aws:iam::123456789012:role/openai-storage";
const aws = (extra: Record<string, unknown> = {}) => ({ projectId, type: "aws", bucket: "acme-openai", roleArn: ROLE, ...extra });

describe("ExternalStorage handler", () => {
  test("check names every bad input and sends nothing", async () => {
    expect((await storage.check({}, { projectId: "team-a", type: "aws", bucket: "" })).failures).toEqual([
      { property: "projectId", reason: "must be a project id like proj_abc123 (a Project's projectId output)" },
      { property: "bucket", reason: "must not be empty or only spaces" },
      { property: "roleArn", reason: "is required when type is aws" },
    ]);
    expect((await storage.check({}, { projectId, type: "azure", bucket: "b", container: "c" })).failures).toEqual([
      { property: "accountName", reason: "is required when type is azure" },
      { property: "resourceGroup", reason: "is required when type is azure" },
      { property: "subscriptionId", reason: "is required when type is azure" },
      { property: "tenantId", reason: "is required when type is azure" },
      { property: "bucket", reason: "is not a field of type azure (only of aws, gcp, oci)" },
    ]);
    expect((await storage.check({}, aws({ region: "eu-west-1" }))).failures).toEqual([{ property: "region", reason: "is not a field of type aws (only of oci)" }]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create configures and validates the storage; what the API works out is an output and never a diff", async () => {
    const created = await storage.create(aws());
    expect(created.outs).toMatchObject({
      externalStorageId: created.id, projectId, type: "aws", bucket: "acme-openai", roleArn: ROLE, accountId: "123456789012", externalId: "org-emulator",
      region: "us-east-1", audience: null, geography: "US", status: "validated", createdAt: expect.any(Number),
    });
    const read = await storage.read(created.id, created.outs);
    expect(read.props).toEqual(created.outs);
    // The API's region is not the program's: unset, it never shows as a change.
    expect(await storage.diff(created.id, read.props, aws())).toMatchObject({ changes: false });
    expect(await storage.diff(created.id, read.props, aws({ bucket: "other" }))).toEqual({ changes: true, replaces: ["bucket"], deleteBeforeReplace: true, diffs: ["bucket"] });
    await storage.delete(created.id, created.outs);
    expect(await env.ctl.calls()).toEqual([
      "GET /organization/external_storage",
      "POST /organization/external_storage",
      `POST /organization/external_storage/${created.id}/validate`,
      "GET /organization/external_storage",
      `DELETE /organization/external_storage/${created.id}`,
    ]);
    expect(await withShortLostCreateWait(() => storage.read(created.id, created.outs))).toEqual({ id: "", props: {} });
  });

  test("storage OpenAI cannot reach is refused, naming the fields that reach it, and removed again", async () => {
    await env.ctl.makeUnreachable("acme-openai");
    await expect(storage.create(aws())).rejects.toThrow(/create refused: OpenAI could not reach the storage \(status "unhealthy"\): check roleArn .* and bucket.*was deleted again/);
    expect((await env.ctl.org()).externalStorage).toEqual([]);
    const kept = await storage.create(aws({ validateOnCreate: false }));
    expect(kept.outs.status).toBe("pending");
    // Drift: a refresh shows what OpenAI last found, without a diff of any input.
    await fetch(`${env.emu.url}/organization/external_storage/${kept.id}/validate`, { method: "POST", headers: { authorization: `Bearer ${env.emu.adminKey}` } });
    const refreshed = await storage.read(kept.id, kept.outs);
    expect(refreshed.props.status).toBe("unhealthy");
    expect(await storage.diff(kept.id, refreshed.props, aws({ validateOnCreate: false }))).toMatchObject({ changes: false });
  });

  test("the same storage twice for the project is refused before any write; the import option adopts it; a lost create is adopted", async () => {
    const first = await storage.create(aws());
    await env.ctl.clearRequests();
    await expect(storage.create(aws())).rejects.toThrow(`a configuration of the same aws storage for the project (${first.id}): adopt it with the resource option { import: "${first.id}" }`);
    expect(await env.ctl.calls()).toEqual([]);
    const adopted = await storage.create({ ...aws(), importId: first.id });
    expect(adopted).toEqual({ id: first.id, outs: { ...first.outs, createdAt: expect.any(Number), __claim: expect.any(String) } });
    expect((await env.ctl.calls()).filter((c) => !c.startsWith("GET"))).toEqual([]);

    await storage.delete(first.id, adopted.outs);
    await env.ctl.addFault({ method: "POST", path: "/organization/external_storage", fault: "drop_after", count: 1 });
    const again = await storage.create(aws());
    expect((await env.ctl.org()).externalStorage.map((s) => s.id)).toEqual([again.id]);
  });

  test("`pulumi import` answers inputs that pass their own check: the worked-out region only where it is an input", async () => {
    const made = await storage.create(aws());
    const imported = await storage.import(made.id);
    expect(imported.props.region).toBe("us-east-1");
    expect(imported.inputs).toEqual({ projectId, type: "aws", bucket: "acme-openai", roleArn: ROLE });
    expect((await storage.check({}, imported.inputs)).failures).toEqual([]);
    await storage.delete(made.id, made.outs);

    const oci = { projectId, type: "oci", bucket: "acme-oci", region: "us-ashburn-1", tenancyOcid: "ocid1.tenancy.oc1..aaaa", validateOnCreate: false };
    const checked = await storage.check({}, oci);
    expect(checked.failures).toEqual([]);
    const ociMade = await storage.create(checked.inputs);
    const ociImported = await storage.import(ociMade.id);
    expect(ociImported.inputs).toEqual({ projectId, type: "oci", bucket: "acme-oci", region: "us-ashburn-1", tenancyOcid: "ocid1.tenancy.oc1..aaaa" });
    expect((await storage.check({}, ociImported.inputs)).failures).toEqual([]);
  });
});
