/**
 * The Go program of tests/engine/programs/go, run through the real `pulumi`: its SDK generated from the schema the
 * installed plugin serves, the program built against it, and a stack whose operations are runs of that program.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import type { HostJob } from "../../harness/inline-host";
import { repoRoot } from "../../harness/install";
import { RealStack, pulumiCliDir, realEnginePath } from "../../harness/real-engine";
import { removeTempDir, tempDir } from "../../harness/temp";

const run = promisify(execFile);

/** The Go import path the generated SDK gets: the `openai` folder of the program's module (its go.mod). */
const SDK_IMPORT_PATH = "example.com/openai-go/openai";

/**
 * The folder scripts/go-route.sh built the SDK generator into. Throws, so the suite fails rather than skips, where
 * Go is missing or the script has not run: the Go route passing without Go would prove nothing.
 */
export function goRouteDir(): string {
  try {
    return execFileSync("bash", [path.join(repoRoot(), "scripts", "go-route.sh"), "--no-build"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (err) {
    const status = (err as { status?: number }).status;
    throw new Error(
      status === 4
        ? "The Go route did not run: Go is not installed (go 1.26.6 or later is needed, as pulumi v3.276.0's modules require)."
        : "The Go route did not run: its SDK generator is not built (run `bash scripts/go-route.sh`; about 7 minutes the first time).",
    );
  }
}

/**
 * Generates the Go SDK into `<programDir>/openai` from the schema the installed plugin answers, as `pulumi package
 * gen-sdk` would (it asks the plugin with the same GetSchema), builds the program, and answers the binary's path.
 */
export async function buildGoProgram(programDir: string): Promise<string> {
  const plugin = path.join(programDir, "node_modules", "pulumi-openai-admin", "provider-plugin", "pulumi-resource-openai");
  const home = await tempDir("openai-admin-go-schema-");
  try {
    const env = { ...process.env, PATH: realEnginePath(), PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
    const { stdout } = await run("pulumi", ["package", "get-schema", plugin], { env, maxBuffer: 64 << 20 });
    await fs.promises.writeFile(path.join(programDir, "schema.json"), stdout);
  } finally {
    await removeTempDir(home);
  }
  const sdkgen = path.join(goRouteDir(), "openai-go-sdkgen");
  await run(sdkgen, ["-schema", path.join(programDir, "schema.json"), "-import-base-path", SDK_IMPORT_PATH, "-out", programDir]);
  const binary = path.join(programDir, "go-program");
  // -trimpath as in scripts/go-route.sh, so the packages it compiled are found in Go's build cache.
  await run("go", ["build", "-trimpath", "-o", binary, "."], { cwd: programDir });
  return binary;
}

/** A stack of the Go program: each operation is one run of the built binary, which drives the CLI itself. */
export class GoStack extends RealStack {
  constructor(
    programDir: string,
    stateDir: string,
    private readonly binary: string,
  ) {
    super(programDir, stateDir);
  }

  protected override command(job: HostJob): [string, string[]] {
    const pluginDir = path.join(this.programDir, "node_modules", "pulumi-openai-admin", "provider-plugin");
    return [this.binary, [JSON.stringify({ ...job, pluginDir, cliDir: pulumiCliDir() })]];
  }
}
