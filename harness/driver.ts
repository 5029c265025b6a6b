/**
 * A stand-in for the Pulumi engine, small enough to read in one sitting: `up`, `refresh` and `destroy`
 * of a program over a JSON state file, with every resource handled by the real dynamic-provider plugin
 * over gRPC. It is what the tests, the demo and the benchmark use where there is no `pulumi` CLI. It is
 * not an engine: no previews, no imports, no aliases, no protect, no retries, no non-dynamic resources.
 */
import * as fs from "fs";
import * as path from "path";
import { runProgram, unwrapSecrets, type ProgramError, type Registered, type Registration } from "./capture";
import { startPlugin, type PluginClient, type Props } from "./plugin";

/** Type tokens of `pulumi.dynamic.Resource` start with this; only such resources go to the plugin. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/**
 * One resource in the state, with the field names of a Pulumi checkpoint, so state exported by the real CLI
 * reads the same way.
 */
export interface StateResource {
  urn: string;
  type: string;
  /** False for a component, which only groups its children and never reaches the plugin. */
  custom: boolean;
  /** The provider's id; unset for a component. */
  id?: string;
  parent?: string;
  /** URNs this resource depends on (explicit `dependsOn` and the resources its inputs came from). */
  dependencies: string[];
  /** The checked inputs, `__provider` included, as the engine keeps them. */
  inputs: Props;
  /** The provider's outputs, `__provider` included. */
  outputs: Props;
  /** Set on an old resource that a failed `up` replaced but did not get to delete; the next step deletes it. */
  delete?: boolean;
}

/** What the driver keeps between steps. */
export interface DriverState {
  resources: StateResource[];
}

/** Options of every driver step. */
export interface DriverOptions {
  /** The program's directory (with its Pulumi.yaml and node_modules); also the plugin's working directory. */
  programDir: string;
  /** The state file; a missing file is an empty stack. */
  stateFile: string;
  /** Stack config, keyed like `openai:adminKey`; handed to the program and, whole, to the plugin's `configure`. */
  config?: Record<string, string>;
  /** Config keys that hold secrets, as with `pulumi config set --secret`. */
  secretKeys?: string[];
  /** Environment of the program and the plugin; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** How long the program may run; see runProgram. */
  timeoutMs?: number;
}

/** What a step did to the dynamic resources in state (components are not counted). */
export interface StepSummary {
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
  unchanged: number;
}

/** The result of a driver step. */
export interface StepResult {
  summary: StepSummary;
  /** The state after the step. */
  resources: StateResource[];
  /** The plugin's output, then the program's (for `up`). */
  output: string;
  /** The plugin's peak resident set size, where /proc tells it. */
  pluginPeakRssBytes?: number;
}

/** Reads the state file; a missing file is an empty stack. */
export function readState(stateFile: string): StateResource[] {
  try {
    return (JSON.parse(fs.readFileSync(stateFile, "utf8")) as DriverState).resources;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

function writeState(stateFile: string, resources: StateResource[]): void {
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const state: DriverState = { resources };
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
}

/**
 * Compares two states of the same stack: a dynamic resource is created or deleted when its URN comes or goes,
 * replaced when its id changes, updated when its outputs do. A refresh reads as deletes (gone) and updates (drift).
 * Works on the driver's state and on state exported from the real CLI alike.
 */
export function summarize(before: StateResource[], after: StateResource[]): StepSummary {
  const managed = (rs: StateResource[]) => new Map(rs.filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX) && !r.delete).map((r) => [r.urn, r]));
  const olds = managed(before);
  const news = managed(after);
  const summary: StepSummary = { created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 0 };
  for (const [urn, now] of news) {
    const then = olds.get(urn);
    if (!then) summary.created++;
    else if (then.id !== now.id) summary.replaced++;
    else if (JSON.stringify(then.outputs) !== JSON.stringify(now.outputs)) summary.updated++;
    else summary.unchanged++;
  }
  summary.deleted = [...olds.keys()].filter((urn) => !news.has(urn)).length;
  return summary;
}

// One plugin per step, as the engine starts one per deployment, configured once with the whole stack config.
async function withPlugin(
  opts: DriverOptions,
  step: (plugin: PluginClient, before: StateResource[]) => Promise<{ resources: StateResource[]; output?: string; error?: unknown }>,
): Promise<StepResult> {
  const before = readState(opts.stateFile);
  const plugin = await startPlugin({ cwd: opts.programDir, env: opts.env });
  let done: Awaited<ReturnType<typeof step>>;
  try {
    await plugin.configure(opts.config ?? {});
    done = await step(plugin, before);
  } finally {
    await plugin.close();
  }
  // Whatever happened, the state records it, as the engine's checkpoint does, so the next step starts from the truth.
  writeState(opts.stateFile, done.resources);
  const output = plugin.output() + (done.output ?? "");
  if (done.error !== undefined) {
    const message = done.error instanceof Error ? done.error.message : String(done.error);
    // Same shape as runProgram's errors; the output is the plugin's, then the program's.
    const error: ProgramError = Object.assign(new Error(message), { output });
    throw error;
  }
  return { summary: summarize(before, done.resources), resources: done.resources, output, pluginPeakRssBytes: plugin.peakRssBytes() };
}

/**
 * Deletes resources so that none goes before a resource that depends on it or is its child: each waits for the
 * deletes of its dependents, and independent ones run concurrently. A failed delete keeps what it depends on.
 * Resolves to the resources still there, and the first error.
 */
