#!/usr/bin/env node
/**
 * openai-admin-export: writes the live organization as a ready-to-run Pulumi program. Reads the key and URL
 * as the provider does (OPENAI_ADMIN_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID); progress goes to stderr, one summary
 * line to stdout; never prints the key.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageVersion } from "../provider/client/version";
import { getClient } from "../provider/credentials";
import { readOrg } from "./org";
import { renderProgram } from "./program";

const USAGE = `Usage: openai-admin-export --out DIR [--include-archived]

Writes DIR/Pulumi.yaml, package.json, tsconfig.json and index.ts: every active project with its model
permissions, data retention and spend alerts, and every pending invite, each with { import: id }.
Reads OPENAI_ADMIN_KEY, OPENAI_BASE_URL (default https://api.openai.com/v1) and OPENAI_ORG_ID.
  --out DIR            where to write the program (made if missing; existing program files are not overwritten)
  --include-archived   list archived projects too, as a comment (they cannot be managed)
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { out: string; includeArchived: boolean } | undefined {
  let out: string | undefined;
  let includeArchived = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") return undefined;
    if (flag === "--include-archived") {
      includeArchived = true;
      continue;
    }
    if (flag !== "--out") throw new UsageError(`unknown option ${flag.startsWith("-") ? flag : "(a positional argument)"}`);
    out = inline ?? argv[++i];
    if (!out) throw new UsageError("--out needs a directory");
  }
  if (!out) throw new UsageError("--out DIR is required");
  return { out, includeArchived };
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
    const existing = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"].filter((f) => fs.existsSync(path.join(dir, f)));
    if (existing.length > 0) throw new Error(`${dir} already holds ${existing.join(", ")}; choose an empty directory`);
    const org = await readOrg(getClient(), { includeArchived: args.includeArchived, progress: (line) => process.stderr.write(`${line}\n`) });
    const files = renderProgram(org, { name: path.basename(dir).replace(/[^A-Za-z0-9_.-]/g, "-") || "openai-org", packageVersion: packageVersion() });
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const p = org.projects;
    const counts = [
      `${p.length} projects`,
      `${p.filter((x) => x.permissions).length} model permissions`,
      `${p.filter((x) => x.retention).length} data retention settings`,
      `${p.reduce((n, x) => n + x.alerts.length, 0)} spend alerts`,
      `${org.invites.length} pending invites`,
      ...(args.includeArchived ? [`${org.archived.length} archived projects listed`] : []),
    ];
    process.stdout.write(`openai-admin-export: wrote ${path.join(dir, "index.ts")}: ${counts.join(", ")}; ${org.calls} API calls in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (e) {
    // Client errors never hold the key; the message names the call that failed.
    process.stderr.write(`openai-admin-export: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
