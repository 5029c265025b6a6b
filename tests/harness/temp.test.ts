import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../harness/install";

// Each run gets a temp directory of its own (TMPDIR), so what it leaves behind is exactly what is in it after.
// The children run the built code (dist/), as `npm run demo` does: `npm test` builds first.
const dist = (file: string) => path.join(repoRoot(), "dist", file);

// On Node 22 and later npm turns on Node's compile cache, one folder in the temp directory that every later npm
// run reuses (npm lib/cli.js, module.enableCompileCache): a shared cache, not something a run leaves behind.
const leftovers = () => fs.readdirSync(tmp).filter((name) => name !== "node-compile-cache");
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "temp-test-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs node in a process group of its own with TMPDIR pointing at `tmp`. `onLine` sees each line of stdout
 * and may return a signal to send to the whole group, as Ctrl-C in a terminal does.
 */
function runNode(args: string[], onLine?: (line: string) => NodeJS.Signals | undefined, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot(),
    env: { ...process.env, TMPDIR: tmp, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let pending = "";
  let signalled = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const signal = onLine?.(line);
      if (signal && !signalled) {
        signalled = true;
        process.kill(-(child.pid as number), signal);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, output }));
  });
}

// A program that makes a folder with tempDir, prints its path, then ends the way argv[2] says.
const script = `
  const { tempDir } = require(${JSON.stringify(dist("harness/temp.js"))});
  tempDir("openai-admin-pack-").then((dir) => {
    require("fs").writeFileSync(require("path").join(dir, "file"), "x");
    console.log("made " + dir);
    const how = process.argv[1];
    if (how === "throws") throw new Error("boom");
    if (how === "waits") setInterval(() => undefined, 1000);
  });
`;

describe("tempDir", () => {
  test.each([
    ["the program ends normally", "ends", { code: 0, signal: null }],
    ["the program throws", "throws", { code: 1, signal: null }],
  ])("removes its folder when %s", async (_what, how, ended) => {
    const run = await runNode(["-e", script, how]);
    expect(run.output).toMatch(/made .*openai-admin-pack-/);
    expect({ code: run.code, signal: run.signal }).toEqual(ended);
    expect(leftovers()).toEqual([]);
  });

  test("removes its folder on Ctrl-C, and the process still dies of SIGINT", async () => {
    let madeWhenSignalled = false;
    const run = await runNode(["-e", script, "waits"], (line) => {
      if (!line.startsWith("made ")) return undefined;
      // The folder is there when the signal goes out, so its absence afterwards is the hook's doing.
      madeWhenSignalled = fs.existsSync(line.slice("made ".length));
      return "SIGINT";
    });
    expect(madeWhenSignalled).toBe(true);
    expect(run.signal).toBe("SIGINT");
    expect(leftovers()).toEqual([]);
  });
});

// The demo as a fresh clone runs it, with no Pulumi CLI built: through the engine stand-in. An empty PULUMI_CLI_DIR
// hides the cached CLI from scripts/pulumi-cli.sh, and PATH keeps no folder holding a `pulumi`. The demo through
// the real CLI is the same Lifecycle as tests/engine/quickstart.test.ts, whose leftovers CI's empty-temp check sees.
const noCli = (): NodeJS.ProcessEnv => ({
  PULUMI_CLI_DIR: path.join(tmp, "no-cli"),
  PATH: (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "pulumi"))).join(path.delimiter),
});

describe("npm run demo without a Pulumi CLI", () => {
  test("takes every step through the stand-in and leaves nothing in the temp directory", async () => {
    const run = await runNode([dist("scripts/demo.js")], undefined, noCli());
    expect(run.output).toMatch(/^No Pulumi CLI/m);
    expect(run.output).toMatch(/All \w+ steps did what they say\./);
    expect(run.code).toBe(0);
    expect(leftovers()).toEqual([]);
    // A whole lifecycle in a child process (about 40 s alone): with both cores busy it can pass jest's 60 s default.
  }, 180_000);

  test("stopped with Ctrl-C in its first step, leaves nothing in the temp directory", async () => {
    let stateDirWhenSignalled = "";
    const run = await runNode(
      [dist("scripts/demo.js")],
      (line) => {
        // Printed once the package is packed and installed and the state folder made, before the first step.
        const state = /; state in (\S+)$/.exec(line)?.[1];
        if (!state) return undefined;
        if (fs.existsSync(state)) stateDirWhenSignalled = state;
        return "SIGINT";
      },
      noCli(),
    );
    expect(stateDirWhenSignalled.startsWith(tmp)).toBe(true);
    expect(run.signal).toBe("SIGINT");
    expect(leftovers()).toEqual([]);
  });
});