async function deleteInOrder(plugin: PluginClient, doomed: StateResource[]): Promise<{ left: StateResource[]; error?: unknown }> {
  const deletes = new Map<StateResource, Promise<void>>();
  const gone = new Set<StateResource>();
  const remove = (r: StateResource): Promise<void> => {
    let deleting = deletes.get(r);
    if (!deleting) {
      const dependents = doomed.filter((d) => d !== r && (d.parent === r.urn || d.dependencies.includes(r.urn)));
      deleting = Promise.all(dependents.map(remove)).then(async () => {
        if (r.custom) await named("delete", r.urn, plugin.delete(r.id ?? "", r.urn, r.outputs));
        gone.add(r);
      });
      deletes.set(r, deleting);
    }
    return deleting;
  };
  const results = await Promise.allSettled(doomed.map(remove));
  const error = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
  return { left: doomed.filter((r) => !gone.has(r)), error };
}

// A plugin error carries only the provider's message; this names the call and the resource too.
function named<T>(op: string, urn: string, call: Promise<T>): Promise<T> {
  return call.catch((err: Error) => {
    throw new Error(`${op} of ${urn} failed: ${err.message}`);
  });
}

/**
 * Runs the program and makes the stack match it. Each registration of a dynamic resource goes to the plugin
 * as the engine sends it: a new URN is checked then created; a known one is checked, diffed against its
 * previous outputs, then left alone, updated, or replaced (the new object is created first). The program
 * gets the real id and outputs back, so outputs flow between resources as in a real deployment; components
 * pass through. Once the program is done, resources it no longer declares and the old halves of replacements
 * are deleted, dependents first.
 */
export async function up(opts: DriverOptions): Promise<StepResult> {
  return withPlugin(opts, async (plugin, before) => {
    const olds = new Map(before.filter((r) => !r.delete).map((r) => [r.urn, r]));
    const declared: StateResource[] = [];
    const replaced = before.filter((r) => r.delete);
    const answers: Array<Promise<unknown>> = [];

    const register = async (reg: Registration): Promise<Registered> => {
      const base = { urn: reg.urn, type: reg.type, custom: reg.custom, parent: reg.parent, dependencies: reg.dependsOn };
      if (!reg.custom) {
        declared.push({ ...base, inputs: reg.inputs, outputs: reg.inputs });
        return { outputs: reg.inputs };
      }
      if (!reg.type.startsWith(DYNAMIC_TYPE_PREFIX)) throw new Error(`${reg.urn}: the driver only handles dynamic resources`);
      const old = olds.get(reg.urn);
      // The engine decrypts secrets before calling the plugin, which does not accept them.
      const checked = await named("check", reg.urn, plugin.check(reg.urn, old?.inputs ?? {}, unwrapSecrets(reg.inputs) as Props));
      if (checked.failures.length > 0) {
        throw new Error(`${reg.urn}: invalid inputs: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
      }
      const inputs = checked.inputs;
      const diff = old && (await named("diff", reg.urn, plugin.diff(old.id ?? "", reg.urn, old.outputs, inputs)));
      let id: string;
      let outputs: Props;
      if (old && diff && diff.replaces.length === 0) {
        id = old.id ?? "";
        outputs = diff.changes === "none" ? old.outputs : (await named("update", reg.urn, plugin.update(id, reg.urn, old.outputs, inputs))).properties;
      } else {
        // Delete-before-replace would mean deleting the dependents first too; no provider here asks for it.
        if (diff?.deleteBeforeReplace) throw new Error(`${reg.urn}: the driver does not do delete-before-replace`);
        ({ id, properties: outputs } = await named("create", reg.urn, plugin.create(reg.urn, inputs)));
        if (old) replaced.push({ ...old, delete: true });
      }
      declared.push({ ...base, id, inputs, outputs });
      return { id, outputs };
    };

    let output: string;
    let error: unknown;
    try {
      ({ output } = await runProgram({
        programDir: opts.programDir,
        config: opts.config,
        secretKeys: opts.secretKeys,
        env: opts.env,
        timeoutMs: opts.timeoutMs,
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
    const names = new Set(declared.map((r) => r.urn));
    const undeclared = [...olds.values()].filter((r) => !names.has(r.urn));
    if (error !== undefined) return { resources: [...declared, ...undeclared, ...replaced], output, error };
    const deleted = await deleteInOrder(plugin, [...undeclared, ...replaced]);
    return { resources: [...declared, ...deleted.left], output, error: deleted.error };
  });
}

/**
 * Reads every dynamic resource back through the plugin: an empty id means it is gone and it leaves the state;
 * otherwise its new outputs are stored. Components stay as they are.
 */
export async function refresh(opts: DriverOptions): Promise<StepResult> {
  return withPlugin(opts, async (plugin, before) => {
    const read = async (r: StateResource): Promise<StateResource | undefined> => {
      if (!r.custom) return r;
      const found = await named("read", r.urn, plugin.read(r.id ?? "", r.urn, r.outputs, r.inputs));
      return found.id === "" ? undefined : { ...r, id: found.id, outputs: found.properties, inputs: found.inputs ?? r.inputs };
    };
    const results = await Promise.allSettled(before.map(read));
    const error = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
    // A resource whose read failed keeps its old state.
    const resources = results
      .map((r, i) => (r.status === "fulfilled" ? r.value : before[i]))
      .filter((r): r is StateResource => r !== undefined);
    return { resources, error };
  });
}

/** Deletes every resource in the state, dependents first. */
export async function destroy(opts: DriverOptions): Promise<StepResult> {
  return withPlugin(opts, async (plugin, before) => {
    const { left, error } = await deleteInOrder(plugin, before);
    return { resources: left, error };
  });
}
