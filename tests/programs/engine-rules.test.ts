import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../harness/capture";
import { destroy, readState, refresh, up, type DriverOptions, type StateResource } from "../../harness/driver";
import { installProgram } from "../../harness/install";
import { startPlugin } from "../../harness/plugin";
import { plain } from "../../harness/state";
import { engineAddress } from "../../provider/warn";
import { engineLogServer } from "../support/engine-log";
import { withoutOpenAISettings } from "../../harness/env";

// Obviously fake keys: the one of the first up, and the one it is rotated to.
const KEY_A = "sk-admin-fake.engine.key.a";
const KEY_B = "sk-admin-fake.engine.key.b";

let programDir: string;
let dir: string;
let emu: Emulator;
let orgFile: string;
let ctl: EmulatorControl;

// The key must reach the provider through stack config alone.
const env = withoutOpenAISettings();

function options(stateFile: string, key: string, extra: Partial<DriverOptions> = {}): DriverOptions {
  return { programDir, stateFile, env, config: { "openai:adminKey": key, "openai:baseUrl": emu.url }, secretKeys: ["openai:adminKey"], ...extra };
}

const byName = (resources: StateResource[], name: string) => {
  const found = resources.find((r) => r.urn.endsWith(`::${name}`));
  if (!found) throw new Error(`no ${name}`);
  return found;
};

beforeAll(async () => {
  programDir = await installProgram(path.join(__dirname, "..", "fixtures", "engine-program"), "engine-rules");
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "engine-rules-"));
});

beforeEach(async () => {
  orgFile = path.join(dir, `org-${Date.now()}.json`);
  emu = await startEmulator({ adminKey: KEY_A, seed: 3, stateFile: orgFile });
  ctl = new EmulatorControl(emu.url);
});

afterEach(() => emu.close());
afterAll(() => fs.promises.rm(dir, { recursive: true, force: true }));

// What the real engine judges (tests/engine: --replace of every resource, the import option, the key never in plain
// text in any state file) is not repeated here; these are the rules the stand-in's users still lean on.
describe("our resources under the engine's rules", () => {
  test("the diff asks to delete first for projects and invites, which the API makes anew, not for the objects keyed by their project", async () => {
    const stateFile = path.join(dir, "diff.json");
    const made = await up(options(stateFile, KEY_A));
    const plugin = await startPlugin({ cwd: programDir, env });
    try {
      await plugin.configure({ "openai:adminKey": KEY_A, "openai:baseUrl": emu.url }, ["openai:adminKey"]);
      const replaced: Record<string, [string, unknown]> = { team: ["residency", "EU_STORAGE_PROCESSING"], models: ["projectId", "proj_other"], retention: ["projectId", "proj_other"], invite: ["role", "owner"] };
      const answers: Record<string, unknown> = {};
      for (const [name, [key, value]] of Object.entries(replaced)) {
        const r = byName(made.resources, name);
        const diff = await plugin.diff(r.id ?? "", r.urn, plain(r.outputs), { ...plain(r.inputs), [key]: value }, plain(r.inputs));
        expect(diff.replaces).toEqual([key]);
        answers[name] = diff.deleteBeforeReplace;
      }
      expect(answers).toEqual({ team: true, models: false, retention: false, invite: true });
    } finally {
      await plugin.close();
    }
    await destroy(options(stateFile, KEY_A));
  });

  test("a plain-text openai:adminKey is refused before any resource, naming the fix", async () => {
    const run = runProgram({ programDir, env, config: { "openai:adminKey": KEY_A, "openai:baseUrl": emu.url } });
    await expect(run).rejects.toThrow(/openai:adminKey is set in plain text.*pulumi config set --secret openai:adminKey/s);
    await expect(run).rejects.not.toThrow(KEY_A);
    await expect(runProgram({ programDir, env, config: { "openai:adminKey": KEY_A }, secretKeys: ["openai:adminKey"] })).resolves.toBeDefined();
  });

  test("after a key rotation, refresh and destroy use the key from the last up and say what to do; an up with the new key mends it", async () => {
    const stateFile = path.join(dir, "rotation.json");
    await up(options(stateFile, KEY_A));
    // Rotate: the org now takes only key B, and the stack config holds B.
    const port = Number(new URL(emu.url).port);
    await emu.close();
    emu = await startEmulator({ adminKey: KEY_B, port, seed: 3, stateFile: orgFile });
    const refused = refresh(options(stateFile, KEY_B)).catch((e: Error) => e);
    const err = (await refused) as Error & { output?: string };
    expect(err.message).toMatch(/admin key was refused/);
    expect(err.message).toMatch(/`pulumi refresh` and `pulumi destroy` use the key saved in the state by the last `pulumi up`, so run `pulumi up` with the new key first/);
    expect(`${err.message}${err.output}`).not.toContain(KEY_A);
    await expect(destroy(options(stateFile, KEY_B))).rejects.toThrow(/use the key saved in the state by the last `pulumi up`/);
    // The state is as it was: nothing was deleted with the wrong key.
    expect(readState(stateFile).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))).toHaveLength(4);
    await up(options(stateFile, KEY_B));
    await expect(refresh(options(stateFile, KEY_B))).resolves.toMatchObject({ summary: { deleted: 0 } });
    await expect(destroy(options(stateFile, KEY_B))).resolves.toMatchObject({ summary: { deleted: 4 } });
  });
});

describe("the provider's warnings reach the engine log", () => {
  test("the engine address is the first argument that is not a log flag", () => {
    expect(engineAddress(["127.0.0.1:5000"])).toBe("127.0.0.1:5000");
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:5000"])).toBe("127.0.0.1:5000");
    expect(engineAddress(["--tracing", "http://127.0.0.1:9411", "-v=3", "localhost:7"])).toBe("localhost:7");
    expect(engineAddress(["--logtostderr"])).toBeUndefined();
  });

  test.each([false, true])("an accepted invite's warning reaches the engine with log flags %s", async (logFlags) => {
    const engine = await engineLogServer();
    try {
      const stateFile = path.join(dir, `warn-${logFlags}.json`);
      const made = await up(options(stateFile, KEY_A));
      await ctl.acceptInvite(String(byName(made.resources, "invite").id));
      await refresh(options(stateFile, KEY_A));
      await destroy(options(stateFile, KEY_A, { logFlags, engineAddress: engine.address }));
      expect(engine.logs).toContainEqual({ severity: "warning", message: expect.stringMatching(/was accepted, so it cannot be deleted/) });
    } finally {
      await engine.close();
    }
  });
});
