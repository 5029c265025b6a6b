import * as fs from "fs";
import * as path from "path";
import { EmulatorControl, startEmulator, type Emulator, type LoggedRequest } from "../../emulator";
import { installProgram, repoRoot } from "../../harness/install";
import { RealStack, realEngineMissing } from "../../harness/real-engine";
import type { HostResult } from "../../harness/inline-host";
import { removeTempDir, tempDir } from "../../harness/temp";

/** The admin key of these runs: obviously fake, with a dot so no real-key pattern matches it. */
export const ENGINE_ADMIN_KEY = "sk-admin-fake.engine.key";

/**
 * Fails the suite, never skips it, where no CLI is built: a real-engine suite that passes without an engine
 * would say the engine agrees when nobody asked it.
 */
export function requireRealEngine(): void {
  const missing = realEngineMissing();
  if (missing) throw new Error(`The real-engine suite did not run: ${missing}.`);
  if (!fs.existsSync(path.join(repoRoot(), "dist", "harness", "inline-host.js"))) {
    throw new Error("The real-engine suite did not run: the package is not built (run `npm run build` first).");
  }
}

/** A program of tests/engine/programs installed as a user has it, one emulator, and stacks of the real CLI over them. */
export class EngineFixture {
  readonly control: EmulatorControl;
  private readonly stateDirs: string[] = [];

  private constructor(
    readonly emulator: Emulator,
    readonly programDir: string,
  ) {
    this.control = new EmulatorControl(emulator.url);
  }

  static async start(program: string, seed = 11): Promise<EngineFixture> {
    const programDir = await installProgram(path.join(repoRoot(), "tests", "engine", "programs", program), `engine-${program}`);
    const emulator = await startEmulator({ adminKey: ENGINE_ADMIN_KEY, seed });
    return new EngineFixture(emulator, programDir);
  }

  /** A new stack with its own state folder, removed by {@link close}; `make` builds a stack of another kind there. */
  async stack(stackName?: string): Promise<RealStack>;
  async stack<S extends RealStack>(stackName: string, make: (stateDir: string) => S): Promise<S>;
  async stack(stackName = "dev", make?: (stateDir: string) => RealStack): Promise<RealStack> {
    const stateDir = await tempDir(`openai-admin-engine-${stackName}-`);
    this.stateDirs.push(stateDir);
    return make ? make(stateDir) : new RealStack(this.programDir, stateDir, stackName, path.basename(this.programDir));
  }

  /** The whole stack config: the key as a secret, the emulator, and the program's `test:*` settings. */
  config(test: Record<string, string>): Record<string, { value: string; secret?: boolean }> {
    return {
      "openai:adminKey": { value: ENGINE_ADMIN_KEY, secret: true },
      "openai:baseUrl": { value: this.emulator.url },
      // A refresh right after an up takes a 404 of a young object for "not visible yet" this long.
      "openai:lostCreateWaitMs": { value: "1000" },
      ...Object.fromEntries(Object.entries(test).map(([k, v]) => [`test:${k}`, { value: v }])),
    };
  }

  /** The requests the emulator logged since the last clear, as "METHOD /path". */
  async calls(): Promise<string[]> {
    return (await this.control.requests()).map((r: LoggedRequest) => `${r.method} ${r.path}`);
  }

  async writes(): Promise<string[]> {
    return (await this.calls()).filter((c) => !c.startsWith("GET "));
  }

  async close(): Promise<void> {
    await this.emulator.close();
    for (const dir of this.stateDirs) await removeTempDir(dir);
  }
}

/** The custom resources of ours in a checkpoint, by logical name. */
export function ours(deployment: { resources?: Array<Record<string, unknown> & { urn: string; type: string }> }): Map<string, Record<string, unknown> & { urn: string; type: string; id?: string }> {
  const rs = (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
  return new Map(rs.map((r) => [r.urn.split("::").pop()!, r]));
}

/** The engine's own step counts of an operation, without the stack resource. */
export function steps(r: HostResult): Record<string, number> {
  return Object.fromEntries(Object.entries(r.changes ?? {}).filter(([, n]) => n > 0));
}
