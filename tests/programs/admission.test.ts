import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { up, type DriverOptions } from "../../harness/driver";
import { installProgram } from "../../harness/install";
import { withoutOpenAISettings } from "../../harness/env";

// The SDK lets at most half the engine's workers' worth of one kind into the engine (sdk/admission.ts), so the
// children of the first projects run while later projects wait, rather than queueing behind all of them.

let programDir: string;
let dir: string;
let emu: Emulator;
let ctl: EmulatorControl;

const env = withoutOpenAISettings();

function options(name: string, config: Record<string, string>, parallel: number): DriverOptions {
  return {
    programDir,
    stateFile: path.join(dir, `${name}.json`),
    env,
    parallel,
    config: { "openai:adminKey": emu.adminKey, "openai:baseUrl": emu.url, ...config },
    secretKeys: ["openai:adminKey"],
  };
}

beforeAll(async () => {
  programDir = await installProgram(path.join(__dirname, "..", "fixtures", "admission-program"), "admission");
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "admission-"));
  emu = await startEmulator({ seed: 11 });
  ctl = new EmulatorControl(emu.url);
});

beforeEach(() => ctl.reset());

afterAll(async () => {
  await emu.close();
  await fs.promises.rm(dir, { recursive: true, force: true });
});

test("with --parallel 4, the first project's children are made before the last project", async () => {
  const result = await up(options("order", { "admission:teams": "8" }, 4));
  expect(result.summary.created).toBe(16);
  const calls = await ctl.calls();
  const projectPosts = calls.flatMap((c, i) => (c === "POST /organization/projects" ? [i] : []));
  const firstChild = calls.findIndex((c) => /^POST \/organization\/projects\/[^/]+\/model_permissions$/.test(c));
  expect(projectPosts).toHaveLength(8);
  // First come first served with all eight projects let in at once, every project's create comes first.
  expect(firstChild).toBeGreaterThan(-1);
  expect(firstChild).toBeLessThan(projectPosts[projectPosts.length - 1]);
});
