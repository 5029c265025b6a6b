import * as fs from "node:fs";
// ajv: the metaschema is JSON Schema draft 2020-12, which needs a full validator; ajv is the maintained one.
import Ajv2020 from "ajv/dist/2020";

/** Pulumi's package metaschema (a draft 2020-12 JSON schema), compiled once. */
export function metaschemaValidator(): (doc: unknown) => string[] {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    // The two formats the metaschema names; a regex must compile, a reference is any string.
    formats: { regex: (s: string) => isRegex(s), "uri-reference": true },
  });
  const validate = ajv.compile(JSON.parse(fs.readFileSync("/work/shared/pulumi/package-metaschema.json", "utf8")));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

