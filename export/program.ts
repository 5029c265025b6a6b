/**
 * Writes a plan as a TypeScript Pulumi program a person would keep: one resource per object, each with
 * `{ import: id }`, readable names, children referring to their parents' outputs, and inputs exactly equal to the
 * org's values, so the first `up` adopts everything without a write and the second makes no call.
 */
import { Names, identifier, literal } from "./names";
import { type Plan, type Planned, Ref, SecretFile, type Value } from "./plan";

/** The files of the program, by name. */
export type ProgramFiles = Record<string, string>;

/** The files a TypeScript export writes; a folder holding any of them already holds a program. */
export const TYPESCRIPT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"];

const HEADER = [
  'import * as openai from "pulumi-openai-admin";',
  "",
  "// Written by openai-admin-export. Every resource carries `{ import: id }`: the first `pulumi up` reads each",
  "// object (no write) and fails, listing the differences, if anything here no longer matches the organization.",
  "// Once that up has run, the import options are inert; keep or delete them.",
  "// Set the key once per stack: pulumi config set --secret openai:adminKey sk-admin-...",
];

/** The program for `p`. `packageVersion` is the version range the program depends on. */
export function renderProgram(p: Plan, opts: { name: string; packageVersion: string; includeArchived?: boolean }): ProgramFiles {
  const vars = variables(p.resources);
  const lines = [...HEADER];
  if (p.resources.some((r) => usesFile(r.inputs))) lines.push("", ...SECRET_FILE);
  let previous: Planned | undefined;
  for (const r of p.resources) {
    // A blank line before each project's block and between the organization's kinds.
    if (!previous || r.type === "Project" || (previous.type !== r.type && !("projectId" in r.inputs))) lines.push("");
    previous = r;
    if (r.note) lines.push(`// ${r.note}`);
    const v = vars.get(r);
    const statement = `${v ? `const ${v} = ` : ""}new openai.${r.type}(${literal(r.name)}, ${value(r.inputs, vars)}, { import: ${literal(r.importId)} });${cents(r)}`;
    lines.push(r.commentedOut ? `// ${statement}` : statement);
  }
  if (opts.includeArchived && p.archived.length > 0) {
    lines.push("", "// Archived projects (they can never be changed again, so they are not managed):");
    // A name is written as a literal: raw, a line separator in it would end the comment (see names.ts).
    for (const a of p.archived) lines.push(`//   ${literal(a.name)} ${literal(a.id)}`);
  }

  return {
    "Pulumi.yaml": [`name: ${opts.name}`, "runtime:", "  name: nodejs", "  options:", "    typescript: true", "description: The OpenAI organization, as exported by openai-admin-export.", ""].join("\n"),
    "package.json": packageJson(opts.name, opts.packageVersion, { "@types/node": "^20.0.0", typescript: "^5.0.0" }),
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "es2022",
          module: "commonjs",
          moduleResolution: "node",
          esModuleInterop: true,
          skipLibCheck: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
    "index.ts": `${lines.join("\n")}\n`,
  };
}

// Imports and a helper, written only when a secret comes from a file (a certificate's body): a missing file then
// fails the program with the file's path, not a bare ENOENT.
const SECRET_FILE = [
  'import * as fs from "node:fs";',
  'import * as path from "node:path";',
  "",
  "// A secret the export never writes (a certificate's body): you put it in this file, next to this program.",
  "function secretFile(file: string): string {",
  "  const at = path.join(__dirname, file);",
  '  if (!fs.existsSync(at)) throw new Error(`${at} is missing: put the secret there (the comment above its resource says which)`);',
  '  return fs.readFileSync(at, "utf8");',
  "}",
];

function usesFile(v: Value): boolean {
  if (v instanceof SecretFile) return true;
  if (v instanceof Ref || typeof v !== "object") return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(usesFile);
}

/** The package.json of an exported program: the package, and Pulumi for its provider. */
export function packageJson(name: string, packageVersion: string, devDependencies: Record<string, string> = {}): string {
  const manifest = {
    name,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": "^3.139.0", "pulumi-openai-admin": `^${packageVersion}` },
    ...(Object.keys(devDependencies).length > 0 ? { devDependencies } : {}),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A variable for each resource another one refers to, named after its logical name. */
function variables(resources: Planned[]): Map<Planned, string> {
  const referred = new Set<Planned>();
  const walk = (v: Value): void => {
    if (v instanceof Ref) referred.add(v.to);
    else if (v instanceof SecretFile) return;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object") Object.values(v).forEach(walk);
  };
  resources.forEach((r) => walk(r.inputs));
  const names = new Names("_");
  const vars = new Map<Planned, string>();
  for (const r of resources) if (referred.has(r)) vars.set(r, names.take(identifier(r.name, r.type.charAt(0).toLowerCase() + r.type.slice(1))));
  return vars;
}

function value(v: Value, vars: Map<Planned, string>): string {
  if (v instanceof Ref) return `${vars.get(v.to)}.${v.output}`;
  // The path is `[a-z0-9/.-]` (plan.ts); the SDK class keeps the value secret.
  if (v instanceof SecretFile) return `secretFile(${literal(v.path)})`;
  if (typeof v === "string") return literal(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => value(x, vars)).join(", ")}]`;
  // Keys are input names, or a claim's or a JWK's names, which may be anything: those are quoted, and
  // `__proto__` is computed, since as a plain key it would set the object's prototype instead.
  const key = (k: string) => (k === "__proto__" ? `[${literal(k)}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : literal(k));
  const entries = Object.entries(v).map(([k, x]) => `${key(k)}: ${value(x, vars)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** A money amount in dollars, in a comment: the API counts cents, and 50000 reads like fifty thousand dollars. */
function cents(r: Planned): string {
  const amount = r.inputs.thresholdAmount;
  if (typeof amount !== "number") return "";
  return ` // ${(amount / 100).toLocaleString("en-US", { style: "currency", currency: "USD" })}`;
}
