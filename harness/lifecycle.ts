/**
 * The whole life of an example program, as issue 5 tells it, written once for `npm run demo` and the
 * end-to-end tests: up, up again with nothing changed, an edit, an out-of-band change seen by refresh and
 * mended by up, and destroy. Each step acts through an engine (the plugin driver, or the real CLI through
 * the Automation API), then checks the org in the emulator and throws if the step did not do what it should.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import * as yaml from "js-yaml";
import { EmulatorControl, startEmulator, type Emulator, type LoggedRequest, type OrgDump } from "../emulator";
import * as driver from "./driver";
import { installPackedPackage, repoRoot } from "./install";
import { tempDir } from "./temp";

/** The examples under `examples/`. */
export type ExampleName = "quickstart" | "teams";

/** How the steps are taken: the plugin driver, or `pulumi` itself through the Automation API. */
export type EngineKind = "driver" | "cli";

/** The admin key of these runs: obviously fake, with a dot so that no real-key pattern matches it. */
export const E2E_ADMIN_KEY = "sk-admin-fake.e2e.key";

/** What one engine step did: counts of dynamic resources, and everything the engine printed. */
export interface EngineStep {
  summary: driver.StepSummary;
  output: string;
}

/** One way of taking the steps. */
export interface Engine {
  readonly kind: EngineKind;
  /** Replaces the stack config; `openai:adminKey` is stored as a secret. */
  setConfig(config: Record<string, string>): Promise<void>;
  up(): Promise<EngineStep>;
  refresh(): Promise<EngineStep>;
  destroy(): Promise<EngineStep>;
}

/** One engine action of a step, with the API calls it made. */
export interface Action {
  label: string;
  summary: driver.StepSummary;
  calls: LoggedRequest[];
  /** Everything the engine printed. */
  output: string;
  /** What the action meant for the org, in a sentence. */
  note?: string;
}

/** The org as a person reads it: projects by name, invites by email, no ids. Only what the program made. */
export interface OrgView {
  projects: Array<{ name: string; status: string; models: string; retention: string; alerts: string[] }>;
  invites: Array<{ email: string; role: string; status: string; projects: string[] }>;
}

/** What a step did, for the demo to print. */
export interface StepReport {
  title: string;
  /** What the step changed in the org behind the engine's back, before its actions. */
  outOfBand?: string;
  actions: Action[];
  org: OrgView;
}

/** The five steps, each a sentence that {@link Lifecycle.run} checks, throwing when the step did not do it. */
export const STEP_TITLES = [
  "up creates every object the program declares",
  "a second up with nothing changed makes no API calls",
  "an edit of budgets and models updates those alerts and model lists in place",
  "refresh sees an alert deleted and an invite accepted out of band, and up puts the org back as written",
  "destroy archives the projects and removes everything else the program made but the accepted invite",
] as const;

/** What a step did, and the org it should have left. */
interface StepOutcome {
  outOfBand?: string;
  actions: Action[];
  expected: OrgView;
}

/** One team's project and what hangs off it, as the examples make them; what the org is checked against. */
interface Team {
  name: string;
  budgetUsd: number;
  /** Spend alerts at these percentages of the budget. */
  percents: number[];
  models: string[];
  retention: string;
  members: Array<{ email: string; role: "member" | "owner" }>;
}

/** How to run one example, and what it should make. */
interface Example {
  /** The teams the program makes with this config and the files in programDir. */
  teams(programDir: string, config: Record<string, string>): Team[];
  /** Step 3: changes one budget and one model list as a user would, returning the config after it. */
  edit(programDir: string, config: Record<string, string>): Record<string, string>;
}

const QUICKSTART_BUDGET = "openai-quickstart:monthlyBudgetUsd";
const QUICKSTART_MODELS = "openai-quickstart:models";
type TeamsFile = { teams: Array<Omit<Team, "percents">> };

