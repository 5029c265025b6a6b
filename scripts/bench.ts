/**
 * `npm run bench`: measures the provider against the emulator through the plugin driver (the program under
 * `pulumi.runtime.setMocks`, every resource through the real dynamic-provider plugin over gRPC), prints a
 * table per measurement, then one closing line:
 *
 *   bench: calls create=C noop=N update=U refresh=R delete=D · rate-efficiency=E · soak failures=F duplicates=K
 *
 * Exits non-zero when a target of issue 6 is missed. The program is tests/fixtures/bench-program.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { request } from "undici";
import { EmulatorControl, startEmulator, type Emulator, type FaultRule, type LoggedRequest, type OrgDump } from "../emulator";
import { runProgram, unwrapSecrets } from "../harness/capture";
import * as driver from "../harness/driver";
import { installPackedPackage, repoRoot } from "../harness/install";
import { alertText, orgView, type OrgView } from "../harness/lifecycle";
import { startPlugin, type Props } from "../harness/plugin";
import { table } from "../harness/table";

// Requests a second the emulator takes in the rate runs: the 200 creates then last about 50 s.
const RATE = 4;
// Each team is four resources: a project, its model permissions, a spend alert and data retention.
const TEAMS = 50;
const BIG_TEAMS = 250;
const SOAK_FAULTS = ["500", "502", "503", "429", "drop_before", "drop_after"] as const;
const SOAK_FAULT_RATE = 0.2;
const LATENCY_MS = 50;
const OVERHEAD_TRIALS = 15;
const TIME_BUDGET_S = 600;

const TYPES = ["Project", "ProjectModelPermissions", "SpendAlert", "DataRetention", "Invite"] as const;
type ResourceType = (typeof TYPES)[number];
const OPERATIONS = ["create", "no-change up", "update", "refresh", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];

interface Bench {
  emu: Emulator;
  ctl: EmulatorControl;
  programDir: string;
  stateDir: string;
  /** Targets missed so far, in words. */
  missed: string[];
}

/** What one driver step did, whether or not it succeeded. */
interface Step {
  seconds: number;
  calls: LoggedRequest[];
  /** Counted from the state before and after, so a failed step is counted too. */
  summary: driver.StepSummary;
  error?: string;
  pluginPeakRssBytes?: number;
}

/** A stack of the bench program with its own state file, on the shared emulator. */
function stack(b: Bench, name: string, settings: { teams: number; invites?: number }) {
  const stateFile = path.join(b.stateDir, `${name}.json`);
  const options = (edited: boolean): driver.DriverOptions => ({
    programDir: b.programDir,
    stateFile,
    config: {
      "openai:adminKey": b.emu.adminKey,
      "openai:baseUrl": b.emu.url,
      "bench:projects": String(settings.teams),
      "bench:invites": String(settings.invites ?? 0),
      "bench:edited": String(edited),
    },
    secretKeys: ["openai:adminKey"],
    timeoutMs: TIME_BUDGET_S * 1000,
  });
  const step = async (run: () => Promise<driver.StepResult>): Promise<Step> => {
    await b.ctl.clearRequests();
    const before = driver.readState(stateFile);
    const started = performance.now();
    let error: string | undefined;
    let pluginPeakRssBytes: number | undefined;
    try {
      pluginPeakRssBytes = (await run()).pluginPeakRssBytes;
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, calls: await b.ctl.requests(), summary: driver.summarize(before, driver.readState(stateFile)), error, pluginPeakRssBytes };
  };
  return {
    stateFile,
    up: (edited = false) => step(() => driver.up(options(edited))),
    refresh: () => step(() => driver.refresh(options(false))),
    destroy: () => step(() => driver.destroy(options(false))),
  };
}

/** The org the bench program should leave, as {@link orgView} shows it. */
function expectedView(teams: number, opts: { edited?: boolean; destroyed?: boolean } = {}): OrgView {
  const { edited = false, destroyed = false } = opts;
  const projects = Array.from({ length: teams }, (_, i) => ({
    name: edited ? `bench-${i}-renamed` : `bench-${i}`,
    status: destroyed ? "archived" : "active",
    models: destroyed ? "unrestricted" : `allow_list: ${edited ? "gpt-4.1, gpt-4.1-mini" : "gpt-4.1"}`,
    retention: destroyed ? "organization_default" : edited ? "none" : "zero_data_retention",
    alerts: destroyed
      ? []
      : [alertText({ threshold_amount: edited ? 20_000 : 10_000, currency: "USD", interval: "month", notification_channel: { recipients: ["finops@example.com"] } })],
  }));
  return { projects: projects.sort((a, b) => a.name.localeCompare(b.name)), invites: [] };
}

