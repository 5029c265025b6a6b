#!/usr/bin/env node
/**
 * openai-admin-export: writes the live organization as a ready-to-run Pulumi program. Reads the key and URL
 * from the environment (OPENAI_ADMIN_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID) or --base-url; progress goes to
 * stderr, one summary line to stdout; never prints the key.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageVersion } from "../provider/client/version";
import { exportClient, explain } from "./credentials";
import { readOrg } from "./org";
import { KINDS, type Plan, plan } from "./plan";
import { TYPESCRIPT_FILES, renderProgram } from "./program";
import { writeProgram } from "./write";
import { YAML_FILES, renderYaml } from "./yaml";

const USAGE = `Usage: openai-admin-export --out DIR [--format typescript|yaml] [--base-url URL] [--include-archived]

Writes the organization as a Pulumi program, every object with { import: id }: the organization's data
retention, spend limit and spend alerts; members (adopt only), groups and their members, custom roles and
role assignments, admin keys, external keys; every active project with its model permissions, data retention,
spend limit, spend alerts, rate limits, members, service accounts, custom roles and role assignments, hosted
tool permissions, service tiers and external storage; certificates (each reads its PEM body from a file you put
next to the program: a body is a secret and is never written); workload identity providers and their
federation rules; pending invites.
Left out, and said so: archived projects, predefined roles, accepted or expired invites; a project's groups
are written as comments (the API never shows their role).
Reads OPENAI_ADMIN_KEY, OPENAI_BASE_URL (default https://api.openai.com/v1) and OPENAI_ORG_ID.
  --out DIR            where to write the program (made if missing; existing program files are not overwritten)
  --format FORMAT      typescript (default: Pulumi.yaml, package.json, tsconfig.json, index.ts) or yaml
                       (Pulumi.yaml with runtime yaml, and package.json to install the provider plugin)
  --base-url URL       the Administration API to read, instead of OPENAI_BASE_URL (any https host)
  --include-archived   list archived projects too, as a comment (they cannot be managed)
`;

class UsageError extends Error {}

interface Args {
  out: string;
  format: "typescript" | "yaml";
  baseUrl?: string;
  includeArchived: boolean;
}

function parseArgs(argv: string[]): Args | undefined {
  const args: Partial<Args> & { includeArchived: boolean } = { includeArchived: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") return undefined;
    if (flag === "--include-archived") {
      args.includeArchived = true;
      continue;
    }
    if (flag !== "--out" && flag !== "--format" && flag !== "--base-url") {
      throw new UsageError(`unknown option ${flag.startsWith("-") ? flag : "(a positional argument)"}`);
    }
    const value = inline ?? argv[++i];
    if (!value) throw new UsageError(`${flag} needs a value`);
    if (flag === "--out") args.out = value;
    else if (flag === "--base-url") args.baseUrl = value;
    else if (value === "typescript" || value === "yaml") args.format = value;
    else throw new UsageError("--format must be typescript or yaml");
  }
  if (!args.out) throw new UsageError("--out DIR is required");
  return { format: "typescript", ...args, out: args.out };
}

/** The summary: what was written per kind, what was left out and why. */
export function summary(p: Plan): string {
  const count = (type: string) => p.resources.filter((r) => r.type === type && !r.commentedOut).length;
  const written = KINDS.map((k) => `${count(k)} ${k}`).join(", ");
  const left = p.leftOut.map((l) => `${l.count} ${l.what} (${l.why})`);
  const keys = p.resources.some((r) => r.type === "ProjectServiceAccount" || r.type === "AdminApiKey")
    ? ["service account and admin key values (OpenAI shows a key once: apiKey stays null)"]
    : [];
  const files = p.resources.filter((r) => r.type === "Certificate").length;
  const bodies = files > 0 ? [`${files} certificate bodies (a secret: each Certificate reads its PEM from certificates/<name>.pem, which you put there)`] : [];
  const out = [...left, ...keys, ...bodies];
  return `${written}; left out: ${out.length > 0 ? out.join(", ") : "nothing"}`;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`openai-admin-export: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    process.stdout.write(USAGE);
    return 0;
  }
  const started = Date.now();
  try {
    const dir = path.resolve(args.out);
    const names = args.format === "yaml" ? YAML_FILES : TYPESCRIPT_FILES;
    const existing = [...new Set([...TYPESCRIPT_FILES, ...YAML_FILES])].filter((f) => fs.existsSync(path.join(dir, f)));
    if (existing.length > 0) throw new Error(`${dir} already holds ${existing.join(", ")}; choose an empty directory`);
    const client = exportClient({ baseUrl: args.baseUrl });
    const org = await readOrg(client, { progress: (line) => process.stderr.write(`${line}\n`) });
    const planned = plan(org);
    const opts = { name: path.basename(dir).replace(/[^A-Za-z0-9_.-]/g, "-") || "openai-org", packageVersion: packageVersion(), includeArchived: args.includeArchived };
    const files = args.format === "yaml" ? renderYaml(planned, opts) : renderProgram(planned, opts);
    process.stderr.write(`writing ${names.join(", ")}\n`);
    writeProgram(dir, files);
    const main = path.join(dir, args.format === "yaml" ? "Pulumi.yaml" : "index.ts");
    process.stdout.write(`openai-admin-export: wrote ${main}: ${summary(planned)}; ${org.calls} API calls in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (e) {
    // Client errors never hold the key; the message names the call that failed and what to do.
    process.stderr.write(`openai-admin-export: ${explain(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
