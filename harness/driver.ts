/**
 * A stand-in for the Pulumi engine, for where there is no `pulumi` CLI: `preview`, `up`, `refresh` and `destroy`
 * of a program over a state file, every dynamic resource handled by the real dynamic-provider plugin over gRPC.
 * It follows pulumi/pulumi's `pkg/resource/deploy` (step_generator.go, step.go, step_executor.go,
 * deployment_executor.go) and `pkg/resource/plugin/provider_plugin.go` wherever a difference could hide a bug
 * in a provider; each rule names the function it follows. It handles only dynamic resources and components,
 * one default provider, no stack outputs, no `--target`, no hooks, and no replacement of the dependents of a
 * delete-before-replace resource (it refuses instead).
 */
import { randomUUID } from "crypto";
import { isSecret, projectName, runProgram, unwrapSecrets, type ProgramError, type Registered, type Registration } from "./capture";
import { StepExecutor } from "./executor";
import { startPlugin, type DiffResponse, type PluginClient, type PluginError, type Props } from "./plugin";
import {
  applyEntry,
  Checkpoint,
  DEFAULT_PROVIDER_TYPE,
  DYNAMIC_TYPE_PREFIX,
  defaultProvider,
  markSecrets,
  plain,
  savedConfig,
  summarize,
  type JournalEntry,
  type StateResource,
  type StepSummary,
} from "./state";

export { DYNAMIC_TYPE_PREFIX, readState, summarize, type DriverState, type StateResource, type StepSummary } from "./state";

/** Options of every driver step. */
export interface DriverOptions {
  /** The program's directory (with its Pulumi.yaml and node_modules); also the plugin's working directory. */
  programDir: string;
  /** The state file; a missing file is an empty stack. */
  stateFile: string;
  /**
   * Stack config, keyed like `openai:adminKey`; handed to the program and, at `up` and `preview`, whole to the
   * plugin's `configure`. `refresh` and `destroy` use the config saved in the state at the last `up` instead.
   */
  config?: Record<string, string>;
  /** Config keys that hold secrets, as with `pulumi config set --secret`. */
  secretKeys?: string[];
  /** Environment of the program and the plugin; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** How long the program may run; see runProgram. */
  timeoutMs?: number;
  /** URNs to replace whatever their diff says, as `pulumi up --replace <urn>`. */
  replace?: string[];
  /** Steps at most at once, as `--parallel`; default 4 × CPUs. */
  parallel?: number;
  /** Start the plugin with log flags before the engine address, as `pulumi up -v=9 --logtostderr` does. */
  logFlags?: boolean;
  /** The engine address given to the plugin; default `127.0.0.1:1`, where nothing listens. */
  engineAddress?: string;
  /** The passphrase of the state's secrets; a fixed test value by default. */
  passphrase?: string;
}

/** What a step did to one resource, in the engine's words (`same`, `create`, `update`, `replace`, `delete`, `read`). */
export interface StepRecord {
  /** `delete-replaced` deletes the old half of a replacement; `gone` is a refresh that found the object gone. */
  op: "same" | "create" | "update" | "replace" | "delete" | "delete-replaced" | "read" | "gone";
  urn: string;
  type: string;
}

/** The result of a driver step. */
export interface StepResult {
  /** What the step did to the dynamic resources: an up's steps, a refresh's comparison of states. */
  summary: StepSummary;
  /** The state after the step (a preview: the state it would leave; nothing is written). */
  resources: StateResource[];
  /** What the step did to each resource, in the order the steps finished (a preview: what it would do). */
  steps: StepRecord[];
  /** The plugin's output, then the program's (for `up`). */
  output: string;
  /** The plugin's peak resident set size, where /proc tells it. */
  pluginPeakRssBytes?: number;
  /** The most steps that ran at once. */
  peakParallel: number;
}

/** A step's failure: the first error, with everything the plugin and the program printed. */
export type DriverError = ProgramError;