/** Objects in the org that no resource in the state stands for: duplicates of lost creates, or leftovers. */
function unasked(org: OrgDump, baseline: OrgDump, stateFile: string): number {
  const ids = new Set(driver.readState(stateFile).map((r) => r.id));
  const ours = (o: { id: string }, base: Array<{ id: string }>) => !ids.has(o.id) && !base.some((x) => x.id === o.id);
  return (
    org.projects.filter((p) => p.status === "active" && ours(p, baseline.projects)).length +
    Object.values(org.spendAlerts).flat().filter((a) => ours(a, [])).length +
    org.invites.filter((i) => i.status === "pending" && ours(i, baseline.invites)).length
  );
}

/** Projects whose row in the org differs from the program's, or that one side lacks. */
function projectsOff(actual: OrgView, expected: OrgView): number {
  const key = (p: OrgView["projects"][number]) => JSON.stringify(p);
  const want = new Set(expected.projects.map(key));
  const have = new Set(actual.projects.map(key));
  return [...have].filter((k) => !want.has(k)).length + [...want].filter((k) => !have.has(k)).length;
}

function resourceOf(apiPath: string): ResourceType {
  if (apiPath.startsWith("/organization/invites")) return "Invite";
  if (apiPath.endsWith("/model_permissions")) return "ProjectModelPermissions";
  if (apiPath.includes("/spend_alerts")) return "SpendAlert";
  if (apiPath.endsWith("/data_retention")) return "DataRetention";
  return "Project";
}

function check(b: Bench, ok: boolean, what: string): void {
  if (!ok) b.missed.push(what);
}

const seconds = (s: number) => `${s.toFixed(1)} s`;
const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const statusCount = (calls: LoggedRequest[], statuses: number[]) => calls.filter((c) => statuses.includes(c.status)).length;

/** 1. The API calls of each operation on each resource, from the emulator's log: one of each resource. */
async function callsPerOperation(b: Bench): Promise<{ counts: Record<"C" | "N" | "U" | "R" | "D", number>; pluginPeakRssBytes?: number }> {
  await b.ctl.reset();
  const s = stack(b, "calls", { teams: 1, invites: 1 });
  const steps: Record<Operation, Step> = {
    create: await s.up(),
    "no-change up": await s.up(),
    update: await s.up(true),
    refresh: await s.refresh(),
    delete: await s.destroy(),
  };
  const expected: Record<Operation, Partial<driver.StepSummary>> = {
    create: { created: 5 },
    "no-change up": { unchanged: 5 },
    update: { updated: 4, unchanged: 1 },
    refresh: { unchanged: 5 },
    delete: { deleted: 5 },
  };
  for (const op of OPERATIONS) {
    const want = { created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 0, ...expected[op] };
    check(b, !steps[op].error && isDeepStrictEqual(steps[op].summary, want), `calls: the ${op} step did not do what it should (${steps[op].error ?? JSON.stringify(steps[op].summary)})`);
  }
  const count = (op: Operation, type: ResourceType) => steps[op].calls.filter((c) => resourceOf(c.path) === type).length;
  const rows = TYPES.map((type) => [
    type,
    ...OPERATIONS.map((op) => (op === "update" && type === "Invite" ? "n/a¹" : String(count(op, type)))),
  ]);
  console.log("\n1. API calls per operation (one of each resource; counted from the emulator's request log)");
  console.log(table([["resource", ...OPERATIONS], ...rows]));
  console.log("     ¹ the API cannot update an invite: any change replaces it (one create, one delete)");
  const updatable = TYPES.filter((t) => t !== "Invite");
  const most = (op: Operation, types: readonly ResourceType[] = TYPES) => Math.max(...types.map((t) => count(op, t)));
  const result = { C: most("create"), N: steps["no-change up"].calls.length, U: most("update", updatable), R: most("refresh"), D: most("delete") };
  check(b, result.C <= 1 && result.N === 0 && result.U <= 1 && result.R <= 1 && result.D <= 1, "calls: more than 1, 0, 1, 1, 1");
  return { counts: result, pluginPeakRssBytes: steps.create.pluginPeakRssBytes };
}

