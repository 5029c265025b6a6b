/**
 * Issue 22: an export of an org of more than 5,000 objects finishes, says how far it got on stderr, and writes a
 * program that type-checks against the package's types. The org is loaded from a state file: building it through
 * the API would take longer than the export.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type Emulator } from "../../emulator";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { writeOrgState, type Seeded } from "../../harness/org-state";

const run = promisify(execFile);
// Obviously fake.
const KEY = "sk-admin-fake.export-scale.key.31c7";
const work = path.join(repoRoot(), ".e2e", "export-scale");
const programDir = path.join(work, "program");
const cli = path.join(repoRoot(), "dist", "export", "cli.js");

let emu: Emulator;
let seeded: Seeded;

beforeAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  seeded = writeOrgState(path.join(work, "org.json"), { projects: 245, users: 100 });
  emu = await startEmulator({ adminKey: KEY, seed: 41, stateFile: path.join(work, "org.json") });
});
afterAll(() => emu.close());

describe("openai-admin-export at scale", () => {
  test("exports an org of more than 5,000 objects with progress on stderr, and the program type-checks", async () => {
    expect(seeded.objects).toBeGreaterThan(5_000);
    const started = Date.now();
    const { stdout, stderr } = await run(process.execPath, [cli, "--out", programDir], {
      env: { ...process.env, OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url, OPENAI_ORG_ID: undefined },
    });
    const exportSeconds = (Date.now() - started) / 1000;
    expect(stderr).toMatch(/^read 246\/246 projects \(\d+ API calls so far\)$/m);
    expect(stdout).toContain(", 246 Project, ");
    const index = fs.readFileSync(path.join(programDir, "index.ts"), "utf8");
    expect((index.match(/^(const \w+ = )?new openai\./gm) ?? []).length).toBe(seeded.objects);

    await installPackedPackage(programDir);
    const checking = Date.now();
    const tsc = require.resolve("typescript/bin/tsc");
    await expect(run(process.execPath, [tsc, "-p", path.join(programDir, "tsconfig.json"), "--noEmit"])).resolves.toMatchObject({ stdout: "" });
    const calls = /; (\d+) API calls/.exec(stdout)![1];
    process.stderr.write(`scale: ${seeded.objects} objects, ${calls} API calls, export ${exportSeconds.toFixed(1)} s, tsc ${((Date.now() - checking) / 1000).toFixed(1)} s\n`);
  }, 120_000);
});
