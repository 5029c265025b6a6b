/**
 * Issue 21: what TypeScript sees, every language sees. The TypeScript classes declare their outputs by hand; the
 * plugin's package schema (which every other language's SDK is generated from) comes from the handlers' zod
 * schemas. These tests hold the two to each other, and both to what a create and a read really answer.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { resources, type Props } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { packageSchema } from "../../provider/plugin/schema";
import { emulatorForHandlers } from "../support/emulator";

const sdkDir = path.join(__dirname, "..", "..", "sdk");

/** Outputs the handler keeps for itself in state: never declared, in TypeScript or in the schema. */
const internal = (key: string) => key.startsWith("__");

/** Every `declare readonly x: pulumi.Output<…>` of every resource class in sdk/, by class name, with its TSDoc ("" if none). */
function declaredOutputs(): Record<string, Record<string, string>> {
  const classes: Record<string, Record<string, string>> = {};
  for (const file of fs.readdirSync(sdkDir).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(sdkDir, file), "utf8"), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      if (!node.heritageClauses?.some((h) => h.getText(source).includes("pulumi.dynamic.Resource"))) return;
      classes[node.name.text] = Object.fromEntries(
        node.members
          .filter(ts.isPropertyDeclaration)
          .filter((m) => m.type?.getText(source).startsWith("pulumi.Output<"))
          .map((m) => [m.name.getText(source), tsdoc(m)]),
      );
    });
  }
  return classes;
}

