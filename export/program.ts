/**
 * Writes an exported org as a Pulumi program a person would keep: one resource per object, each with
 * `{ import: id }`, readable names, children referring to their project's `projectId`, and inputs exactly
 * equal to the org's values, so the first `up` adopts everything without a write and the second makes no call.
 */
import type { ExportedOrg } from "./org";

/** The four files of the program, by name. */
export type ProgramFiles = Record<"Pulumi.yaml" | "package.json" | "tsconfig.json" | "index.ts", string>;

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof let new null return super switch this throw true try typeof var void while with yield await " +
    "implements interface package private protected public static openai pulumi").split(" "),
);

/** Hands out names that are unique within one kind (logical names, variable names). */
class Names {
  private readonly used = new Set<string>();
  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name); n++) name = `${wanted}-${n}`;
    this.used.add(name);
    return name;
  }
}

function slug(text: string, fallback: string): string {
  const s = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || fallback;
}

function identifier(name: string): string {
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/-/g, "_");
  return /^[a-z_$]/i.test(camel) && !RESERVED.has(camel) ? camel : `project_${camel}`;
}

const str = (s: string) => JSON.stringify(s);

/** The program for `org`. `packageVersion` is the version range the program depends on. */
export function renderProgram(org: ExportedOrg, opts: { name: string; packageVersion: string }): ProgramFiles {
  const logical = new Names();
  const vars = new Names();
  const projectVar = new Map<string, string>();
  const lines: string[] = [
    'import * as openai from "pulumi-openai-admin";',
    "",
    "// Written by openai-admin-export. Every resource carries `{ import: id }`: the first `pulumi up` reads each",
    "// object (no write) and fails, listing the differences, if anything here no longer matches the organization.",
    "// Once that up has run, the import options are inert; keep or delete them.",
    "// Set the key once per stack: pulumi config set --secret openai:adminKey sk-admin-...",
  ];
  for (const { project, permissions, retention, alerts } of org.projects) {
    const base = logical.take(slug(project.name ?? "", "project"));
    const v = vars.take(identifier(base));
    projectVar.set(project.id, v);
    const args = [`name: ${str(project.name ?? "")}`];
    if (project.external_key_id) args.push(`externalKeyId: ${str(project.external_key_id)}`);
    if (project.residency) args.push(`residency: ${str(project.residency)}`);
    lines.push("", `const ${v} = new openai.Project(${str(base)}, { ${args.join(", ")} }, { import: ${str(project.id)} });`);
    if (permissions) {
      const ids = [...permissions.model_ids].sort().map(str).join(", ");
      lines.push(
        `new openai.ProjectModelPermissions(${str(logical.take(`${base}-models`))}, { projectId: ${v}.projectId, mode: ${str(permissions.mode)}, modelIds: [${ids}] }, { import: ${str(project.id)} });`,
      );
    }
    if (retention) {
      lines.push(
        `new openai.DataRetention(${str(logical.take(`${base}-retention`))}, { projectId: ${v}.projectId, retentionType: ${str(retention)} }, { import: ${str(project.id)} });`,
      );
    }
    for (const a of alerts) {
      const ch = a.notification_channel;
      const channel = [`recipients: [${ch.recipients.map(str).join(", ")}]`];
      if (ch.subject_prefix != null) channel.push(`subjectPrefix: ${str(ch.subject_prefix)}`);
      lines.push(
        `new openai.SpendAlert(${str(logical.take(`${base}-alert-${a.threshold_amount}`))}, {`,
        `  projectId: ${v}.projectId,`,
        `  thresholdAmount: ${a.threshold_amount}, // cents`,
        `  notificationChannel: { ${channel.join(", ")} },`,
        `}, { import: ${str(`${project.id}/${a.id}`)} });`,
      );
    }
  }
  if (org.invites.length > 0) lines.push("");
  for (const i of org.invites) {
    const args = [`email: ${str(i.email)}`, `role: ${str(i.role)}`];
    const ps = (i.projects ?? []).map((p) => `{ id: ${projectVar.has(p.id) ? `${projectVar.get(p.id)}.projectId` : str(p.id)}, role: ${str(p.role)} }`);
    if (ps.length > 0) args.push(`projects: [${ps.join(", ")}]`);
    lines.push(`new openai.Invite(${str(logical.take(`invite-${slug(i.email, "someone")}`))}, { ${args.join(", ")} }, { import: ${str(i.id)} });`);
  }
  if (org.archived.length > 0) {
    lines.push("", "// Archived projects (they can never be changed again, so they are not managed):");
    for (const p of org.archived) lines.push(`//   ${str(p.name ?? "")} ${p.id}`);
  }

  return {
    "Pulumi.yaml": [`name: ${opts.name}`, "runtime:", "  name: nodejs", "  options:", "    typescript: true", "description: The OpenAI organization, as exported by openai-admin-export.", ""].join("\n"),
    "package.json": `${JSON.stringify(
      {
        name: opts.name,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": "^3.139.0", "pulumi-openai-admin": `^${opts.packageVersion}` },
        devDependencies: { "@types/node": "^20.0.0", typescript: "^5.0.0" },
      },
      null,
      2,
    )}\n`,
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
