/**
 * Issue 22: the export's flags and messages (it reads only the environment and its flags, so every hint names
 * those), and its all-or-nothing write of the program's files.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as net from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { repoRoot } from "../../harness/install";
import { explain } from "../../export/credentials";
import { writeProgram } from "../../export/write";
import { errorFromStatus } from "../../provider/client";
import { withoutOpenAISettings } from "../../harness/env";

const run = promisify(execFile);
// Obviously fake.
const KEY = "sk-admin-fake.export-cli.key.77aa";
const cli = path.join(repoRoot(), "dist", "export", "cli.js");

let emu: Emulator;
let ctl: EmulatorControl;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 3 });
  ctl = new EmulatorControl(emu.url);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "openai-admin-export-cli-"));
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Ran = { code: number; stdout: string; stderr: string };
const exportWith = (args: string[], env: Record<string, string | undefined>): Promise<Ran> => {
  // Only what the test sets: an OPENAI_* variable of the machine running the tests must not leak in.
  const base = withoutOpenAISettings();
  return run(process.execPath, [cli, ...args], { env: { ...base, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: Ran) => e,
  );
};

describe("openai-admin-export's flags and messages", () => {
  test("without a key it says to set OPENAI_ADMIN_KEY, and that stack config is not read", async () => {
    const r = await exportWith(["--out", path.join(dir, "a")], { OPENAI_BASE_URL: emu.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no OpenAI admin key: set the OPENAI_ADMIN_KEY environment variable .*; the export does not read `pulumi config`/);
    expect(r.stderr).not.toMatch(/pulumi config set/);
  });

  test("a refused key (401) and a key that may not read (403) get the provider's advice, in the export's settings", async () => {
    const refused = await exportWith(["--out", path.join(dir, "b")], { OPENAI_ADMIN_KEY: "sk-admin-fake.wrong.key.0000", OPENAI_BASE_URL: emu.url });
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/HTTP 401.*The admin key was refused \(it came from OPENAI_ADMIN_KEY\): set OPENAI_ADMIN_KEY to an organization admin key \(a project API key will not do\)/s);
    expect(JSON.stringify(refused)).not.toContain("sk-admin-fake.wrong.key.0000");

    // The emulator has no way to answer 403; the client's own factory makes the error the API's 403 would give.
    const forbidden = errorFromStatus({ method: "GET", path: "/organization/projects" }, 403, { message: "Not an owner", type: "invalid_request_error" }, "req_1", false);
    expect(explain(forbidden, {})).toMatch(/403.*Not an owner.*\. The admin key may not do this: use an admin key of an organization owner, and check OPENAI_ORG_ID\.$/s);
  });

  test("nothing listening at the base URL: the advice names --base-url and OPENAI_BASE_URL, not the provider's stack setting", async () => {
    // A port this machine just freed: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const r = await exportWith(["--out", path.join(dir, "refused")], { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing listens there; tried \d+ times .*Check the base URL \(--base-url or OPENAI_BASE_URL\)/s);
    expect(r.stderr).not.toContain("openai:baseUrl");
  });

  test("an OPENAI_BASE_URL beyond OpenAI and this machine is refused naming what the export reads; --base-url overrides it", async () => {
    const proxy = await exportWith(["--out", path.join(dir, "d")], { OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: "https://llm-proxy.example.com/v1" });
    expect(proxy.code).toBe(1);
    expect(proxy.stderr).toMatch(/OPENAI_BASE_URL names a host that is neither OpenAI's API nor this machine.*name it explicitly: openai-admin-export --base-url <url>/s);
    expect(proxy.stderr).not.toMatch(/pulumi config/);
    await ctl.clearRequests();
    const flagged = await exportWith(["--out", path.join(dir, "e"), "--base-url", emu.url], { OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: "https://llm-proxy.example.com/v1" });
    expect(flagged).toMatchObject({ code: 0, stdout: expect.stringMatching(/^openai-admin-export: wrote .*index\.ts: /) });
    expect((await ctl.calls()).length).toBeGreaterThan(0);
    const insecure = await exportWith(["--out", path.join(dir, "f"), "--base-url", "http://10.1.2.3/v1"], { OPENAI_ADMIN_KEY: KEY });
    expect(insecure.stderr).toMatch(/--base-url uses plain http:\/\/ .* set OPENAI_ADMIN_ALLOW_INSECURE_HTTP=1/);
    expect(insecure.stderr).not.toMatch(/pulumi config/);
  });

  test("--format yaml writes Pulumi.yaml for the YAML runtime with the plugin by path, and package.json", async () => {
    const out = path.join(dir, "yaml");
    const r = await exportWith(["--out", out, "--format", "yaml"], { OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/wrote \S+Pulumi\.yaml: /) });
    expect(fs.readdirSync(out).sort()).toEqual(["Pulumi.yaml", "package.json"]);
    const text = fs.readFileSync(path.join(out, "Pulumi.yaml"), "utf8");
    expect(text).toContain("runtime: yaml\n");
    expect(text).toContain("plugins:\n  providers:\n    - name: openai\n      path: node_modules/pulumi-openai-admin/provider-plugin\n");
    expect(text).toMatch(/ {2}default-project:\n {4}type: openai:index:Project\n {4}properties:\n {6}name: "Default project"\n {4}options:\n {6}import: "proj_\w+"\n/);
    // A folder holding a program, either kind, is refused.
    const again = await exportWith(["--out", out], { OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url });
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("already holds Pulumi.yaml, package.json; choose an empty directory") });
    expect((await exportWith(["--out", out, "--format", "json"], {})).stderr).toContain("--format must be typescript or yaml");
  });
});

describe("writeProgram", () => {
  test("a write that fails half-way leaves no program file, no half-written index.ts and no temp file", () => {
    const out = path.join(dir, "interrupted");
    // The disk fills up during index.ts: part of it reaches the file, then the write fails.
    const failing = {
      ...fs,
      writeFileSync: (file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView) => {
        if (!String(file).includes("index.ts")) return fs.writeFileSync(file, data);
        fs.writeFileSync(file, String(data).slice(0, 10));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
    };
    expect(() => writeProgram(out, { "Pulumi.yaml": "name: x\n", "package.json": "{}\n", "index.ts": "x".repeat(1000), "tsconfig.json": "{}\n" }, failing)).toThrow("ENOSPC");
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("a write that succeeds places every file whole", () => {
    const out = path.join(dir, "whole");
    writeProgram(out, { "Pulumi.yaml": "name: x\n", "index.ts": "x".repeat(1000) });
    expect(fs.readdirSync(out).sort()).toEqual(["Pulumi.yaml", "index.ts"]);
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toHaveLength(1000);
  });
});
