import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { resources } from "../../provider";
import { packageSchema, type PropertySpec } from "../../provider/plugin/schema";

interface Program {
  plugins?: { providers?: Array<{ name: string; path: string }> };
  resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
  outputs?: Record<string, unknown>;
}

const file = path.join(__dirname, "..", "..", "examples", "yaml", "Pulumi.yaml");
const program = yaml.load(fs.readFileSync(file, "utf8")) as Program;
const schema = packageSchema();
const INTERPOLATION = /^\$\{([\w-]+)\.(\w+)\}$/;

/** Every problem with `value` as the property `spec`, by path. */
function problems(value: unknown, spec: PropertySpec, at: string): string[] {
  if (typeof value === "string" && INTERPOLATION.test(value)) return [];
  if (spec.type === "array") {
    return Array.isArray(value) ? value.flatMap((v, i) => problems(v, spec.items ?? {}, `${at}[${i}]`)) : [`${at}: not a list`];
  }
  if (spec.$ref) {
    const type = schema.types[spec.$ref.replace("#/types/", "")];
    if (!type) return [`${at}: ${spec.$ref} is not in the schema`];
    if ("enum" in type) return type.enum.some((e) => e.value === value) ? [] : [`${at}: ${String(value)} is not one of the enum's values`];
    if (value === null || typeof value !== "object") return [`${at}: not an object`];
    return [
      ...Object.entries(value).flatMap(([k, v]) => (type.properties[k] ? problems(v, type.properties[k], `${at}.${k}`) : [`${at}.${k}: no such property`])),
      ...(type.required ?? []).filter((k) => !(k in value)).map((k) => `${at}.${k}: required`),
    ];
  }
  const jsType = spec.type === "integer" ? "number" : spec.type;
  return typeof value === jsType && (spec.type !== "integer" || Number.isInteger(value)) ? [] : [`${at}: not ${spec.type}`];
}

// Interpolations stand for outputs the engine fills in; a project id is the only kind this example uses.
const resolved = (v: unknown): unknown =>
  typeof v === "string" && INTERPOLATION.test(v) ? "proj_example" : Array.isArray(v) ? v.map(resolved) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolved(x)])) : v;

describe("examples/yaml", () => {
  test("is a Pulumi YAML program of two projects, each with its policies, through the openai package", () => {
    // The plugin named by path, as tests/engine/yaml.test.ts runs it through the real CLI.
    const plugin = program.plugins?.providers?.find((p) => p.name === "openai");
    expect(plugin).toBeDefined();
    expect(fs.statSync(path.join(path.dirname(file), plugin!.path, "pulumi-resource-openai")).mode & 0o111).toBe(0o111);
    const types = Object.values(program.resources).map((r) => r.type);
    expect(types.filter((t) => t === "openai:index:Project")).toHaveLength(2);
    for (const t of ["ProjectModelPermissions", "SpendAlert", "DataRetention"]) expect(types).toContain(`openai:index:${t}`);
  });

  test("every resource type, property and enum value it uses exists in the plugin's schema", () => {
    const found: string[] = [];
    for (const [name, r] of Object.entries(program.resources)) {
      const spec = schema.resources[r.type];
      if (!spec) {
        found.push(`${name}: ${r.type} is not a resource of the schema`);
        continue;
      }
      const props = r.properties ?? {};
      for (const [k, v] of Object.entries(props)) {
        found.push(...(spec.inputProperties[k] ? problems(v, spec.inputProperties[k], `${name}.${k}`) : [`${name}.${k}: no such input`]));
      }
      found.push(...spec.requiredInputs.filter((k) => !(k in props)).map((k) => `${name}.${k}: required`));
    }
    expect(found).toEqual([]);
  });

  test("every ${resource.property} it reads is an output of that resource", () => {
    const refs = JSON.stringify(program).match(/\$\{[\w-]+\.\w+\}/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    const bad = refs.filter((ref) => {
      const [, name, prop] = INTERPOLATION.exec(ref) as RegExpExecArray;
      const r = program.resources[name];
      return !r || !(prop in (schema.resources[r.type]?.properties ?? {}) || prop === "id" || prop === "urn");
    });
    expect(bad).toEqual([]);
  });

  test("every resource's properties pass the handler's own Check", async () => {
    // A check refuses to pass without an admin key (issue 10, finding 16); none is sent anywhere here.
    const savedKey = process.env.OPENAI_ADMIN_KEY;
    process.env.OPENAI_ADMIN_KEY = "sk-test-fake.yaml.check";
    const failures: string[] = [];
    try {
      for (const [name, r] of Object.entries(program.resources)) {
        const handler = resources[r.type.replace("openai:index:", "")];
        const checked = await handler.check({}, resolved(r.properties ?? {}) as Record<string, unknown>);
        failures.push(...checked.failures.map((f) => `${name}.${f.property}: ${f.reason}`));
      }
    } finally {
      if (savedKey === undefined) delete process.env.OPENAI_ADMIN_KEY;
      else process.env.OPENAI_ADMIN_KEY = savedKey;
    }
    expect(failures).toEqual([]);
  });
});
