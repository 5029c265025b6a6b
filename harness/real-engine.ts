/**
 * The real Pulumi CLI, driven through the Automation API's inline programs (see inline-host.ts): where it is,
 * and a stack whose operations each run in a process of their own.
 */
import { type ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { HostJob, HostResult } from "./inline-host";
import { repoRoot } from "./install";
import { beforeTempRemoval } from "./temp";
import { withoutOpenAISettings } from "./env";

/**
 * The folder holding the `pulumi` to use: the pinned one (with `pulumi-language-yaml`) that scripts/pulumi-cli.sh
 * built, in its cache folder or under PULUMI_CLI_DIR; else the folder of a `pulumi` on PATH; else undefined.
 * Never builds: that takes minutes, and is the script's job.
 */
export function pulumiCliDir(): string | undefined {
  try {
    return execFileSync("bash", [path.join(repoRoot(), "scripts", "pulumi-cli.sh"), "--no-build"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return (process.env.PATH ?? "").split(path.delimiter).find((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi")));
  }
}

/** Why the real engine cannot run here, or undefined when it can. */
export function realEngineMissing(): string | undefined {
  return pulumiCliDir() === undefined
    ? "no Pulumi CLI has been built here: run `bash scripts/pulumi-cli.sh` (about 10 minutes the first time)"
    : undefined;
}

/**
 * PATH for the CLI: the built `pulumi` first, then the folder of @pulumi/pulumi that holds the dynamic-provider
 * plugin `pulumi-resource-pulumi-nodejs` (the Pulumi distribution ships it next to `pulumi`).
 */
export function realEnginePath(): string {
  const cli = pulumiCliDir();
  if (!cli) throw new Error(`The real engine cannot run: ${realEngineMissing()}`);
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot()] }));
  return [cli, sdk, process.env.PATH ?? ""].join(path.delimiter);
}

// The built host, also when this module runs from source (under ts-jest): the host is a plain Node process.
const HOST = path.join(repoRoot(), "dist", "harness", "inline-host.js");

/** An operation in flight: its process (to kill the CLI under it) and its result. */
export interface RunningOp {
  child: ChildProcess;
  result: Promise<HostResult>;
}

/** A stack of the real engine over one program folder, with its state in `stateDir`. */
export class RealStack {
  private readonly path = realEnginePath();

  constructor(
    readonly programDir: string,
    readonly stateDir: string,
    readonly stackName = "dev",
    readonly projectName = path.basename(programDir),
    /** Environment of every operation (the CLI, its plugins and the program). */
    readonly env: Record<string, string> = {},
  ) {}

  /** Starts one operation; {@link run} waits for it and throws when it failed. */
  start(op: HostJob["op"], extra: Partial<HostJob> = {}): RunningOp {
    const job: HostJob = { programDir: this.programDir, stateDir: this.stateDir, stackName: this.stackName, projectName: this.projectName, op, ...extra, env: { ...this.env, ...extra.env } };
    // Nothing of the caller's OPENAI_* may stand in for the stack config.
    const env = Object.fromEntries(Object.entries(withoutOpenAISettings()).filter(([k]) => !k.startsWith("PULUMI_")));
    // A process group of its own, killed whole before the temp folders go when this process ends: a CLI still
    // cancelling after Ctrl-C would otherwise write into the state folder after it was removed.
    const [file, args] = this.command(job);
    const child = spawn(file, args, {
      cwd: this.programDir,
      env: { ...env, PATH: this.path },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const forget = beforeTempRemoval(() => process.kill(-child.pid!, "SIGKILL"));
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const result = new Promise<HostResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        forget();
        const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
        if (line) resolve(JSON.parse(line.slice("RESULT ".length)) as HostResult);
        else reject(new Error(`the inline host for ${op} ended (${signal ?? code}) with no result:\n${stderr}`));
      });
    });
    return { child, result };
  }

  /**
   * The process that runs one operation and ends printing `RESULT <HostResult as JSON>`: the inline host here; a
   * program in another language that drives the CLI itself takes its place.
   */
  protected command(job: HostJob): [string, string[]] {
    return [process.execPath, [HOST, JSON.stringify(job)]];
  }

  /** Runs one operation to its end; throws, with what the CLI printed, when it failed. */
  async run(op: HostJob["op"], extra: Partial<HostJob> = {}): Promise<HostResult> {
    const result = await this.start(op, extra).result;
    if (!result.ok) throw Object.assign(new Error(`pulumi ${op} failed: ${result.error}`), { output: result.output });
    return result;
  }

  /** Runs one operation that must fail; answers its error and output. */
  async fails(op: HostJob["op"], extra: Partial<HostJob> = {}): Promise<HostResult> {
    const result = await this.start(op, extra).result;
    if (result.ok) throw new Error(`pulumi ${op} succeeded, and it should have failed:\n${result.output}`);
    return result;
  }

  /** The stack's checkpoint. */
  async deployment(): Promise<{ resources?: Array<Record<string, unknown> & { urn: string; type: string; id?: string }>; pending_operations?: unknown[] }> {
    return (await this.run("export")).deployment as never;
  }

  /** Every file the stack's backend holds (state, its backups and history), for the secret search. */
  backendFiles(): Array<{ file: string; text: string }> {
    const out: Array<{ file: string; text: string }> = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (!p.includes(`${path.sep}plugins${path.sep}`)) out.push({ file: path.relative(this.stateDir, p), text: readMaybeGzip(p) });
      }
    };
    walk(this.stateDir);
    return out;
  }
}

function readMaybeGzip(file: string): string {
  const data = fs.readFileSync(file);
  // The file backend may gzip checkpoints (PULUMI_SELF_MANAGED_STATE_GZIP).
  if (data[0] === 0x1f && data[1] === 0x8b) return require("zlib").gunzipSync(data).toString("utf8");
  return data.toString("utf8");
}
