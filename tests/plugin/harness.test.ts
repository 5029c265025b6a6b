import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runProgram, unwrapSecrets, type Captured, type ProgramRun } from "../../harness/capture";
import { installPackedPackage } from "../../harness/install";
import { StepCanceledError, StepExecutor } from "../../harness/executor";
import { pluginArgs, pluginEnv, secret, startPlugin, urn, type PluginClient, type Props } from "../../harness/plugin";
import { Checkpoint, readState, type StateResource } from "../../harness/state";

const programDir = path.join(__dirname, "..", "fixtures", "echo-program");
const ECHO = "pulumi-nodejs:dynamic/echo:Echo";

function byName(run: ProgramRun, name: string): Captured {
  const found = run.resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} in ${run.resources.map((r) => r.name).join(", ")}`);
  return found;
}

let run: ProgramRun;

beforeAll(async () => {
  run = await runProgram({
    programDir,
    config: { "echo:message": "hi", "echo:token": "s3cret" },
    secretKeys: ["echo:token"],
  });
});

describe("runProgram", () => {
  test("captures every registration, including ones made in an apply, an exported function and a bare timer", () => {
    expect(run.resources.map((r) => r.name).sort()).toEqual(["first", "fourth", "group", "second", "third"]);
    expect(byName(run, "third").type).toBe(ECHO);
  });

  test("a dynamic resource's inputs carry the provider serialized by the real closure serializer", () => {
    const provider = byName(run, "first").inputs.__provider;
    expect(typeof provider).toBe("string");
    expect(provider).toContain("exports.handler");
    expect(provider).toContain("async function /*create*/");
  });

  test("parents, dependencies, mocked ids and stack config reach the captured inputs", () => {
    const group = byName(run, "group");
    const first = byName(run, "first");
    const second = byName(run, "second");
    expect(group.custom).toBe(false);
    expect(first.parent).toBe(group.urn);
    expect(first.urn).toBe(`urn:pulumi:dev::echo-program::echo:index:Group$${ECHO}::first`);
    expect(first.inputs.message).toBe("hi");
    expect(second.dependsOn).toContain(first.urn);
    expect(second.inputs.message).toBe("after first_id");
  });

  test("a secret config value stays wrapped as a secret until unwrapSecrets", () => {
    const token = byName(run, "first").inputs.token;
    expect(token).not.toBe("s3cret");
    expect(unwrapSecrets(token)).toBe("s3cret");
  });

  test("a program that throws makes runProgram reject with the program's output", async () => {
    await expect(runProgram({ programDir, entry: "throws.ts" })).rejects.toThrow(/boom from the program/);
  });

  test("a program whose exported function never settles is reported instead of captured half-done", async () => {
    await expect(runProgram({ programDir, entry: "hangs.ts" })).rejects.toThrow(/never settled/);
  });

  test("a registration whose input never resolves is reported instead of waited on forever", async () => {
    // Newer @pulumi/pulumi also names the stuck registration; 3.139.0 does not, so only our own report is asserted.
    await expect(runProgram({ programDir, entry: "stuck.ts" })).rejects.toThrow(/never completes/);
  });
});

describe("installPackedPackage", () => {
  test("refuses a target outside the repository, where dependencies would not resolve", async () => {
    await expect(installPackedPackage(path.join(os.tmpdir(), "elsewhere"))).rejects.toThrow(/outside/);
  });
});

describe("the dynamic-provider plugin over gRPC", () => {
  const firstUrn = urn(ECHO, "first");
  let plugin: PluginClient;
  let news: Props;

  beforeAll(async () => {
    // The engine unwraps secrets before it calls the plugin, which does not accept them.
    news = unwrapSecrets(byName(run, "first").inputs) as Props;
    plugin = await startPlugin({ cwd: programDir });
    await plugin.configure({ "echo:greeting": "howdy" });
  });

  afterAll(() => plugin.close());

  test("check passes valid inputs through and reports invalid ones as property and reason", async () => {
    const ok = await plugin.check(firstUrn, {}, news);
    expect(ok).toEqual({ inputs: news, failures: [] });
    const bad = await plugin.check(firstUrn, {}, { ...news, message: 42 });
    expect(bad.failures).toEqual([{ property: "message", reason: "message must be a string" }]);
  });

  test("create answers the provider's id and outputs, with the config from configure applied", async () => {
    const created = await plugin.create(firstUrn, news);
    expect(created.id).toBe("x");
    expect(created.properties).toMatchObject({ message: "hi", token: "s3cret", greeting: "howdy, hi" });
    expect(created.properties.__provider).toBe(news.__provider);
  });

  test("read returns the state it was given when the provider reads it back unchanged", async () => {
    const state = { ...news, greeting: "howdy, hi" };
    const read = await plugin.read("x", firstUrn, state);
    expect(read).toEqual({ id: "x", properties: state, inputs: undefined });
  });

  test("diff maps the provider's answer to none, some and replaces", async () => {
    expect(await plugin.diff("x", firstUrn, news, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    expect((await plugin.diff("x", firstUrn, news, { ...news, message: "bye" })).changes).toBe("some");
    expect((await plugin.diff("x", firstUrn, news, { ...news, shape: "round" })).replaces).toEqual(["shape"]);
  });

  test("update returns the provider's new outputs", async () => {
    const updated = await plugin.update("x", firstUrn, news, { ...news, message: "bye" });
    expect(updated.properties).toMatchObject({ message: "bye", greeting: "howdy, bye" });
  });

  test("a provider error rejects the call with its message and shows up in the plugin's output", async () => {
    await expect(plugin.delete("x", firstUrn, news)).resolves.toBeUndefined();
    await expect(plugin.delete("y", urn(ECHO, "other"), news)).rejects.toMatchObject({
      message: expect.stringContaining("no echo with id y"),
      code: 2,
    });
    // The plugin writes the error to stderr around the time it answers: wait for the line, not for a fixed time.
    await outputContains(plugin, "no echo with id y");
  });

  test("close stops the plugin process and keeps its peak memory reading", async () => {
    const other = await startPlugin({ cwd: programDir });
    expect(() => process.kill(other.pid, 0)).not.toThrow();
    await other.close();
    expect(() => process.kill(other.pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    expect(other.peakRssBytes()).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe("the driver's state file", () => {
  const stateOf = (name: string, id: string): StateResource => ({
    urn: `urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::${name}`,
    type: "pulumi-nodejs:dynamic:Resource",
    custom: true,
    id,
    dependencies: [],
    inputs: { token: secret("s3cret") },
    outputs: { token: secret("s3cret") },
  });
  let dir: string;
  beforeEach(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "checkpoint-"));
  });
  afterEach(() => fs.promises.rm(dir, { recursive: true, force: true }));

  test("a run killed after some steps keeps them: the next load replays the journal", () => {
    const file = path.join(dir, "state.json");
    const run = new Checkpoint(file);
    run.save([stateOf("a", "1")]);
    run.record([{ put: stateOf("b", "2") }]);
    run.record([{ put: { ...stateOf("a", "1"), delete: true }, at: { urn: stateOf("a", "1").urn } }, { put: stateOf("a", "3") }]);
    run.record([{ remove: { urn: stateOf("a", "1").urn, delete: true } }]);
    // The process dies here: no save. The next run starts from the file and the journal.
    const next = new Checkpoint(file).load();
    expect(next.map((r) => `${r.urn.split("::").pop()}=${r.id}`)).toEqual(["b=2", "a=3"]);
    expect(next[0].outputs.token).toEqual(secret("s3cret"));
    new Checkpoint(file).save(next);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    expect(readState(file)).toHaveLength(2);
  });

  test("secrets are stored encrypted, and an unchanged secret keeps its ciphertext from save to save", () => {
    const file = path.join(dir, "state.json");
    new Checkpoint(file).save([stateOf("a", "1")]);
    const first = fs.readFileSync(file, "utf8");
    expect(first).not.toContain("s3cret");
    const again = new Checkpoint(file);
    again.save(again.load());
    expect(fs.readFileSync(file, "utf8")).toBe(first);
    expect(() => new Checkpoint(file, "another passphrase").load()).toThrow();
  });
});

describe("how the plugin is started", () => {
  test("log flags go before the engine address, as the CLI passes them with -v", () => {
    expect(pluginArgs({ engineAddress: "127.0.0.1:7" })).toEqual(["127.0.0.1:7"]);
    expect(pluginArgs({ engineAddress: "127.0.0.1:7", logFlags: true })).toEqual(["--logtostderr", "-v=9", "127.0.0.1:7"]);
  });

  test("the plugin's environment names the project and holds only its own package's config", () => {
    const env = pluginEnv({ PATH: "/bin" }, { project: "p", config: { "openai:adminKey": "k", "pulumi-nodejs:x": "1" } });
    expect(env).toEqual({ PATH: "/bin", PULUMI_NODEJS_PROJECT: "p", PULUMI_PROJECT: "p", PULUMI_CONFIG: '{"x":"1"}' });
  });
});

describe("the step executor", () => {
  test("runs at most `parallel` steps at once, and after a failure starts no new one while running ones finish", async () => {
    const exec = new StepExecutor(2);
    const gates: Array<() => void> = [];
    const started: string[] = [];
    const step = (name: string, fail = false) =>
      exec.step(
        () =>
          new Promise<string>((resolve, reject) => {
            started.push(name);
            gates.push(() => (fail ? reject(new Error(`${name} failed`)) : resolve(name)));
          }),
      );
    const a = step("a");
    const b = step("b", true);
    const c = step("c");
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(["a", "b"]);
    gates[1]();
    await expect(b).rejects.toThrow("b failed");
    await expect(c).rejects.toBeInstanceOf(StepCanceledError);
    expect(started).toEqual(["a", "b"]);
    gates[0]();
    await expect(a).resolves.toBe("a");
    expect(exec.peak).toBe(2);
  });
});

/** Resolves once the plugin's output holds `text`; fails after a few seconds, showing the output. */
async function outputContains(p: { output(): string }, text: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!p.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`plugin output never held ${JSON.stringify(text)}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
