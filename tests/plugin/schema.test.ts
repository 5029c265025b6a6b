import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import { resources } from "../../provider";
import { CONFIG_KEYS } from "../../provider/credentials";
import { defineResource } from "../../provider/handler";
import { packageSchema, type PackageSchema, type PropertySpec } from "../../provider/plugin/schema";
import { readFunctions } from "../../provider/reads";
import { metaschemaValidator } from "../support/metaschema";

const root = path.join(__dirname, "..", "..");

/** The TSDoc of every property of `sdk/<file>.ts`'s interface `name`, and of the class it documents. */
function tsdoc(file: string, name: string): Record<string, string> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const docs: Record<string, string> = {};
  const text = (node: ts.Node) =>
    ts
      .getJSDocCommentsAndTags(node)
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
      .join(" ")
      .replace(/\{@link (\w+)\}/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const m of node.members) if (m.name && ts.isIdentifier(m.name)) docs[m.name.text] = text(m);
    }
    if (ts.isClassDeclaration(node) && node.name?.text === name.replace(/Args$/, "")) docs["(class)"] = text(node);
  });
  return docs;
}

const sdkFile = (type: string) => path.join(root, "sdk", `${type.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}.ts`);
const words = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

describe("provider/plugin/schema", () => {
  const schema = packageSchema();

  it("is valid against Pulumi's package metaschema", () => {
    expect(metaschemaValidator()(schema)).toEqual([]);
    expect(schema.name).toBe("openai");
    expect(schema.version).toBe(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
  });

  it("has every registered resource under openai:index:<Type>, with required inputs and typed outputs", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(resources).map((t) => `openai:index:${t}`).sort());
    const project = schema.resources["openai:index:Project"];
    expect(project.requiredInputs).toEqual(["name"]);
    expect(project.properties.createdAt).toMatchObject({ type: "number" });
    expect(project.required).toEqual(expect.arrayContaining(["projectId", "name", "status", "createdAt"]));
    expect(project.required).not.toContain("archivedAt");
    expect(project.inputProperties.residency).toMatchObject({ replaceOnChanges: true });
    const alert = schema.resources["openai:index:SpendAlert"];
    expect(alert.inputProperties.thresholdAmount).toMatchObject({ type: "integer" });
    expect(alert.inputProperties.currency).toMatchObject({ default: "USD", $ref: "#/types/openai:index:SpendAlertCurrency" });
    expect(schema.types["openai:index:SpendAlertNotificationChannel"]).toMatchObject({
      type: "object",
      required: ["recipients"],
      properties: { recipients: { type: "array", items: { type: "string" } } },
    });
  });

  it("writes every fixed list of values as an enum type", () => {
    const ref = (p: PropertySpec) => schema.types[(p.$ref ?? "").replace("#/types/", "")];
    const values = (p: PropertySpec) => (ref(p) as { enum?: { value: string }[] } | undefined)?.enum?.map((e) => e.value);
    expect(values(schema.resources["openai:index:DataRetention"].inputProperties.retentionType)).toContain("zero_data_retention");
    expect(values(schema.resources["openai:index:Invite"].inputProperties.role)).toEqual(["reader", "owner"]);
    expect(values(schema.resources["openai:index:ProjectModelPermissions"].inputProperties.mode)).toEqual(["allow_list", "deny_list"]);
    expect(values(schema.resources["openai:index:Project"].inputProperties.residency)).toContain("EU_STORAGE_PROCESSING");
    const inviteProject = schema.types["openai:index:InviteProject"] as { properties: Record<string, PropertySpec> };
    expect(values(inviteProject.properties.role)).toEqual(["member", "owner"]);
  });

  it("has every config key the provider reads, the admin key secret", () => {
    expect(Object.keys(schema.config.variables).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(Object.keys(schema.provider.inputProperties).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(schema.config.variables.adminKey.secret).toBe(true);
    expect(schema.config.variables.maxRetries.type).toBe("integer");
  });

  it("describes each resource and input with the words of the TypeScript classes' TSDoc", () => {
    for (const type of Object.keys(resources)) {
      const docs = tsdoc(sdkFile(type), `${type}Args`);
      const spec = schema.resources[`openai:index:${type}`];
      // The resource text may add what only the plugin has (how to import); the class's words come first.
      expect(words(spec.description).startsWith(docs["(class)"])).toBe(true);
      for (const [key, p] of Object.entries(spec.inputProperties)) {
        if (docs[key]) expect(`${type}.${key}: ${words(p.description)}`).toBe(`${type}.${key}: ${docs[key]}`);
        expect(`${type}.${key}: ${p.description ?? ""}`).not.toBe(`${type}.${key}: `);
      }
    }
  });

  it("has each read function under openai:index:<name>, its arguments and its one list described in words", () => {
    expect(Object.keys(schema.functions).sort()).toEqual(Object.keys(readFunctions).map((n) => `openai:index:${n}`).sort());
    const audit = schema.functions["openai:index:getAuditLogs"];
    expect(audit.inputs.properties.limit).toMatchObject({ type: "integer", description: expect.stringContaining("at most 1000; a read that finds more fails naming that bound") });
    expect(audit.outputs.properties.auditLogs).toMatchObject({ type: "array", items: { $ref: "#/types/openai:index:AuditLogInfo" } });
    const entry = schema.types["openai:index:AuditLogInfo"] as { properties: Record<string, PropertySpec>; required: string[] };
    expect(entry.properties.actor).toMatchObject({ $ref: "#/types/openai:index:AuditLogActor" });
    expect(entry.properties.details).toMatchObject({ $ref: "pulumi.json#/Any" });
    // A value that may be null is never promised to every language as always set.
    expect(entry.required).toEqual(["auditLogId", "type", "effectiveAt", "actor"]);
    for (const [tok, f] of Object.entries(schema.functions)) {
      expect(`${tok}: ${f.description}`).not.toBe(`${tok}: `);
      for (const [k, p] of [...Object.entries(f.inputs.properties), ...Object.entries(f.outputs.properties)]) expect(`${tok}.${k}: ${p.description ?? ""}`).not.toBe(`${tok}.${k}: `);
    }
  });

  it("marks an output secret when its zod field says so, and types it like any other", () => {
    const registry = {
      Token: defineResource({
        type: "Token",
        inputs: z.strictObject({ name: z.string().describe("A name.") }),
        outputs: z.object({ name: z.string(), value: z.string().meta({ secret: true, description: "The key itself." }) }),
        replaceOn: [],
        importIdForm: "tok_…",
        lives: { path: "/tokens" },
        describe: () => "token",
        create: async () => ({ id: "t", outs: { name: "n", value: "v" } }),
        read: async () => undefined,
        update: async () => ({ name: "n", value: "v" }),
        delete: async () => undefined,
      }),
    };
    const s: PackageSchema = packageSchema(registry);
    expect(s.resources["openai:index:Token"].properties.value).toEqual({ type: "string", secret: true, description: "The key itself." });
    expect(metaschemaValidator()(s)).toEqual([]);
  });
});