// The deployment under way: the state as it stands, written after every step, and the steps taken.
class Deployment {
  readonly exec: StepExecutor;
  readonly steps: StepRecord[] = [];
  private readonly checkpoint: Checkpoint;
  /** The state as it stands: olds not yet handled, news as they are made, replaced olds awaiting delete. */
  readonly current: StateResource[];

  constructor(
    readonly opts: DriverOptions,
    readonly dryRun: boolean,
  ) {
    this.exec = new StepExecutor(opts.parallel);
    this.checkpoint = new Checkpoint(opts.stateFile, opts.passphrase);
    this.current = this.checkpoint.load();
  }

  private entries: JournalEntry[] = [];

  /** Records a finished step and, unless this is a preview, journals its change to the state. */
  commit(step: StepRecord, change: () => void): void {
    this.steps.push(step);
    change();
    if (!this.dryRun) this.checkpoint.record(this.entries);
    this.entries = [];
  }

  put(resource: StateResource, replacing?: StateResource): void {
    const at = replacing ?? resource;
    this.entries.push({ put: resource, at: this.current.includes(at) ? { urn: at.urn, delete: at.delete } : undefined });
    applyEntry(this.current, this.entries[this.entries.length - 1]);
  }

  remove(resource: StateResource): void {
    if (!this.current.includes(resource)) return;
    this.entries.push({ remove: { urn: resource.urn, delete: resource.delete } });
    applyEntry(this.current, this.entries[this.entries.length - 1]);
  }

  /** Writes the whole state, unless this is a preview. */
  save(): void {
    if (!this.dryRun) this.checkpoint.save(this.current);
  }
}

async function withPlugin(
  d: Deployment,
  config: { config: Record<string, string>; secretKeys: string[] },
  step: (plugin: PluginClient, before: StateResource[]) => Promise<{ output?: string; error?: unknown }>,
): Promise<StepResult> {
  const before = [...d.current];
  const plugin = await startPlugin({
    cwd: d.opts.programDir,
    env: d.opts.env,
    engineAddress: d.opts.engineAddress,
    logFlags: d.opts.logFlags,
    project: projectName(d.opts.programDir),
    config: config.config,
  });
  let done: Awaited<ReturnType<typeof step>>;
  try {
    await plugin.configure(config.config, config.secretKeys);
    done = await step(plugin, before);
  } finally {
    await plugin.close();
    // Whatever happened, the whole state records it, so the next step starts from the truth.
    d.save();
  }
  const output = plugin.output() + (done.output ?? "");
  if (done.error !== undefined) {
    const message = done.error instanceof Error ? done.error.message : String(done.error);
    const error: DriverError = Object.assign(new Error(message), { output });
    throw error;
  }
  // An up counts its steps, as the engine does: a state comparison cannot see the replacement of an object whose
  // id is its project's, and a preview's state has no ids at all. A refresh compares the states.
  const summary = d.steps.some((s) => s.op !== "read" && s.op !== "gone") ? tally(d.steps) : summarize(before, d.current);
  return { summary, resources: d.current, steps: d.steps, output, pluginPeakRssBytes: plugin.peakRssBytes(), peakParallel: d.exec.peak };
}

function tally(steps: StepRecord[]): StepSummary {
  const count = (op: StepRecord["op"]) => steps.filter((s) => s.op === op && s.type.startsWith(DYNAMIC_TYPE_PREFIX)).length;
  return { created: count("create"), updated: count("update"), replaced: count("replace"), deleted: count("delete"), unchanged: count("same") };
}

// A plugin error carries only the provider's message; this names the call and the resource too.
function named<T>(op: string, urn: string, call: Promise<T>): Promise<T> {
  return call.catch((err: PluginError) => {
    throw Object.assign(new Error(`${op} of ${urn} failed: ${err.message}`), { initFailed: err.initFailed, code: err.code });
  });
}

const dependsOn = (a: StateResource, b: StateResource) => a !== b && (a.parent === b.urn || a.dependencies.includes(b.urn));

