import { spawn, type ChildProcess, type ChildProcessByStdio } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { Readable } from "stream";
import { repoRoot } from "./install";
import { tempDir } from "./temp";

/** One resource registration a program made, as the mocked engine received it. */
export interface Captured {
  /** Type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
  type: string;
  name: string;
  urn: string;
  /** The id the mocked engine answered (unset for components). */
  id?: string;
  /** False for component resources. */
  custom: boolean;
  /**
   * Resolved inputs exactly as `MockResourceArgs.inputs` carries them: for a dynamic resource this includes
   * `__provider`, the serialized provider source. Secret values stay wrapped (see {@link unwrapSecrets}).
   */
  inputs: Record<string, unknown>;
  /** URN of the parent resource, if any. */
  parent?: string;
  /** URNs this resource depends on: explicit `dependsOn` plus the resources its inputs came from. */
  dependsOn: string[];
  /** The resource options the engine acts on, as the program's RegisterResourceRequest carried them. */
  options: ResourceOptions;
}

/** Resource options the driver honours, read from the RegisterResourceRequest. */
export interface ResourceOptions {
  protect: boolean;
  retainOnDelete: boolean;
  /** Input property paths whose changes are ignored (the old value is kept). */
  ignoreChanges: string[];
  /** Set only when the program set it (the request's `deleteBeforeReplaceDefined`). */
  deleteBeforeReplace?: boolean;
  replaceOnChanges: string[];
  /** URNs this resource had under other names. */
  aliases: string[];
  /** The `import` option: the id of an existing object to adopt. */
  importId?: string;
  additionalSecretOutputs: string[];
}

/** A registration as a driver receives it: the resource and what it hangs off, before it has an id. */
export type Registration = Omit<Captured, "id">;

/** A driver's answer to a registration: the id (none for a component) and the outputs the program sees. */
export interface Registered {
  id?: string;
  outputs: Record<string, unknown>;
}

/** How program-child answers a registration it receives from the program. */
export type ChildMode = "capture" | "driver";

/** What runProgram hands program-child, as JSON in its argv. */
export interface ChildJob {
  /** `capture` echoes inputs as outputs; `driver` asks the parent process over the IPC channel. */
  mode: ChildMode;
  /** Absolute path of the program entry file. */
  entry: string;
  /** Where the child writes `{resources}`. */
  outFile: string;
  project: string;
  stack: string;
  /** Runs the program as in a preview (`pulumi.runtime.isDryRun()`): unknown values stay unknown. */
  preview: boolean;
}

/** Options for {@link runProgram}. */
export interface RunProgramOptions {
  /** Directory holding the program (and its Pulumi.yaml); the child's cwd. */
  programDir: string;
  /** Entry file relative to programDir; defaults to `index.ts`. */
  entry?: string;
  /** Stack config, keyed like `openai:adminKey` or `<project>:key`. */
  config?: Record<string, string>;
  /** Config keys that hold secrets, so `config.get` of them warns and `getSecret` is expected, as with `--secret`. */
  secretKeys?: string[];
  /** Environment of the program; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Stack name; defaults to `dev`. */
  stack?: string;
  /** Project name; defaults to the `name:` in Pulumi.yaml, else `test`. */
  project?: string;
  /**
   * Answers every registration, as an engine would (see driver.ts). Registrations arrive concurrently, as the
   * program makes them. Without it, the mocked engine echoes each resource's inputs as its outputs.
   */
  register?: (registration: Registration) => Promise<Registered>;
  /** Kills the program after this long; defaults to 30 s, well inside the jest timeout so the output is shown. */
  timeoutMs?: number;
  /** Runs the program as in a preview: outputs the driver leaves out are unknown to it. */
  preview?: boolean;
  /** The engine's `--parallel`, which the Node language host gives the program as `PULUMI_NODEJS_PARALLEL`. */
  parallel?: number;
}

/** How runProgram fails: the message says why and includes the output, which is also kept on its own. */
export interface ProgramError extends Error {
  /** Everything the program wrote to stdout and stderr. */
  output: string;
}

/** The result of {@link runProgram}. */
export interface ProgramRun {
  /** Registrations in the order the engine received them. */
  resources: Captured[];
  /** Everything the program wrote to stdout and stderr. */
  output: string;
}

