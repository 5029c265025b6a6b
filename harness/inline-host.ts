/**
 * One operation of the real `pulumi` CLI on a program, run as a process of its own. A TypeScript program runs
 * inline (below); a program in another language (`runtime: yaml`) is run by the CLI from its folder as usual.
 *
 * Why a process per operation: the Automation API's inline programs run the program in the calling process
 * (LocalWorkspace starts a language server there and runs `pulumi … --client` against it), so no Node language
 * host is needed (`pulumi-language-nodejs` cannot be built here). A fresh process gives every operation a fresh
 * `@pulumi/pulumi` runtime, as the language host would, keeps jest's module sandbox away from the program, and
 * lets a test kill the CLI in the middle of an `up`.
 *
 * Usage: `node dist/harness/inline-host.js '<HostJob as JSON>'`. The CLI's output goes to stderr as it comes;
 * the last line on stdout is `RESULT <HostResult as JSON>`.
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";

/** What to run. */
export interface HostJob {
  /** The program's folder: `index.ts` (or `index.js`) in it is the program, and the packed package is installed there. */
  programDir: string;
  /** Holds the file backend and PULUMI_HOME. */
  stateDir: string;
  stackName: string;
  projectName: string;
  op: "up" | "preview" | "refresh" | "destroy" | "config" | "export" | "import" | "cancel";
  /** For "import": what `pulumi import` takes (`--protect=false`). */
  resources?: Array<{ type: string; name: string; id: string }>;
  /** `up --replace`. */
  replace?: string[];
  /** `up --target`. */
  target?: string[];
  /** Replaces the stack config before the operation (and is the whole operation for "config"). */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment of the CLI, the plugins and the program. */
  env?: Record<string, string>;
}

/** What came of it. */
export interface HostResult {
  ok: boolean;
  /** The engine's own counts of steps (create, update, replace, delete, same…). */
  changes?: Record<string, number>;
  outputs?: Record<string, { value: unknown; secret: boolean }>;
  /** The checkpoint, for "export". */
  deployment?: unknown;
  error?: string;
  output: string;
}

// Lets require() load TypeScript programs, transpiled without type checks, as `pulumi` does with ts-node.
function registerTypeScript(): void {
  const ts: typeof import("typescript") = require("typescript");
  require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    (module as unknown as { _compile(code: string, file: string): void })._compile(outputText, filename);
  };
}

/** The program as the Node language host runs it: the module's top level registers, its exports are the outputs. */
function inlineProgram(programDir: string): () => Promise<Record<string, unknown>> {
  const file = ["index.ts", "index.js"].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`no index.ts or index.js in ${programDir}`);
  return async () => {
    const exported = (await Promise.resolve(require(file))) as Record<string, unknown>;
    const result = typeof exported.default === "function" ? await (exported.default as () => unknown)() : exported;
    return Object.fromEntries(Object.entries((result ?? {}) as object).filter(([k, v]) => k !== "default" && typeof v !== "function"));
  };
}

async function run(job: HostJob): Promise<HostResult> {
  // The program and its @pulumi/pulumi must be the ones a user's project resolves: from the program's folder.
  const requireHere = (id: string) => require(require.resolve(id, { paths: [job.programDir] }));
  const { LocalWorkspace } = requireHere("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  let output = "";
  const onOutput = (out: string) => {
    output += out;
    process.stderr.write(out);
  };
  const home = path.join(job.stateDir, "pulumi-home");
  fs.mkdirSync(home, { recursive: true });
  const options = {
    workDir: job.programDir,
    secretsProvider: "passphrase",
    envVars: {
      PULUMI_BACKEND_URL: pathToFileURL(job.stateDir).href,
      PULUMI_HOME: home,
      PULUMI_CONFIG_PASSPHRASE: "e2e passphrase, not a secret",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      ...job.env,
    },
  };
  const yaml = /^runtime:\s*yaml\s*$/m.test(fs.readFileSync(path.join(job.programDir, "Pulumi.yaml"), "utf8"));
  const stack = yaml
    ? await LocalWorkspace.createOrSelectStack({ stackName: job.stackName, workDir: job.programDir }, options)
    : await LocalWorkspace.createOrSelectStack({ stackName: job.stackName, projectName: job.projectName, program: inlineProgram(job.programDir) }, options);
  if (job.config) {
    const current = Object.keys(await stack.getAllConfig());
    const gone = current.filter((k) => !(k in job.config!));
    if (gone.length > 0) await stack.removeAllConfig(gone);
    await stack.setAllConfig(Object.fromEntries(Object.entries(job.config).map(([k, v]) => [k, { value: v.value, secret: v.secret ?? false }])));
  }
  const base = { onOutput, color: "never" as const };
  switch (job.op) {
    case "config":
      return { ok: true, output };
    case "cancel":
      // `pulumi cancel`: what a user runs after a killed CLI left the stack locked.
      await stack.cancel();
      return { ok: true, output };
    case "export":
      return { ok: true, deployment: (await stack.exportStack()).deployment, output };
    case "import": {
      const r = await stack.import({ resources: job.resources ?? [], protect: false, generateCode: false, onOutput });
      return { ok: true, changes: r.summary.resourceChanges as Record<string, number>, output };
    }
    case "preview": {
      const r = await stack.preview(base);
      return { ok: true, changes: r.changeSummary as Record<string, number>, output };
    }
    case "up": {
      // Not `--diff`: its display leaves out the warnings providers log without a resource (pulumi 3.276).
      const r = await stack.up({ ...base, replace: job.replace, target: job.target });
      return { ok: true, changes: r.summary.resourceChanges as Record<string, number>, outputs: r.outputs, output };
    }
    case "refresh": {
      const r = await stack.refresh(base);
      return { ok: true, changes: r.summary.resourceChanges as Record<string, number>, output };
    }
    case "destroy": {
      const r = await stack.destroy(base);
      return { ok: true, changes: r.summary.resourceChanges as Record<string, number>, output };
    }
  }
}

if (require.main === module) {
  registerTypeScript();
  const job = JSON.parse(process.argv[2] ?? "{}") as HostJob;
  // Exit only once the line is written: a result of a few hundred kilobytes outgrows the pipe's buffer, and an exit
  // right after the write cut it short (the real-engine suite saw "Unterminated string in JSON" on a busy machine).
  const answer = (result: HostResult) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
  run(job).then(answer, (err: unknown) => {
    const e = err as Error & { stdout?: string; stderr?: string };
    const output = [e.stdout, e.stderr].filter(Boolean).join("\n");
    answer({ ok: false, error: e.message ?? String(err), output });
  });
}