const EXAMPLES: Record<ExampleName, Example> = {
  // Both start from the program's own defaults: a user's first `pulumi up` sets nothing but the key.
  quickstart: {
    teams: (_dir, config) => [
      {
        name: "research",
        budgetUsd: Number(config[QUICKSTART_BUDGET] ?? 1000),
        percents: [50, 80, 100],
        models: (config[QUICKSTART_MODELS] ?? "gpt-4.1,gpt-4.1-mini").split(","),
        retention: "zero_data_retention",
        members: ["ada@example.com", "grace@example.com"].map((email) => ({ email, role: "member" as const })),
      },
    ],
    edit: (_dir, config) => ({ ...config, [QUICKSTART_BUDGET]: "1200", [QUICKSTART_MODELS]: "gpt-4.1,gpt-4.1-nano" }),
  },
  teams: {
    teams: (dir) => (yaml.load(fs.readFileSync(path.join(dir, "teams.yaml"), "utf8")) as TeamsFile).teams.map((t) => ({ ...t, percents: [80, 100] })),
    edit(dir, config) {
      const file = path.join(dir, "teams.yaml");
      const doc = yaml.load(fs.readFileSync(file, "utf8")) as TeamsFile;
      doc.teams[0].budgetUsd += 500;
      doc.teams[doc.teams.length - 1].models.push("gpt-4.1-nano");
      fs.writeFileSync(file, yaml.dump(doc));
      return config;
    },
  },
};

/** Whether an executable of this name is on PATH. */
export function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, name)));
}

// The key must reach the provider through stack config alone, so the environment must not offer one.
function withoutOpenAIEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_")));
}

function driverEngine(programDir: string, stateDir: string): Engine {
  let config: Record<string, string> = {};
  const options = (): driver.DriverOptions => ({
    programDir,
    stateFile: path.join(stateDir, "state.json"),
    config,
    secretKeys: ["openai:adminKey"],
    env: withoutOpenAIEnv(),
  });
  return {
    kind: "driver",
    setConfig: async (next) => {
      config = next;
    },
    up: () => driver.up(options()),
    refresh: () => driver.refresh(options()),
    destroy: () => driver.destroy(options()),
  };
}

// The real CLI with a local file backend and passphrase secrets in the state folder. It is only taken
// where `pulumi` is on PATH, which is not the case where this was written: keep it small and plain.
async function cliEngine(programDir: string, stateDir: string): Promise<Engine> {
  const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "dev", workDir: programDir },
    {
      secretsProvider: "passphrase",
      envVars: {
        PULUMI_BACKEND_URL: pathToFileURL(stateDir).href,
        PULUMI_CONFIG_PASSPHRASE: "e2e passphrase, not a secret",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        // Blank, so a key in the caller's environment cannot stand in for the stack config.
        OPENAI_ADMIN_KEY: "",
        OPENAI_BASE_URL: "",
      },
    },
  );
  const state = async () => ((await stack.exportStack()).deployment?.resources ?? []) as driver.StateResource[];
  const step = (run: (opts: { onOutput: (out: string) => void; color: "never" }) => Promise<unknown>) => async (): Promise<EngineStep> => {
    const before = await state();
    let output = "";
    await run({ onOutput: (out) => (output += out), color: "never" });
    return { summary: driver.summarize(before, await state()), output };
  };
  let current: string[] = [];
  return {
    kind: "cli",
    async setConfig(config) {
      const gone = current.filter((k) => !(k in config));
      if (gone.length > 0) await stack.removeAllConfig(gone);
      await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value, secret: k === "openai:adminKey" }])));
      current = Object.keys(config);
    },
    up: step((opts) => stack.up(opts)),
    refresh: step((opts) => stack.refresh(opts)),
    destroy: step((opts) => stack.destroy(opts)),
  };
}

