import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEV_ADMIN_KEY } from "../../emulator";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/emulator/cli.js");
const LISTENING = /^OpenAI admin emulator listening on http:\/\/127\.0\.0\.1:(\d+)\/v1\n$/;

interface Run { child: ChildProcess; stdout: string; stderr: string; exit: Promise<number | null> }

/** Starts the built CLI with a clean environment, collecting its output as it comes. */
function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
  const result: Run = {
    child, stdout: "", stderr: "",
    exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
  child.stdout?.on("data", (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (result.stderr += chunk.toString()));
  return result;
}

/** Resolves with the stdout line once the CLI says it is listening. */
async function listening(cli: Run): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (!cli.stdout.includes("\n")) {
    if (cli.child.exitCode !== null || Date.now() > deadline) throw new Error(`CLI did not start: ${cli.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return cli.stdout;
}

describe("openai-admin-emulator CLI", () => {
  beforeAll(() => {
    // The test runs the shipped bin, so it must be the build of the current source, not a stale one.
    const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
    const sources = fs.readdirSync(path.join(ROOT, "emulator")).map((f) => fs.statSync(path.join(ROOT, "emulator", f)).mtimeMs);
    if (built < Math.max(...sources)) {
      throw new Error("dist/emulator/cli.js is missing or older than emulator/*.ts: run npm run build first");
    }
  });

  it("prints exactly one stdout line with the URL, serves the API there, and exits 0 on SIGTERM", async () => {
    const cli = run(["--port", "0", "--admin-key", "sk-admin-cli-test"]);
    const line = await listening(cli);
    const [, port] = LISTENING.exec(line) ?? [];
    expect(line).toMatch(LISTENING);

    const response = await fetch(`http://127.0.0.1:${port}/v1/organization/projects`, { headers: { authorization: "Bearer sk-admin-cli-test" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "list", data: [{ name: "Default project" }] });

    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(cli.stdout).toBe(line);
  });

  it("exits 0 on SIGINT too", async () => {
    const cli = run(["--port=0"]);
    await listening(cli);
    cli.child.kill("SIGINT");
    expect(await cli.exit).toBe(0);
  });

  it("never prints a key given with --admin-key or OPENAI_ADMIN_KEY, but shows the built-in development key on stderr", async () => {
    const flagged = run(["--port", "0", "--admin-key", "sk-admin-my-own-secret"]);
    const fromEnv = run(["--port", "0"], { OPENAI_ADMIN_KEY: "sk-admin-env-secret" });
    const builtIn = run(["--port", "0"]);
    await Promise.all([flagged, fromEnv, builtIn].map(listening));
    for (const cli of [flagged, fromEnv, builtIn]) cli.child.kill("SIGTERM");
    await Promise.all([flagged.exit, fromEnv.exit, builtIn.exit]);

    expect(flagged.stdout + flagged.stderr).not.toContain("my-own-secret");
    expect(fromEnv.stdout + fromEnv.stderr).not.toContain("env-secret");
    expect(builtIn.stderr).toContain(DEV_ADMIN_KEY);
    expect(builtIn.stdout).not.toContain(DEV_ADMIN_KEY);
  });

  it("prints usage for --help and exits 0", async () => {
    const cli = run(["--help"]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout).toContain("Usage: openai-admin-emulator");
  });

  it("exits 2 with a message on stderr for an unknown flag or a bad port, without echoing values", async () => {
    const unknown = run(["--colour", "sk-admin-pasted-here"]);
    const badPort = run(["--port", "eighty"]);
    const missing = run(["--state-file"]);
    expect(await Promise.all([unknown.exit, badPort.exit, missing.exit])).toEqual([2, 2, 2]);
    expect(unknown.stderr).toContain("unknown option --colour");
    expect(unknown.stderr).not.toContain("pasted-here");
    expect(badPort.stderr).toContain("--port expects an integer");
    expect(missing.stderr).toContain("--state-file needs a value");
    expect(unknown.stdout + badPort.stdout + missing.stdout).toBe("");
  });

  it("never echoes a lone argument that is not an option, such as a pasted key (issue 10 #22)", async () => {
    const lone = run(["sk-admin-secret"]);
    const oddFlag = run(["--sk_admin_9f8e7d6c5b4a"]);
    expect(await Promise.all([lone.exit, oddFlag.exit])).toEqual([2, 2]);
    expect(lone.stderr).toContain("unexpected argument");
    expect(lone.stderr + lone.stdout).not.toContain("sk-admin-secret");
    expect(oddFlag.stderr + oddFlag.stdout).not.toContain("9f8e7d6c5b4a");
  });

  it("refuses a request-log limit of 0 and prints no network warning on loopback", async () => {
    const zero = run(["--request-log-limit", "0"]);
    expect(await zero.exit).toBe(2);
    expect(zero.stderr).toContain("--request-log-limit expects an integer from 1");
    const local = run(["--port", "0", "--request-log-limit", "10"]);
    await listening(local);
    local.child.kill("SIGTERM");
    await local.exit;
    expect(local.stderr).not.toContain("reachable from the network");
  });

  it("starts the realistic profile from flags, and refuses its numbers without --profile real (issue 12)", async () => {
    const cli = run(["--port", "0", "--admin-key", "sk-admin-cli-test", "--profile", "real", "--endpoint-requests", "1", "--endpoint-window-ms", "60000", "--read-lag-ms", "0"]);
    const [, port] = LISTENING.exec(await listening(cli)) ?? [];
    const profile = await (await fetch(`http://127.0.0.1:${port}/__emulator/profile`)).json();
    const get = () => fetch(`http://127.0.0.1:${port}/v1/organization/invites`, { headers: { authorization: "Bearer sk-admin-cli-test" } });
    const statuses = [(await get()).status, (await get()).status];
    cli.child.kill("SIGTERM");
    await cli.exit;
    expect(profile).toEqual({ profile: "real", endpointLimit: { requests: 1, windowMs: 60000 }, readLagMs: 0 });
    expect(statuses).toEqual([200, 429]);

    const stray = run(["--read-lag-ms", "10"]);
    const badProfile = run(["--profile", "fast"]);
    expect(await Promise.all([stray.exit, badProfile.exit])).toEqual([2, 2]);
    expect(stray.stderr).toContain("belong to --profile real");
    expect(badProfile.stderr).toContain('--profile expects "default" or "real"');
  });

  it("exits 1 for a corrupt state file, naming it on stderr and leaving it unchanged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-"));
    try {
      const file = path.join(dir, "org.json");
      fs.writeFileSync(file, "not json at all");
      const cli = run(["--port", "0", "--state-file", file]);
      expect(await cli.exit).toBe(1);
      expect(cli.stderr).toContain(`Refusing to use emulator state file ${file}`);
      expect(cli.stdout).toBe("");
      expect(fs.readFileSync(file, "utf8")).toBe("not json at all");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
