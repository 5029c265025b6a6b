/**
 * The two ways the lifecycle takes its steps: the plugin driver, or `pulumi` itself through the Automation API
 * (only where `pulumi` is on PATH). Both report what a step did the same way.
 */
import * as path from "path";
import * as driver from "./driver";
import { RealStack } from "./real-engine";
import { DYNAMIC_TYPE_PREFIX, summarize, type StateResource, type StepSummary } from "./state";
import { withoutOpenAISettings } from "./env";

/** How the steps are taken: the plugin driver, or `pulumi` itself through the Automation API. */
export type EngineKind = "driver" | "cli";

/** What one engine step did: counts of dynamic resources, and everything the engine printed. */
export interface EngineStep {
  summary: StepSummary;
  output: string;
}

/** One way of taking the steps. */
export interface Engine {
  readonly kind: EngineKind;
  /** Replaces the stack config; `openai:adminKey` is stored as a secret. */
  setConfig(config: Record<string, string>): Promise<void>;
  /** `pulumi preview`: what `up` would do, with no change to the org or the state. */
  preview(): Promise<EngineStep>;
  /** `pulumi up`, with `replace` as `--replace <urn>`. */
  up(opts?: { replace?: string[] }): Promise<EngineStep>;
  refresh(): Promise<EngineStep>;
  destroy(): Promise<EngineStep>;
  /** The resources in the stack's state. */
  resources(): Promise<StateResource[]>;
}

/** The engine of this kind for a program, keeping its state in `stateDir`. */
export function makeEngine(kind: EngineKind, programDir: string, stateDir: string): Promise<Engine> {
  return kind === "cli" ? cliEngine(programDir, stateDir) : Promise.resolve(driverEngine(programDir, stateDir));
}

function driverEngine(programDir: string, stateDir: string): Engine {
  let config: Record<string, string> = {};
  const stateFile = path.join(stateDir, "state.json");
  // The key must reach the provider through stack config alone, so the environment must not offer one.
  const options = (): driver.DriverOptions => ({ programDir, stateFile, config, secretKeys: ["openai:adminKey"], env: withoutOpenAISettings() });
  return {
    kind: "driver",
    setConfig: async (next) => {
      config = next;
    },
    preview: () => driver.preview(options()),
    up: (opts) => driver.up({ ...options(), replace: opts?.replace }),
    refresh: () => driver.refresh(options()),
    destroy: () => driver.destroy(options()),
    resources: async () => driver.readState(stateFile),
  };
}

// The real CLI with a local file backend and passphrase secrets in the state folder, the program run inline by the
// Automation API (real-engine.ts): no Node language host is needed.
async function cliEngine(programDir: string, stateDir: string): Promise<Engine> {
  const stack = new RealStack(programDir, stateDir, "dev", path.basename(programDir));
  let config: Record<string, { value: string; secret: boolean }> = {};
  const state = async () => ((await stack.deployment()).resources ?? []) as unknown as StateResource[];
  type OpMap = Partial<Record<"create" | "update" | "replace" | "delete" | "same", number>>;
  // The engine's own counts, less what is not a dynamic resource: the stack and components, each a create when it is
  // new and a same after (the default provider is never counted).
  const others = (rs: StateResource[]) => new Set(rs.filter((r) => !r.type.startsWith(DYNAMIC_TYPE_PREFIX) && !r.type.startsWith("pulumi:providers:")).map((r) => r.urn));
  const counted = (ops: OpMap, before: StateResource[], after: StateResource[]): StepSummary => {
    const was = others(before);
    const now = [...others(after)];
    const made = now.filter((u) => !was.has(u)).length;
    const kept = now.length - made;
    return {
      created: (ops.create ?? 0) - made,
      updated: ops.update ?? 0,
      replaced: ops.replace ?? 0,
      deleted: ops.delete ?? 0,
      unchanged: (ops.same ?? 0) - kept,
    };
  };
  const compared = (op: "refresh" | "destroy") => async (): Promise<EngineStep> => {
    const before = await state();
    const r = await stack.run(op, { config });
    return { summary: summarize(before, await state()), output: r.output };
  };
  return {
    kind: "cli",
    async setConfig(next) {
      config = Object.fromEntries(Object.entries(next).map(([k, value]) => [k, { value, secret: k === "openai:adminKey" }]));
      await stack.run("config", { config });
    },
    async preview() {
      const before = await state();
      const r = await stack.run("preview", { config });
      // A preview of a first up would make the stack: counted as an up would count it.
      return { summary: counted(r.changes ?? {}, before, before.length > 0 ? before : [{ urn: "stack", type: "pulumi:pulumi:Stack" } as StateResource]), output: r.output };
    },
    async up(upOpts) {
      const before = await state();
      const r = await stack.run("up", { config, replace: upOpts?.replace });
      return { summary: counted(r.changes ?? {}, before, await state()), output: r.output };
    },
    refresh: compared("refresh"),
    destroy: compared("destroy"),
    resources: state,
  };
}