/** A spend alert in API shape as {@link OrgView} shows it: amount, interval, recipients and subject. */
export function alertText(a: Record<string, unknown>): string {
  const channel = a.notification_channel as { recipients: string[]; subject_prefix?: string | null };
  const amount = `${(Number(a.threshold_amount) / 100).toFixed(2)} ${String(a.currency)} a ${String(a.interval)}`;
  return `${amount} to ${channel.recipients.join(", ")}, subject "${channel.subject_prefix ?? ""}"`;
}

/** The org the program should leave: `accepted` invites have been accepted; after destroy, only they and archived projects remain. */
function expectedView(teams: Team[], opts: { accepted?: string; destroyed?: boolean } = {}): OrgView {
  const projects = teams.map((t) => ({
    name: t.name,
    status: opts.destroyed ? "archived" : "active",
    models: opts.destroyed ? "unrestricted" : `allow_list: ${[...t.models].sort().join(", ")}`,
    retention: opts.destroyed ? "organization_default" : t.retention,
    alerts: opts.destroyed
      ? []
      : t.percents
          .map((p) => alertText({ threshold_amount: Math.round(t.budgetUsd * p), interval: "month", currency: "USD", notification_channel: { recipients: ["finops@example.com"], subject_prefix: `[${t.name} ${p}%]` } }))
          .sort(byNumber),
  }));
  const invites = teams
    .flatMap((t) => t.members.map((m) => ({ email: m.email, role: "reader", status: m.email === opts.accepted ? "accepted" : "pending", projects: [`${t.name} (${m.role})`] })))
    .filter((i) => !opts.destroyed || i.status === "accepted");
  return sortView({ projects, invites });
}

// Alerts read best smallest first, and "600.00" must come before "1200.00".
const byNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

function sortView(v: OrgView): OrgView {
  return {
    projects: [...v.projects].sort((a, b) => a.name.localeCompare(b.name)),
    invites: [...v.invites].sort((a, b) => a.email.localeCompare(b.email)),
  };
}

function resourceCount(teams: Team[]): number {
  // A project, its model permissions, its retention, an alert per percentage and an invite per member.
  return teams.reduce((n, t) => n + 3 + t.percents.length + t.members.length, 0);
}

/** The org as a person reads it, leaving out what `baseline` (the org before the program ran) already held. */
export function orgView(org: OrgDump, baseline: OrgDump): OrgView {
  const projects = org.projects.filter((p) => !baseline.projects.some((b) => b.id === p.id));
  const nameOf = (id: string) => org.projects.find((p) => p.id === id)?.name ?? id;
  return sortView({
    projects: projects.map((p) => {
      const perms = org.modelPermissions[p.id];
      return {
        name: p.name,
        status: p.status,
        models: perms ? `${perms.mode}: ${[...perms.model_ids].sort().join(", ")}` : "unrestricted",
        retention: org.dataRetention[p.id]?.type ?? "organization_default",
        alerts: (org.spendAlerts[p.id] ?? []).map(alertText).sort(byNumber),
      };
    }),
    invites: org.invites
      .filter((i) => !baseline.invites.some((b) => b.id === i.id))
      .map((i) => ({
        email: i.email,
        role: String(i.role),
        status: i.status,
        projects: ((i.projects ?? []) as Array<{ id: string; role: string }>).map((p) => `${nameOf(p.id)} (${p.role})`),
      })),
  });
}

/** One example, its emulator and its engine, taken through {@link STEP_TITLES} in order. */
export class Lifecycle {
  /**
   * For the key search: after every engine action, what it printed (or the error it raised) and each file the
   * run keeps outside node_modules (state, stack config, the program copy) as it was then.
   */
  readonly artifacts: Array<{ what: string; text: string }> = [];
  private readonly control: EmulatorControl;
  private config: Record<string, string>;
  private stepsDone = 0;
  private accepted?: string;

