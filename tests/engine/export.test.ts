/**
 * Issue 22: the YAML export of an org holding every kind, adopted by the real `pulumi` and `pulumi-language-yaml`
 * through the package's provider plugin: the import options read, never write, and the next up makes no call.
 * Names with `${`, `$$` and line separators go through Pulumi YAML's own reading of strings.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { RealStack } from "../../harness/real-engine";
import { removeTempDir, tempDir } from "../../harness/temp";
import { supplySecretFiles, writeOrgState } from "../../harness/org-state";
import { ENGINE_ADMIN_KEY, requireRealEngine, steps } from "./support";

requireRealEngine();

const run = promisify(execFile);
const work = path.join(repoRoot(), ".e2e", "engine-export");
const programDir = path.join(work, "exported-yaml");
const NAMES = ["${not.interpolated} $$ $", "line\u2028separator", "  outer spaces  "];

describe("the YAML export of every kind, adopted by the real pulumi CLI", () => {
  let emu: Emulator;
  let ctl: EmulatorControl;
  let stack: RealStack;
  let stateDir: string;
  const config = () => ({
    "openai:adminKey": { value: ENGINE_ADMIN_KEY, secret: true },
    "openai:baseUrl": { value: emu.url },
  });

  beforeAll(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    writeOrgState(path.join(work, "org.json"), { projects: NAMES.length, users: 3, name: (i) => NAMES[i] });
    emu = await startEmulator({ adminKey: ENGINE_ADMIN_KEY, seed: 43, stateFile: path.join(work, "org.json") });
    ctl = new EmulatorControl(emu.url);
    const env = { ...process.env, OPENAI_ADMIN_KEY: ENGINE_ADMIN_KEY, OPENAI_BASE_URL: emu.url, OPENAI_ORG_ID: undefined };
    await run(process.execPath, [path.join(repoRoot(), "dist", "export", "cli.js"), "--out", programDir, "--format", "yaml"], { env });
    await installPackedPackage(programDir);
    // The export never writes a certificate's body: its user supplies the file, as this does.
    supplySecretFiles(programDir);
    stateDir = await tempDir("openai-admin-engine-export-");
    stack = new RealStack(programDir, stateDir, "dev");
  });
  afterAll(async () => {
    await emu?.close();
    if (stateDir) await removeTempDir(stateDir);
  });

  test("the first up imports every object with no write; the second makes no call", async () => {
    const before = await ctl.org();
    await ctl.clearRequests();
    const first = await stack.run("up", { config: config() });
    const resources = (fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8").match(/^ {4}type: openai:index:/gm) ?? []).length;
    expect(steps(first)).toEqual({ import: resources, create: 1 }); // and the stack
    expect((await ctl.calls()).filter((c) => !c.startsWith("GET "))).toEqual([]);
    expect(await ctl.org()).toEqual(before);
    // Pulumi YAML read each name back exactly: `$$` is `$` there, and `${` is not interpolated.
    const names = ((await stack.deployment()).resources ?? []).filter((r) => r.type === "openai:index:Project").map((r) => (r.inputs as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(NAMES));

    await ctl.clearRequests();
    expect(steps(await stack.run("up", { config: config() }))).toEqual({ same: resources + 1 }); // and the stack
    expect(await ctl.calls()).toEqual([]);
  });
});
