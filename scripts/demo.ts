/**
 * `npm run demo`: takes examples/quickstart through its whole life against an emulator on a free port, with
 * no OpenAI account and no key in the environment, printing what each step did to the org. Exits non-zero
 * when a step did not do what it says.
 */
import * as path from "path";
import { Lifecycle, STEP_TITLES, onPath, type Action, type OrgView, type StepReport } from "../harness/lifecycle";
import type { StepSummary } from "../harness/driver";
import { repoRoot } from "../harness/install";
import { table } from "../harness/table";

// What refresh reports as deletes and updates are objects found gone and objects found changed.
function summaryText(label: string, s: StepSummary): string {
  const words: Record<keyof StepSummary, string> =
    label === "refresh"
      ? { created: "created", updated: "drifted", replaced: "replaced", deleted: "gone", unchanged: "unchanged" }
      : { created: "created", updated: "updated", replaced: "replaced", deleted: "deleted", unchanged: "unchanged" };
  const parts = (Object.keys(words) as Array<keyof StepSummary>).filter((k) => s[k] > 0).map((k) => `${s[k]} ${words[k]}`);
  return parts.join(", ") || "nothing to do";
}

function callsTable(action: Action): string {
  if (action.calls.length === 0) return "     (no API calls)";
  const counted = new Map<string, number>();
  for (const c of action.calls) {
    const route = c.path.replace(/\/(projects|spend_alerts|invites)\/[^/]+/g, "/$1/{id}");
    const key = `${c.method} ${route} ${c.status}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  return table([...counted].map(([key, n]) => [`${n} ×`, ...key.split(" ")]));
}

function orgTable(org: OrgView): string {
  const rows: string[][] = [];
  for (const p of org.projects) {
    rows.push(["project", p.name, p.status, `models ${p.models}; retention ${p.retention}`]);
    for (const a of p.alerts) rows.push(["  alert", "", "", a]);
  }
  for (const i of org.invites) rows.push(["invite", i.email, i.status, `${i.role}; ${i.projects.join(", ")}`]);
  return rows.length > 0 ? table(rows) : "     (nothing)";
}

function print(index: number, report: StepReport): void {
  console.log(`\n${index + 1}. ${report.title}`);
  if (report.outOfBand) console.log(`   out of band: ${report.outOfBand}`);
  for (const action of report.actions) {
    const calls = action.calls.length === 1 ? "1 API call" : `${action.calls.length} API calls`;
    console.log(`   ${action.label}: ${summaryText(action.label, action.summary)}; ${calls}`);
    console.log(callsTable(action));
    if (action.note) console.log(`     → ${action.note}`);
  }
  console.log("   org after the step (what the program made):");
  console.log(orgTable(report.org));
  console.log("   ✓ the org and the engine did what the step says");
}

async function main(): Promise<number> {
  const kind = onPath("pulumi") ? "cli" : "driver";
  if (kind === "driver") {
    console.log("No `pulumi` on PATH: taking the steps through the plugin driver (the program under pulumi.runtime.setMocks, each resource through the real dynamic-provider plugin).");
  }
  const life = await Lifecycle.start("quickstart", kind, "demo-quickstart");
  console.log(`Emulator at ${life.emulator.url}; program in ${path.relative(repoRoot(), life.programDir)}; state in ${life.stateDir}`);
  console.log("The admin key reaches the provider only as the secret stack config value openai:adminKey.");
  try {
    for (let i = 0; i < STEP_TITLES.length; i++) print(i, await life.run(i));
  } catch (err) {
    console.error(`\n✗ ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await life.close();
  }
  console.log("\nAll five steps did what they say.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