/** One delete step (pkg/resource/deploy/step.go `DeleteStep.Apply`): components send nothing. */
async function deleteOne(d: Deployment, plugin: PluginClient, r: StateResource, replacing: boolean): Promise<void> {
  await d.exec.step(async () => {
    if (!d.dryRun && r.custom) await named("delete", r.urn, plugin.delete(r.id ?? "", r.urn, plain(r.outputs)));
  });
  d.commit({ op: replacing ? "delete-replaced" : "delete", urn: r.urn, type: r.type }, () => d.remove(r));
}

/**
 * Deletes as the engine schedules them (step_generator.go `ScheduleDeletes`): rounds of resources none of whose
 * dependents is still to be deleted, each round in parallel, each after the one before has finished
 * (deployment_executor.go `performPostSteps`). What a failed delete depends on is skipped, so it stays.
 */
async function deleteInOrder(d: Deployment, plugin: PluginClient, doomed: StateResource[]): Promise<unknown> {
  const rounds: StateResource[][] = [];
  const condemned = new Set(doomed);
  while (condemned.size > 0) {
    const round = [...condemned].filter((r) => ![...condemned].some((other) => dependsOn(r, other)));
    if (round.length === 0) throw new Error(`a dependency cycle among ${[...condemned].map((r) => r.urn).join(", ")}`);
    for (const r of round) condemned.delete(r);
    rounds.push(round);
  }
  rounds.reverse();
  const skipped = new Set<StateResource>();
  const skipDependenciesOf = (r: StateResource) => {
    for (const dep of doomed.filter((x) => dependsOn(r, x) && !skipped.has(x))) {
      skipped.add(dep);
      skipDependenciesOf(dep);
    }
  };
  let error: unknown;
  for (const round of rounds) {
    const results = await Promise.allSettled(round.filter((r) => !skipped.has(r)).map((r) => deleteOne(d, plugin, r, !!r.delete).catch((err) => {
      skipDependenciesOf(r);
      throw err;
    })));
    error ??= results.find((x): x is PromiseRejectedResult => x.status === "rejected")?.reason;
  }
  return error;
}

// Options the real engine judges and the stand-in's users (the demo without a CLI, the bench, program tests) never
// set: a program that sets one is refused, so the stand-in never answers for a rule it does not follow.
const UNSUPPORTED: Array<[string, (o: Registration["options"]) => boolean]> = [
  ["protect", (o) => o.protect],
  ["retainOnDelete", (o) => o.retainOnDelete],
  ["ignoreChanges", (o) => o.ignoreChanges.length > 0],
  ["replaceOnChanges", (o) => o.replaceOnChanges.length > 0],
  ["aliases", (o) => o.aliases.length > 0],
  ["import", (o) => o.importId !== undefined],
];