function tsdoc(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

const schema = packageSchema();
const types = Object.keys(resources).sort();

describe("the TypeScript classes and the plugin's schema", () => {
  const declared = declaredOutputs();

  test("every registered resource has a TypeScript class, and every class a resource", () => {
    expect(Object.keys(declared).sort()).toEqual(types);
  });

  test.each(types)("%s: the schema has exactly the outputs the TypeScript class declares, and no internal one", (type) => {
    const properties = Object.keys(schema.resources[`openai:index:${type}`].properties).sort();
    expect(properties.filter(internal)).toEqual([]);
    expect(properties).toEqual(Object.keys(declared[type]).sort());
  });

  test.each(types)("%s: every output is described in words, the TypeScript class's own where it has some", (type) => {
    const properties = schema.resources[`openai:index:${type}`].properties;
    const undescribed = Object.entries(properties)
      .filter(([, p]) => !p.description?.trim())
      .map(([k]) => k);
    expect(undescribed).toEqual([]);
    const documented = Object.entries(declared[type]).filter(([, words]) => words !== "");
    expect(documented.map(([k]) => `${k}: ${properties[k]?.description ?? ""}`)).toEqual(documented.map(([k, words]) => `${k}: ${words}`));
  });
});

describe("what the handlers answer and the outputs schema", () => {
  let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
  // What the resources below need to exist first: one of each parent, made once for the file.
  let projectId: string;
  let groupId: string;
  let userId: string;
  let roleId: string;
  let providerId: string;
  let serviceAccountId: string;

  beforeAll(async () => {
    env = await emulatorForHandlers();
    forgetListings();
    projectId = (await resources.Project.create({ name: "parity", externalKeyId: null })).id;
    groupId = (await resources.Group.create({ name: "parity-group" })).id;
    userId = (await env.ctl.addUser({ email: "ada@example.com", name: "Ada" })).id;
    await env.ctl.addUser({ email: "grace@example.com", name: "Grace" });
    roleId = (await resources.OrganizationRole.create({ name: "parity-role", permissions: ["api.audit_logs.read"], description: null })).id;
    providerId = (await resources.WorkloadIdentityProvider.create({ name: "parity-parent", issuer: "https://parent.example.com", audience: "openai" })).id;
    serviceAccountId = (await resources.ProjectServiceAccount.create({ projectId, name: "parity-sa" })).id;
  });
  afterAll(() => env.close());

  // Inputs that make one of each, in an org holding the parents above; `check` normalizes them as the engine would.
  const inputs: Record<string, () => Props> = {
    Project: () => ({ name: "parity-project" }),
    ProjectModelPermissions: () => ({ projectId, mode: "allow_list", modelIds: ["gpt-4.1"] }),
    SpendAlert: () => ({ projectId, thresholdAmount: 50_000, notificationChannel: { recipients: ["ops@example.com"] } }),
    DataRetention: () => ({ projectId, retentionType: "zero_data_retention" }),
    Invite: () => ({ email: "new@example.com", role: "reader", projects: [{ id: projectId, role: "member" }] }),
    ProjectUser: () => ({ projectId, email: "ada@example.com", role: "member" }),
    ProjectServiceAccount: () => ({ projectId, name: "ci-bot" }),
    ProjectRateLimit: () => ({ projectId, model: "gpt-4o", maxRequestsPer1Minute: 500 }),
    OrganizationUser: () => ({ email: "grace@example.com", role: "reader" }),
    AdminApiKey: () => ({ name: "ci-admin" }),
    OrganizationSpendAlert: () => ({ thresholdAmount: 500_000, notificationChannel: { recipients: ["cfo@example.com"] } }),
    OrganizationSpendLimit: () => ({ thresholdAmount: 1_000_000 }),
    ProjectSpendLimit: () => ({ projectId, thresholdAmount: 100_000 }),
    OrganizationDataRetention: () => ({ retentionType: "zero_data_retention" }),
    Group: () => ({ name: "platform" }),
    GroupMember: () => ({ groupId, userId }),
    OrganizationRole: () => ({ name: "auditor", permissions: ["api.audit_logs.read"] }),
    OrganizationRoleAssignment: () => ({ roleId, groupId }),
    ProjectGroup: () => ({ projectId, groupId, role: "member" }),
    ProjectRole: () => ({ projectId, name: "deployer", permissions: ["api.project.deploy"] }),
    ProjectRoleAssignment: () => ({ projectId, roleId: "role_project_member", userId }),
    ExternalKey: () => ({ name: "parity-kms", type: "aws", externalId: projectId, kmsArn: "arn:aws:kms:us-east-1:123456789012:key/parity", roleArn: "arn:aws:iam::123456789012:role/parity" }),
    ExternalStorage: () => ({ projectId, type: "aws", bucket: "parity-logs", roleArn: "arn:aws:iam::123456789012:role/parity" }),
    WorkloadIdentityProvider: () => ({ name: "parity-oidc", issuer: "https://parity.example.com", audience: "openai" }),
    FederationRule: () => ({ providerId, projectId, serviceAccountId, attributeMatchers: { sub: "parity" } }),
    Certificate: () => ({ content: fs.readFileSync(path.join(__dirname, "../fixtures/certificates/trust-anchor-a.pem"), "utf8"), active: true, projectIds: [projectId] }),
    ProjectHostedToolPermissions: () => ({ projectId, webSearch: false }),
    ProjectServiceTierSettings: () => ({ projectId, defaultTier: "scale", enabledTiers: ["flex"] }),
  };

  test("there are inputs for every resource", () => {
    expect(Object.keys(inputs).sort()).toEqual(types);
  });

  /** Fails naming every key the schema does not declare, and every declared output that is missing or mistyped. */
  function expectDeclared(type: string, props: Props): void {
    const outputs = resources[type].definition.outputs;
    const shown = Object.fromEntries(Object.entries(props).filter(([k]) => !internal(k)));
    const parsed = outputs.strict().safeParse(shown);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${[...i.path, ...("keys" in i ? i.keys : [])].join(".")}: ${i.message}`)).toEqual([]);
  }

  test.each(types)("%s: create and read answer only declared outputs, each of its declared type", async (type) => {
    const handler = resources[type];
    const checked = await handler.check({}, inputs[type]());
    expect(checked.failures).toEqual([]);
    const made = await handler.create(checked.inputs);
    expectDeclared(type, made.outs);
    const read = await handler.read(made.id, made.outs);
    expect(read.id).toBe(made.id);
    expectDeclared(type, read.props);
  });
});
