/**
 * Writes a plan as a Pulumi YAML program: the same resources as the TypeScript program, as `openai:index:<Type>`
 * resources of the package's provider plugin (named by path, so no Node language host is needed), each with
 * `options: import: id`, children referring to their parents' ids.
 */
import { literal } from "./names";
import { type Plan, Ref, SecretFile, type Value } from "./plan";
import { type ProgramFiles, packageJson } from "./program";

/** The files a YAML export writes; a folder holding any of them already holds a program. */
export const YAML_FILES = ["Pulumi.yaml", "package.json"];

/** Where `npm install` puts the package's provider plugin, from the program's folder. */
const PLUGIN_PATH = "node_modules/pulumi-openai-admin/provider-plugin";

/** The program for `p`. */
export function renderYaml(p: Plan, opts: { name: string; packageVersion: string; includeArchived?: boolean }): ProgramFiles {
  const lines = [
    `name: ${opts.name}`,
    "runtime: yaml",
    "description: The OpenAI organization, as exported by openai-admin-export.",
    "# Written by openai-admin-export. Every resource carries `import`: the first `pulumi up` reads each object",
    "# (no write) and fails, listing the differences, if anything here no longer matches the organization.",
    "# Run `npm install` here first (it brings the provider plugin), then set the key once per stack:",
    "#   pulumi config set --secret openai:adminKey sk-admin-...",
    "plugins:",
    "  providers:",
    "    - name: openai",
    `      path: ${PLUGIN_PATH}`,
    "resources:",
  ];
  for (const r of p.resources) {
    const block = [
      `${r.name}:`,
      `  type: openai:index:${r.type}`,
      "  properties:",
      ...Object.entries(r.inputs).map(([k, v]) => `    ${k}: ${value(v)}`),
      "  options:",
      `    import: ${text(r.importId)}`,
    ];
    if (r.note) lines.push(`  # ${r.note}`);
    lines.push(...block.map((l) => (r.commentedOut ? `  # ${l}` : `  ${l}`)));
  }
  if (p.resources.every((r) => r.commentedOut)) lines.push("  {}");
  if (opts.includeArchived && p.archived.length > 0) {
    lines.push("# Archived projects (they can never be changed again, so they are not managed):");
    // Written as literals: raw, a line break in a name would end the comment.
    for (const a of p.archived) lines.push(`#   ${literal(a.name, "yaml")} ${literal(a.id, "yaml")}`);
  }
  return { "Pulumi.yaml": `${lines.join("\n")}\n`, "package.json": packageJson(opts.name, opts.packageVersion) };
}

/** A string as Pulumi YAML reads it back exactly: `$` doubled, since every string is an interpolation there. */
function text(s: string): string {
  return literal(s.replace(/\$/g, "$$$$"), "yaml");
}

function value(v: Value): string {
  // Every resource referred to is referred to by its id, which every resource has (the plugin's schema may not
  // name an output like `groupId`).
  if (v instanceof Ref) return `"\${${v.to.name}.id}"`;
  // Read at `pulumi up` from the program's folder, and kept secret; the path is `[a-z0-9/.-]` (plan.ts).
  if (v instanceof SecretFile) return `{ "fn::secret": { "fn::readFile": ${text(`./${v.path}`)} } }`;
  if (typeof v === "string") return text(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(value).join(", ")}]`;
  // Input names are plain; a claim's or a JWK's name may be anything, so those are quoted.
  const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : literal(k, "yaml"));
  return `{ ${Object.entries(v).map(([k, x]) => `${key(k)}: ${value(x)}`).join(", ")} }`;
}