function refuseUnsupported(reg: Registration): void {
  const set = UNSUPPORTED.filter(([, isSet]) => isSet(reg.options)).map(([name]) => name);
  if (set.length > 0) {
    throw new Error(
      `${reg.urn}: the engine stand-in does not take the ${set.join(", ")} option${set.length > 1 ? "s" : ""}; ` +
        "run this program through the real pulumi (bash scripts/pulumi-cli.sh, npm run test:engine)",
    );
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function deploy(opts: DriverOptions, dryRun: boolean): Promise<StepResult> {
  const d = new Deployment(opts, dryRun);
  const config = opts.config ?? {};
  const secretKeys = opts.secretKeys ?? [];
  const project = projectName(opts.programDir);
  const oldProvider = d.current.find((r) => r.type === DEFAULT_PROVIDER_TYPE);
  // The default provider, registered with the current stack config before the first resource that needs it
  // (source_eval.go `getProviderReference`, `getDefaultProviderRef`).
  const provider = defaultProvider(project, "dev", config, secretKeys, oldProvider?.id ?? randomUUID());
  const providerOp = !oldProvider ? "create" : sameJson(plain(oldProvider.inputs), plain(provider.inputs)) ? "same" : "update";
  d.commit({ op: providerOp, urn: provider.urn, type: provider.type }, () => d.put(provider, oldProvider));
  const providerRef = `${provider.urn}::${provider.id}`;

  return withPlugin(d, { config, secretKeys }, async (plugin) => {
    const olds = new Map(d.current.filter((r) => !r.delete && r.type !== DEFAULT_PROVIDER_TYPE).map((r) => [r.urn, r]));
    const taken = new Set<StateResource>();
    const answers: Array<Promise<unknown>> = [];

    const register = async (reg: Registration): Promise<Registered> => {
      const base = { urn: reg.urn, type: reg.type, custom: reg.custom, parent: reg.parent, dependencies: reg.dependsOn };
      refuseUnsupported(reg);
      const old = olds.get(reg.urn);
      if (old) taken.add(old);
      if (!reg.custom) {
        const component: StateResource = { ...base, inputs: reg.inputs, outputs: reg.inputs };
        d.commit({ op: old ? "same" : "create", urn: reg.urn, type: reg.type }, () => d.put(component, old));
        return { outputs: reg.inputs };
      }
      if (!reg.type.startsWith(DYNAMIC_TYPE_PREFIX)) throw new Error(`${reg.urn}: the driver only handles dynamic resources`);

      // Secret inputs reach the plugin in plain text (it does not accept secrets); their outputs of the same name
      // come back secret (provider_plugin.go `annotateSecrets`), as do additionalSecretOutputs.
      const secretInputs = Object.keys(reg.inputs).filter((k) => isSecret(reg.inputs[k]));
      const secretOutputs = [...secretInputs, ...reg.options.additionalSecretOutputs];
      const news = unwrapSecrets(reg.inputs) as Props;
      const targeted = !!old && (opts.replace ?? []).includes(reg.urn);
      // Check sees the old inputs, except for a new resource or a `--replace` (step_generator.go `continueStepsFromImport`).
      const check = (olds: Props) =>
        d.exec.serial(async () => {
          const checked = await named("check", reg.urn, plugin.check(reg.urn, olds, news));
          if (checked.failures.length > 0) {
            throw new Error(`${reg.urn}: invalid inputs: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
          }
          return checked.inputs;
        });
      let inputs = await check(old && !targeted ? plain(old.inputs) : {});

      const record = (id: string | undefined, outputs: Props, extra: Partial<StateResource> = {}): StateResource => ({
        ...base,
        id,
        inputs: markSecrets(inputs, secretInputs),
        outputs: markSecrets(outputs, secretOutputs),
        provider: providerRef,
        ...extra,
      });
      // A create or update that made the object but failed to finish stores it with its init errors (step.go
      // `CreateStep.Apply`, provider_plugin.go `parseError`); the step still fails.
      const keepInitFailure = (err: unknown, op: StepRecord["op"], place: (r: StateResource) => void): never => {
        const init = (err as PluginError).initFailed;
        if (init) d.commit({ op, urn: reg.urn, type: reg.type }, () => place(record(init.id, init.properties, { initErrors: init.reasons })));
        throw err;
      };
      // In a preview nothing is created: the checked inputs stand in for the outputs and the id is unknown
      // (provider_plugin.go `Create` with Preview, for a provider that does not support previews).
      const create = async (place: (r: StateResource) => void): Promise<{ id?: string; outputs: Props }> => {
        if (dryRun) return { outputs: inputs };
        const made = await d.exec.step(() => named("create", reg.urn, plugin.create(reg.urn, inputs))).catch((err) => keepInitFailure(err, "create", place));
        return { id: made.id, outputs: made.properties };
      };
      const placeNew = (r: StateResource) => d.put(r);

      let result: StateResource;
      if (!old) {
        const made = await create(placeNew);
        result = record(made.id, made.outputs);
        d.commit({ op: "create", urn: reg.urn, type: reg.type }, () => placeNew(result));
        return { id: made.id, outputs: result.outputs };
      }

      // --replace skips the provider's Diff and blames the id (step_generator.go `diff`, `isTargetedReplace`).
      let diff: DiffResponse = targeted
        ? { changes: "some", replaces: ["id"], deleteBeforeReplace: false }
        : await d.exec.serial(() => named("diff", reg.urn, plugin.diff(old.id ?? "", reg.urn, plain(old.outputs), inputs, plain(old.inputs))));
      if (diff.changes === "unknown") {
        // The engine compares the inputs itself (step_generator.go `diff`, for a provider that cannot tell).
        const oldIn = plain(old.inputs);
        const changed = [...new Set([...Object.keys(oldIn), ...Object.keys(inputs)])].filter((k) => !sameJson(oldIn[k], inputs[k]));
        diff = { ...diff, changes: changed.length > 0 ? "some" : "none" };
      }

      // Replace keys count only when there are changes (step_generator.go `continueStepsFromDiff`).
      if (diff.changes === "some" && (diff.replaces.length > 0 || targeted)) {
        // Defaults are computed again for the new object: Check with no olds, except for a --replace, whose
        // inputs were already checked that way.
        if (!targeted) inputs = await check({});
        const deleteFirst = reg.options.deleteBeforeReplace ?? diff.deleteBeforeReplace;
        if (deleteFirst) {
          const dependents = d.current.filter((r) => !r.delete && dependsOn(r, old));
          if (dependents.length > 0) {
            throw new Error(
              `${reg.urn}: the driver does not replace the dependents of a delete-before-replace resource ` +
                `(${dependents.map((r) => r.urn).join(", ")}); the engine would (step_generator.go calculateDependentReplacements)`,
            );
          }
          await deleteOne(d, plugin, old, true);
          const made = await create(placeNew);
          result = record(made.id, made.outputs);
          d.commit({ op: "replace", urn: reg.urn, type: reg.type }, () => placeNew(result));
          return { id: made.id, outputs: result.outputs };
        }
        // Create before delete: the old object is deleted after every create and update.
        const besideOld = (r: StateResource) => {
          d.put({ ...old, delete: true }, old);
          d.put(r);
        };
        const made = await create(besideOld);
        result = record(made.id, made.outputs);
        d.commit({ op: "replace", urn: reg.urn, type: reg.type }, () => besideOld(result));
        return { id: made.id, outputs: result.outputs };
      }

      // An update when there are changes, or when the old resource has init errors, even with none.
      if (diff.changes === "some" || (old.initErrors?.length ?? 0) > 0) {
        const outputs = dryRun
          ? inputs
          : (await d.exec.step(() => named("update", reg.urn, plugin.update(old.id ?? "", reg.urn, plain(old.outputs), inputs))).catch((err) => keepInitFailure(err, "update", (r) => d.put(r, old))))
              .properties;
        result = record(old.id, outputs);
        d.commit({ op: "update", urn: reg.urn, type: reg.type }, () => d.put(result, old));
        return { id: old.id, outputs: result.outputs };
      }

      // A Same step keeps the old outputs and stores the new inputs (step.go `SameStep.Apply`).
      result = record(old.id, old.outputs);
      d.commit({ op: "same", urn: reg.urn, type: reg.type }, () => d.put(result, old));
      return { id: old.id, outputs: result.outputs };
    };

    let output: string;
    let error: unknown;
    try {
      ({ output } = await runProgram({
        programDir: opts.programDir,
        config,
        secretKeys,
        env: opts.env,
        timeoutMs: opts.timeoutMs,
        preview: dryRun,
        parallel: d.exec.parallel,
        register: (reg) => {
          const answer = register(reg);
          answers.push(answer.catch(() => undefined));
          return answer;
        },
      }));
    } catch (err) {
      error = err;
      output = (err as Partial<ProgramError>).output ?? "";
    }
    // A failed program can leave plugin calls running; what they make must reach the state.
    await Promise.all(answers);
    // The first failed step is the cause; the program's failure is its echo.
    if (d.exec.error !== undefined) error = d.exec.error;
    if (error !== undefined) return { output, error };
    // Deletes come after every create and update (deployment_executor.go `performPostSteps`).
    const doomed = [...d.current.filter((r) => r.delete), ...[...olds.values()].filter((r) => !taken.has(r))];
    return { output, error: await deleteInOrder(d, plugin, doomed) };
  });
}

/**
 * Runs the program and makes the stack match it. Each registration of a dynamic resource goes to the plugin as
 * the engine sends it: Check, then Create for a new URN, or Diff against the old outputs and then nothing (Same),
 * Update, or a replacement (create first unless delete-before-replace). The program gets the real id and outputs
 * back; components pass through. Once the program is done, resources it no longer declares and the old halves of
 * replacements are deleted, dependents first. The state is written after every step.
 */
export function up(opts: DriverOptions): Promise<StepResult> {
  return deploy(opts, false);
}

/**
 * What `up` would do, as `pulumi preview` finds it: the program runs as a preview, the plugin gets Check and Diff
 * only, outputs of objects not made yet are unknown to the program, and nothing is written to the state or sent to
 * Create, Update or Delete. The summary counts what `up` would do.
 */
export function preview(opts: DriverOptions): Promise<StepResult> {
  return deploy(opts, true);
}

/**
 * Reads every dynamic resource back through the plugin, all at once (step_generator.go `GenerateRefreshes`,
 * run in parallel): Read gets the id, the old outputs and the old inputs; an empty id means the object is gone
 * and it leaves the state; otherwise its new outputs are stored and, when they changed, Diff is called for the
 * display (step.go `RefreshStep.Apply`). The plugin is configured with the config saved at the last `up`, not
 * the current one. With `preview`, nothing is written: an interactive `pulumi refresh` runs that first, so it
 * reads every object twice.
 */
export async function refresh(opts: DriverOptions & { preview?: boolean }): Promise<StepResult> {
  const d = new Deployment(opts, opts.preview ?? false);
  return withPlugin(d, savedConfig(d.current) ?? { config: opts.config ?? {}, secretKeys: opts.secretKeys ?? [] }, async (plugin, before) => {
    const results = await Promise.allSettled(
      before
        .filter((r) => r.custom && r.type !== DEFAULT_PROVIDER_TYPE)
        .map(async (r) => {
          const found = await d.exec.step(() => named("read", r.urn, plugin.read(r.id ?? "", r.urn, plain(r.outputs), plain(r.inputs))));
          if (found.id === "") {
            d.commit({ op: "gone", urn: r.urn, type: r.type }, () => d.remove(r));
            return;
          }
          const secretKeys = Object.keys(r.outputs).filter((k) => isSecret(r.outputs[k]));
          const now: StateResource = { ...r, id: found.id, outputs: markSecrets(found.properties, secretKeys), inputs: found.inputs ?? r.inputs };
          if (!sameJson(plain(now.outputs), plain(r.outputs))) {
            // The display diff: new outputs as the olds, old inputs as the news (RefreshStep.Apply, then inverted).
            await d.exec.serial(() => named("diff", r.urn, plugin.diff(found.id, r.urn, plain(now.outputs), plain(r.inputs), plain(now.inputs))));
          }
          d.commit({ op: "read", urn: r.urn, type: r.type }, () => d.put(now, r));
        }),
    );
    return { error: results.find((x): x is PromiseRejectedResult => x.status === "rejected")?.reason };
  });
}

/**
 * Deletes every resource in the state, dependents first, with the plugin configured from the config saved at the
 * last `up`; the default provider goes last.
 */
export async function destroy(opts: DriverOptions): Promise<StepResult> {
  const d = new Deployment(opts, false);
  return withPlugin(d, savedConfig(d.current) ?? { config: opts.config ?? {}, secretKeys: opts.secretKeys ?? [] }, async (plugin, before) => {
    const error = await deleteInOrder(d, plugin, before.filter((r) => r.type !== DEFAULT_PROVIDER_TYPE));
    if (error === undefined) {
      for (const p of before.filter((r) => r.type === DEFAULT_PROVIDER_TYPE)) d.commit({ op: "delete", urn: p.urn, type: p.type }, () => d.remove(p));
    }
    return { error };
  });
}