/** 2. An up of 200 resources against an emulator that takes {@link RATE} requests a second. */
async function rateEfficiency(b: Bench): Promise<number> {
  const runs: Array<{ label: string; E: number; row: string[] }> = [];
  for (const retryAfter of [true, false]) {
    await b.ctl.reset();
    const baseline = await b.ctl.org();
    await b.ctl.setRateLimit(RATE, 1000, retryAfter);
    const s = stack(b, `rate-${retryAfter}`, { teams: TEAMS });
    const up = await s.up();
    const org = await b.ctl.org();
    await b.ctl.clearRateLimit();
    const taken = up.calls.filter((c) => c.status !== 429);
    const first = Math.min(...up.calls.map((c) => c.at));
    const last = Math.max(...up.calls.map((c) => c.at + c.ms));
    const span = (last - first) / 1000;
    const E = taken.length / span / RATE;
    const complete = !up.error && up.summary.created === TEAMS * 4 && isDeepStrictEqual(orgView(org, baseline), expectedView(TEAMS));
    const label = retryAfter ? "with retry-after" : "no retry-after";
    check(b, complete, `rate (${label}): not every resource was created as written${up.error ? `: ${up.error}` : ""}`);
    runs.push({
      label,
      E,
      row: [label, String(up.summary.created), String(taken.length), String(statusCount(up.calls, [429])), seconds(span), (taken.length / span).toFixed(2), E.toFixed(2), seconds(up.seconds)],
    });
  }
  console.log(`\n2. Rate efficiency: an up of ${TEAMS * 4} resources (${TEAMS} projects, each with model permissions, a spend alert and data retention), every registration at once as the engine does, the emulator taking ${RATE} requests/s (sliding 1 s window)`);
  console.log(table([["429 answers", "created", "taken", "429s", "first→last call", "taken/s", "E", "up took"], ...runs.map((r) => r.row)]));
  console.log("     E = requests the emulator took per second, first request to last answer, ÷ the limit");
  check(b, runs[0].E >= 0.9, `rate: E ${runs[0].E.toFixed(2)} < 0.9 with retry-after`);
  return runs[0].E;
}

/** Each fault fires on the same share of requests: rules are tried in order, and the first that fires decides. */
function soakFaults(): FaultRule[] {
  const share = SOAK_FAULT_RATE / SOAK_FAULTS.length;
  return SOAK_FAULTS.map((fault, k) => ({ fault, probability: share / (1 - k * share) }));
}

/** 3. Up, update and destroy of 200 resources with 20% of requests failing. */
async function faultSoak(b: Bench): Promise<{ F: number; K: number }> {
  await b.ctl.reset();
  const baseline = await b.ctl.org();
  for (const rule of soakFaults()) await b.ctl.addFault(rule);
  const s = stack(b, "soak", { teams: TEAMS });
  const n = TEAMS * 4;
  const phases = [
    { label: "up", run: () => s.up(), done: (x: driver.StepSummary) => x.created, view: expectedView(TEAMS) },
    { label: "update", run: () => s.up(true), done: (x: driver.StepSummary) => x.updated, view: expectedView(TEAMS, { edited: true }) },
    { label: "destroy", run: () => s.destroy(), done: (x: driver.StepSummary) => x.deleted, view: expectedView(TEAMS, { edited: true, destroyed: true }) },
  ];
  const rows: string[][] = [];
  let F = 0;
  let K = 0;
  for (const phase of phases) {
    const step = await phase.run();
    const org = await b.ctl.org();
    const failed = n - phase.done(step.summary);
    const dupes = unasked(org, baseline, s.stateFile);
    const off = projectsOff(orgView(org, baseline), phase.view);
    F += failed;
    K += dupes;
    check(b, off === 0, `soak: after ${phase.label} the org differs from the program in ${off} project(s)${step.error ? `; ${step.error}` : ""}`);
    const faults = statusCount(step.calls, [0, 429, 500, 502, 503]);
    rows.push([phase.label, String(step.calls.length), `${faults} (${((100 * faults) / step.calls.length).toFixed(0)}%)`, String(failed), String(dupes), off === 0 ? "yes" : `no (${off} off)`, seconds(step.seconds)]);
  }
  await b.ctl.clearFaults();
  console.log(`\n3. Fault soak: ${n} resources up, updated and destroyed with ${SOAK_FAULT_RATE * 100}% of requests failing (${SOAK_FAULTS.join(", ")}, in equal shares; 429s without retry-after)`);
  console.log(table([["step", "API calls", "faults", "failed", "unasked objects", "org = program", "took"], ...rows]));
  check(b, F === 0 && K === 0, `soak: ${F} failed, ${K} duplicates`);
  return { F, K };
}

