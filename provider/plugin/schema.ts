/**
 * The package schema the provider plugin answers GetSchema with: what `pulumi package add` turns into
 * an SDK for Python, Go, C#, Java or YAML. Generated from the zod schemas the handlers validate with
 * (the same `.describe()` words as the TypeScript classes' TSDoc), so a field added to a resource shows
 * up in check, in the schema and in every generated SDK at once.
 *
 * Format: Pulumi's package metaschema (pulumi/pulumi `pkg/codegen/schema/pulumi.json`).
 */
import { z } from "zod";
import { packageVersion } from "../client/version";
import type { DefinedResource } from "../handler";
import { resources } from "../index";
import { type ReadFunction, readFunctions } from "../reads";
import { CONFIG_SPEC } from "./config";

/** The package name: resource tokens are `openai:index:<Type>` and config keys `openai:<key>`. */
export const PACKAGE = "openai";

/** A resource's or function's token, e.g. `openai:index:Project`, `openai:index:getAuditLogs`. */
export const token = (type: string): string => `${PACKAGE}:index:${type}`;

/** A Pulumi schema property (the `propertySpec` of the metaschema), as far as this package uses it. */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  description?: string;
  default?: string | number | boolean;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

interface ObjectSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

interface EnumSpec {
  type: "string";
  description?: string;
  enum: { value: string }[];
}

/** The package schema document. */
export interface PackageSchema {
  name: string;
  version: string;
  [key: string]: unknown;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ObjectSpec & { inputProperties: Record<string, PropertySpec>; requiredInputs: string[] }>;
  functions: Record<string, { description: string; inputs: ObjectSpec; outputs: ObjectSpec }>;
  types: Record<string, ObjectSpec | EnumSpec>;
}

// The slice of JSON Schema that zod's toJSONSchema writes for our schemas.
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  title?: string;
  default?: unknown;
  secret?: boolean;
}

/** Builds the package schema from every registered resource, read function and config key. */
export function packageSchema(registry: Record<string, DefinedResource> = resources, reads: Record<string, ReadFunction> = readFunctions): PackageSchema {
  const types: PackageSchema["types"] = {};
  const out: PackageSchema["resources"] = {};
  for (const [type, handler] of Object.entries(registry)) {
    const { inputs, outputs, replaceOn } = handler.definition;
    const input = toJson(inputs, "input");
    const inputProperties = properties(input, type, types);
    for (const key of replaceOn) if (inputProperties[key]) inputProperties[key].replaceOnChanges = true;
    const output = toJson(outputs, "output");
    const outputProperties = properties(output, type, types);
    // An output that echoes an input is described by the input's words.
    for (const [k, p] of Object.entries(outputProperties)) {
      const words = inputProperties[k]?.description;
      if (words && !p.description) p.description = words;
    }
    out[token(type)] = {
      type: "object",
      description: input.description ?? `OpenAI ${type}.`,
      inputProperties,
      requiredInputs: input.required ?? [],
      properties: outputProperties,
      required: alwaysSet(output),
    };
  }
  const functions: PackageSchema["functions"] = {};
  for (const [name, f] of Object.entries(reads)) {
    const args = toJson(f.args, "input");
    const result = toJson(f.result, "output");
    functions[token(name)] = {
      description: f.description,
      inputs: { type: "object", properties: properties(args, pascal(name), types), required: args.required ?? [] },
      outputs: { type: "object", properties: properties(result, `${pascal(name)}Result`, types), required: alwaysSet(result) },
    };
  }
  const config = Object.fromEntries(
    Object.entries(CONFIG_SPEC).map(([k, v]) => [k, { type: v.type, description: v.description, ...(v.secret ? { secret: true } : {}) }]),
  );
  return {
    name: PACKAGE,
    displayName: "OpenAI Admin",
    version: packageVersion(),
    description: "Manage an OpenAI organization (projects, model permissions, spend alerts, data retention, invites) through the OpenAI Administration API.",
    keywords: ["pulumi", "openai", "category/utility", "kind/native"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    config: { variables: config },
    provider: { description: "The provider for OpenAI organization admin objects.", inputProperties: config },
    resources: out,
    functions,
    types,
  };
}

function toJson(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Refinements and transforms cannot be written in JSON Schema; the plugin's Check still runs them.
  return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
}

/** The outputs that are never null and never left out: those every language may count on. */
function alwaysSet(obj: JsonSchema): string[] {
  return (obj.required ?? []).filter((k) => !nullable(obj.properties?.[k] ?? {}));
}

function nullable(p: JsonSchema): boolean {
  return (Array.isArray(p.type) && p.type.includes("null")) || (p.anyOf ?? []).some((a) => a.type === "null");
}

function properties(obj: JsonSchema, owner: string, types: PackageSchema["types"]): Record<string, PropertySpec> {
  return Object.fromEntries(Object.entries(obj.properties ?? {}).map(([k, p]) => [k, property(p, owner + pascal(k), types)]));
}

/** One property; objects and enums become named types, `name` being the name they get. */
function property(p: JsonSchema, name: string, types: PackageSchema["types"]): PropertySpec {
  const notNull = (p.anyOf ?? []).filter((a) => a.type !== "null");
  const base: JsonSchema = notNull.length === 1 ? { ...notNull[0], ...without(p, "anyOf") } : p;
  const type = Array.isArray(base.type) ? base.type.find((t) => t !== "null") : base.type;
  const extra: PropertySpec = {
    ...(base.description ? { description: base.description } : {}),
    ...(isScalar(base.default) ? { default: base.default } : {}),
    ...(base.secret ? { secret: true } : {}),
  };
  const values = base.enum ?? (base.const !== undefined ? [base.const] : undefined);
  if (values && values.every((v) => typeof v === "string")) {
    const id = token(base.title ?? name);
    types[id] ??= { type: "string", enum: (values as string[]).map((value) => ({ value })) };
    return { $ref: `#/types/${id}`, ...extra };
  }
  if (type === "object" && base.properties) {
    const id = token(base.title ?? name);
    const props = properties(base, base.title ?? name, types);
    const known = types[id];
    // Inputs come first and carry the descriptions; outputs only add what inputs lack.
    if (known && "properties" in known) known.properties = { ...props, ...known.properties };
    else types[id] = { type: "object", ...(base.description ? { description: base.description } : {}), properties: props, required: alwaysSet(base) };
    return { $ref: `#/types/${id}`, ...extra };
  }
  if (type === "array") {
    // An array's items are named after the property, singular: `projects` holds `InviteProject`s.
    return { type: "array", items: property(base.items ?? {}, name.replace(/s$/, ""), types), ...extra };
  }
  if (type === "string" || type === "integer" || type === "number" || type === "boolean") return { type, ...extra };
  // Anything zod could not express (a transform's output): a value of any JSON shape.
  return { $ref: "pulumi.json#/Any", ...extra };
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function without<T extends object>(o: T, key: keyof T): Partial<T> {
  const rest = { ...o };
  delete rest[key];
  return rest;
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