// The child loads TypeScript through a require hook that `node -e` installs before program-child loads: under
// ts-jest this module is a .ts source with no compiled program-child.js next to it (and building the whole repo
// mid-edit is not reliable), and the programs are TypeScript either way. Transpiled without type checks, much as
// `pulumi` does with ts-node. Each output is kept in a cache keyed by the source, the file name and the TypeScript
// version, so a child loads the compiler (most of a second) only for a file it has not seen yet.
function childCommand(job: ChildJob): string[] {
  const childFile = path.join(__dirname, `program-child${path.extname(__filename)}`);
  const cacheDir = path.join(repoRoot(), "node_modules", ".cache", "program-child-ts");
  const bootstrap = `
    const fs = require("fs"), path = require("path"), crypto = require("crypto");
    const tsPath = ${JSON.stringify(require.resolve("typescript"))};
    const cacheDir = ${JSON.stringify(cacheDir)};
    const tsVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(tsPath), "..", "package.json"), "utf8")).version;
    let ts;
    require.extensions[".ts"] = (m, f) => {
      const source = fs.readFileSync(f, "utf8");
      const key = crypto.createHash("sha256").update([tsVersion, "cjs-es2022-interop", f, source].join("\\0")).digest("hex");
      const cached = path.join(cacheDir, key + ".js");
      let code;
      try { code = fs.readFileSync(cached, "utf8"); } catch {}
      if (code === undefined) {
        ts ??= require(tsPath);
        code = ts.transpileModule(source, {
          fileName: f, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
        }).outputText;
        // Written whole, then renamed: another child may read the same entry at any moment.
        const tmp = cached + "." + process.pid + ".tmp";
        try { fs.mkdirSync(cacheDir, { recursive: true }); fs.writeFileSync(tmp, code); fs.renameSync(tmp, cached); } catch { try { fs.rmSync(tmp, { force: true }); } catch {} }
      }
      m._compile(code, f);
    };
    require(process.argv[1]);`;
  return ["-e", bootstrap, "--", childFile, JSON.stringify(job)];
}

/** The `name:` of a program's Pulumi.yaml, else `test`. */
export function projectName(programDir: string): string {
  try {
    const yaml = fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8");
    return /^name:\s*["']?([^"'\s]+)/m.exec(yaml)?.[1] ?? "test";
  } catch {
    return "test";
  }
}

/**
 * Runs a real Pulumi program in a child node process under `pulumi.runtime.setMocks` and returns every
 * resource it registered, with inputs as the engine would receive them. Rejects with the program's output
 * if it throws, leaves work that never finishes, or outlives the timeout.
 */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
  const programDir = path.resolve(opts.programDir);
  const tmp = await tempDir("program-child-");
  const job: ChildJob = {
    mode: opts.register ? "driver" : "capture",
    entry: path.resolve(programDir, opts.entry ?? "index.ts"),
    outFile: path.join(tmp, "captured.json"),
    project: opts.project ?? projectName(programDir),
    stack: opts.stack ?? "dev",
    preview: opts.preview ?? false,
  };
  try {
    const child = spawn(process.execPath, childCommand(job), {
      cwd: programDir,
      // @pulumi/pulumi reads config from these variables, as set by the Node language host.
      env: {
        ...(opts.env ?? process.env),
        PULUMI_CONFIG: JSON.stringify(opts.config ?? {}),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(opts.secretKeys ?? []),
        ...(opts.parallel === undefined ? {} : { PULUMI_NODEJS_PARALLEL: String(opts.parallel) }),
      },
      stdio: ["ignore", "pipe", "pipe", ...(opts.register ? ["ipc" as const] : [])],
    }) as ChildProcessByStdio<null, Readable, Readable>;
    if (opts.register) answerRegistrations(child, opts.register);
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    }).finally(() => clearTimeout(timer));
    if (code !== 0) {
      const why = timedOut ? `did not finish within ${timeoutMs} ms` : `failed (exit ${code})`;
      const error: ProgramError = Object.assign(new Error(`program ${job.entry} ${why}; output:\n${output}`), { output });
      throw error;
    }
    const { resources } = JSON.parse(await fs.promises.readFile(job.outFile, "utf8")) as { resources: Captured[] };
    return { resources, output };
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}

/** The IPC messages of the `driver` mode: program-child asks, runProgram answers under the same `seq`. */
export type DriverRequest = { seq: number; registration: Registration };
export type DriverReply = { seq: number } & ({ registered: Registered } | { error: string });

function answerRegistrations(child: ChildProcess, register: (registration: Registration) => Promise<Registered>): void {
  child.on("message", (message: DriverRequest) => {
    // A child that already failed on another registration has nobody left to answer: drop the reply.
    const reply = (answer: DriverReply) => {
      if (child.connected) child.send(answer, () => undefined);
    };
    register(message.registration).then(
      (registered) => reply({ seq: message.seq, registered }),
      (err: unknown) => reply({ seq: message.seq, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a value is a Pulumi secret wrapper. */
export function isSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/**
 * Replaces every Pulumi secret wrapper (`{"4dabf…": "1b47…", value}`) with its value, which is what the engine
 * does before sending inputs to the dynamic-provider plugin (the plugin does not accept secrets).
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