  private constructor(
    private readonly example: Example,
    readonly engine: Engine,
    readonly emulator: Emulator,
    /** The copy of the example, with the packed package installed, that the engine runs. */
    readonly programDir: string,
    /** Holds the stack's state (and, for the CLI, its backend). */
    readonly stateDir: string,
    private readonly baseline: OrgDump,
  ) {
    this.control = new EmulatorControl(emulator.url);
    this.config = { "openai:adminKey": emulator.adminKey, "openai:baseUrl": emulator.url };
  }

  /**
   * Copies `examples/<name>` to `<repo>/.e2e/<workName>`, installs the packed package there as a user would,
   * starts an emulator on a free port, and makes the engine with a state folder in the temp directory.
   */
  static async start(name: ExampleName, kind: EngineKind, workName = `${name}-${kind}`): Promise<Lifecycle> {
    const programDir = path.join(repoRoot(), ".e2e", workName);
    fs.rmSync(programDir, { recursive: true, force: true });
    fs.cpSync(path.join(repoRoot(), "examples", name), programDir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
    await installPackedPackage(programDir);
    const stateDir = await tempDir(`openai-admin-${workName}-`);
    const emulator = await startEmulator({ adminKey: E2E_ADMIN_KEY, seed: 5 });
    try {
      const engine = kind === "cli" ? await cliEngine(programDir, stateDir) : driverEngine(programDir, stateDir);
      const life = new Lifecycle(EXAMPLES[name], engine, emulator, programDir, stateDir, await new EmulatorControl(emulator.url).org());
      await engine.setConfig(life.config);
      return life;
    } catch (err) {
      await emulator.close();
      throw err;
    }
  }

  /** Stops the emulator and removes the state folder; the program copy stays under .e2e/ to look at. */
  async close(): Promise<void> {
    await this.emulator.close();
    await fs.promises.rm(this.stateDir, { recursive: true, force: true });
  }

  /**
   * Runs one engine action with a clean emulator request log, and keeps what it printed (or the error it raised)
   * and the files of the run for the key search.
   */
  async act(label: string, run: () => Promise<EngineStep>): Promise<Action> {
    await this.control.clearRequests();
    let step: EngineStep;
    try {
      step = await run();
    } catch (err) {
      const error = err as Error & { output?: string };
      this.keep(`the error of ${label}`, `${error.stack ?? error}\n${error.output ?? ""}`);
      throw err;
    }
    this.keep(`the output of ${label}`, step.output);
    return { label, summary: step.summary, calls: await this.control.requests(), output: step.output };
  }

  /** Takes the step of {@link STEP_TITLES} at `index`, which needs every step before it to have passed. */
  async run(index: number): Promise<StepReport> {
    if (this.stepsDone !== index) throw new Error(`step ${index + 1} needs step ${this.stepsDone + 1} to pass first`);
    const steps = [this.createAll, this.upUnchanged, this.edit, this.driftAndMend, this.destroyAll];
    const { outOfBand, actions, expected } = await steps[index].call(this);
    const org = await this.view();
    assert.deepEqual(org, expected, `the org after step ${index + 1} is not what the program says`);
    this.stepsDone++;
    return { title: STEP_TITLES[index], outOfBand, actions, org };
  }

  private async createAll(): Promise<StepOutcome> {
    const teams = this.teams();
    const up = await this.act("up", () => this.engine.up());
    this.expectSummary(up, { created: resourceCount(teams) });
    return { actions: [up], expected: expectedView(teams) };
  }

  private async upUnchanged(): Promise<StepOutcome> {
    const teams = this.teams();
    const up = await this.act("up", () => this.engine.up());
    this.expectSummary(up, { unchanged: resourceCount(teams) });
    assert.deepEqual(up.calls, [], "an up with nothing changed must make no API calls");
    return { actions: [up], expected: expectedView(teams) };
  }

  private async edit(): Promise<StepOutcome> {
    const before = this.teams();
    this.config = this.example.edit(this.programDir, this.config);
    await this.engine.setConfig(this.config);
    const after = this.teams();
    const changed = after.reduce((n, t, i) => {
      const was = before[i];
      return n + (t.budgetUsd !== was.budgetUsd ? t.percents.length : 0) + ([...t.models].sort().join() !== [...was.models].sort().join() ? 1 : 0);
    }, 0);
    assert.ok(changed > 0, "the edit must change something");
    const up = await this.act("up", () => this.engine.up());
    this.expectSummary(up, { updated: changed, unchanged: resourceCount(after) - changed });
    return { actions: [up], expected: expectedView(after) };
  }

  private async driftAndMend(): Promise<StepOutcome> {
    const teams = this.teams();
    const n = resourceCount(teams);
    const org = await this.control.org();
    const ours = org.projects.filter((p) => !this.baseline.projects.some((b) => b.id === p.id));
    const [alert] = org.spendAlerts[ours[0].id];
    const [invite] = org.invites.filter((i) => !this.baseline.invites.some((b) => b.id === i.id));
    await this.deleteSpendAlert(ours[0].id, alert.id);
    await this.control.acceptInvite(invite.id);
    this.accepted = invite.email;
    const channel = alert.notification_channel as { subject_prefix?: string };
    const outOfBand =
      `deleted the spend alert "${channel.subject_prefix}" of project ${ours[0].name} ` +
      `(${(alert.threshold_amount / 100).toFixed(2)} USD), and accepted the invite for ${invite.email}`;

    const refresh = await this.act("refresh", () => this.engine.refresh());
    this.expectSummary(refresh, { deleted: 1, updated: 1, unchanged: n - 2 });
    assert.deepEqual(
      refresh.calls.map((c) => c.method),
      Array(n).fill("GET"),
      "refresh must read each object with one GET and change nothing",
    );
    refresh.note = "the deleted alert left the state, and the invite's new status reached it";

    const up = await this.act("up", () => this.engine.up());
    this.expectSummary(up, { created: 1, unchanged: n - 1 });
    up.note = "the alert was made again; the accepted invite needs nothing, as the person is a member now";
    return { outOfBand, actions: [refresh, up], expected: expectedView(teams, { accepted: this.accepted }) };
  }

  private async destroyAll(): Promise<StepOutcome> {
    const teams = this.teams();
    const destroy = await this.act("destroy", () => this.engine.destroy());
    this.expectSummary(destroy, { deleted: resourceCount(teams) });
    assert.match(destroy.output, /was accepted, so it cannot be deleted/, "the provider must warn about the accepted invite");
    destroy.note =
      `left in the org on purpose: ${teams.map((t) => `project ${t.name} (archived: OpenAI never deletes projects)`).join(", ")}` +
      ` and the invite for ${this.accepted} (accepted: it cannot be deleted, and the person stays a member)`;
    return { actions: [destroy], expected: expectedView(teams, { accepted: this.accepted, destroyed: true }) };
  }

  private teams(): Team[] {
    return this.example.teams(this.programDir, this.config);
  }

  private keep(what: string, text: string): void {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(full);
        return [full];
      });
    this.artifacts.push({ what, text });
    for (const file of [...walk(this.stateDir), ...walk(this.programDir)]) {
      this.artifacts.push({ what: `${file} after ${what}`, text: fs.readFileSync(file, "utf8") });
    }
  }

  private expectSummary(action: Action, expected: Partial<driver.StepSummary>): void {
    const all = { created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 0, ...expected };
    assert.deepEqual(action.summary, all, `${action.label} did not change exactly what the step says`);
  }

  private async view(): Promise<OrgView> {
    return orgView(await this.control.org(), this.baseline);
  }

  // The emulator's control endpoints have no alert delete: this is the API call a person would make.
  private async deleteSpendAlert(projectId: string, alertId: string): Promise<void> {
    const res = await fetch(`${this.emulator.url}/organization/projects/${projectId}/spend_alerts/${alertId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${this.emulator.adminKey}` },
    });
    if (!res.ok) throw new Error(`deleting alert ${alertId} out of band: HTTP ${res.status} ${await res.text()}`);
  }
}