const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** 4. One project's create through the plugin ÷ the bare HTTP call, with 50 ms of latency on every request. */
async function overhead(b: Bench): Promise<number> {
  await b.ctl.reset();
  const config = { "openai:adminKey": b.emu.adminKey, "openai:baseUrl": b.emu.url };
  // The inputs the engine hands the plugin, `__provider` included, as the program registers them.
  const { resources } = await runProgram({ programDir: b.programDir, config: { "bench:projects": "1" } });
  const project = resources.find((r) => r.name === "bench-0");
  if (!project) throw new Error("the bench program registered no project bench-0");
  await b.ctl.addFault({ fault: "latency", latencyMs: LATENCY_MS });
  const plugin = await startPlugin({ cwd: b.programDir });
  const plain: number[] = [];
  const viaPlugin: number[] = [];
  try {
    await plugin.configure(config);
    const { inputs } = await plugin.check(project.urn, {}, unwrapSecrets(project.inputs) as Props);
    const bare = () =>
      request(`${b.emu.url}/organization/projects`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.emu.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "bench-0" }),
      }).then((res) => res.body.json());
    const create = () => plugin.create(project.urn, inputs);
    // The first of each opens connections and loads modules: not what a create costs in a deployment.
    await bare();
    await create();
    for (let i = 0; i < OVERHEAD_TRIALS; i++) {
      plain.push(await timed(bare));
      viaPlugin.push(await timed(create));
    }
  } finally {
    await plugin.close();
  }
  const ratio = median(viaPlugin) / median(plain);
  console.log(`\n4. Overhead: one project create with ${LATENCY_MS} ms of latency added by the emulator (median of ${OVERHEAD_TRIALS}, after one warm-up each)`);
  console.log(
    table([
      ["path", "median", "min", "max"],
      ["bare HTTP call (undici)", ...[median(plain), Math.min(...plain), Math.max(...plain)].map((ms) => `${ms.toFixed(1)} ms`)],
      ["create through the plugin (gRPC)", ...[median(viaPlugin), Math.min(...viaPlugin), Math.max(...viaPlugin)].map((ms) => `${ms.toFixed(1)} ms`)],
      ["ratio", ratio.toFixed(3)],
    ]),
  );
  check(b, ratio <= 1.1, `overhead: ratio ${ratio.toFixed(3)} > 1.1`);
  return ratio;
}

/**
 * 5. The plugin's peak RSS during an up of 200 and of 1000 resources, with no limit or faults; beside them
 * the up of five resources from the calls measurement, for what the plugin costs with next to nothing to do.
 */
async function memory(b: Bench, fewPeakRssBytes: number | undefined): Promise<void> {
  const rows: string[][] = [["5", "5", mib(fewPeakRssBytes), "(the calls run)"]];
  const peaks: number[] = [];
  for (const teams of [TEAMS, BIG_TEAMS]) {
    await b.ctl.reset();
    const up = await stack(b, `memory-${teams}`, { teams }).up();
    check(b, !up.error && up.summary.created === teams * 4, `memory: the up of ${teams * 4} resources did not create them all${up.error ? `: ${up.error}` : ""}`);
    peaks.push(up.pluginPeakRssBytes ?? NaN);
    rows.push([String(teams * 4), String(up.calls.length), mib(up.pluginPeakRssBytes), seconds(up.seconds)]);
  }
  const perResource = (peaks[1] - peaks[0]) / ((BIG_TEAMS - TEAMS) * 4);
  console.log("\n5. Memory: peak RSS (VmHWM) of the plugin process during an up, no limit and no faults");
  console.log(table([["resources", "API calls", "plugin peak RSS", "up took"], ...rows]));
  console.log(`     growth: ${(perResource / 1024).toFixed(1)} KiB per resource beyond the first ${TEAMS * 4}`);
}

async function main(): Promise<number> {
  const started = performance.now();
  const programDir = path.join(repoRoot(), ".e2e", "bench");
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot(), "tests", "fixtures", "bench-program"), programDir, { recursive: true });
  await installPackedPackage(programDir);
  const stateDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "openai-admin-bench-"));
  const emu = await startEmulator({ seed: 6 });
  const b: Bench = { emu, ctl: new EmulatorControl(emu.url), programDir, stateDir, missed: [] };
  console.log(`Benchmark of pulumi-openai-admin through the plugin driver; emulator at ${emu.url}; ${os.cpus().length} cores, node ${process.version}`);
  let line: string;
  try {
    const { counts: calls, pluginPeakRssBytes } = await callsPerOperation(b);
    const E = await rateEfficiency(b);
    const soak = await faultSoak(b);
    await overhead(b);
    await memory(b, pluginPeakRssBytes);
    line = `bench: calls create=${calls.C} noop=${calls.N} update=${calls.U} refresh=${calls.R} delete=${calls.D} · rate-efficiency=${E.toFixed(2)} · soak failures=${soak.F} duplicates=${soak.K}`;
  } finally {
    await emu.close();
    await fs.promises.rm(stateDir, { recursive: true, force: true });
  }
  const wall = (performance.now() - started) / 1000;
  check(b, wall < TIME_BUDGET_S, `the bench took ${seconds(wall)}, over ${TIME_BUDGET_S} s`);
  console.log(`\nThe bench took ${seconds(wall)}.`);
  console.log(b.missed.length === 0 ? "Every target is met." : `Targets missed:\n${b.missed.map((m) => `  - ${m}`).join("\n")}`);
  console.log(line);
  return b.missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
