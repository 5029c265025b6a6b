import * as path from "node:path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../harness/capture";
import { withoutOpenAISettings } from "../../harness/env";

// Obviously fake.
const KEY = "sk-admin-fake.reads.key.0c4d";

let emu: Emulator;
let ctl: EmulatorControl;

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 19 });
  ctl = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());

describe("read functions in a program", () => {
  test("take the admin key and endpoint from the program's stack config, never the environment, and return plain data", async () => {
    await ctl.addUser({ email: "ada@example.com", name: "Ada" });
    const api = (p: string, body: unknown) =>
      fetch(`${emu.url}${p}`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );
    const project = await api("/organization/projects", { name: "reads" });
    const bot = await api(`/organization/projects/${project.id}/service_accounts`, { name: "ci" });
    const nov1 = Date.parse("2026-11-01T00:00:00Z") / 1000;
    await ctl.clearUsage();
    await ctl.recordUsage({ kind: "embeddings", at: nov1 + 86400, project_id: String(project.id), model: "text-embedding-3-small", input_tokens: 1_000_000, num_model_requests: 2 });
    await ctl.clearRequests();

    const run = await runProgram({
      programDir: path.join(__dirname, "..", "fixtures", "reads-program"),
      config: { "openai:adminKey": KEY, "openai:baseUrl": emu.url, "reads-program:projectId": String(project.id) },
      secretKeys: ["openai:adminKey"],
      env: withoutOpenAISettings(),
    });
    const reads = JSON.parse(/^READS (.*)$/m.exec(run.output)![1]);
    expect(reads.users).toEqual([expect.objectContaining({ email: "ada@example.com", name: "Ada" })]);
    expect(reads.keys).toEqual([expect.objectContaining({ ownerType: "service_account", ownerId: bot.id, redactedValue: expect.stringMatching(/^sk-svcacct-\.\.\./) })]);
    expect(reads.adminKeys).toEqual([]);
    expect(reads.logs.map((e: { type: string }) => e.type)).toEqual(["api_key.created", "service_account.created"]);
    expect(reads.usage.map((b: { results: unknown[] }) => b.results)).toEqual([[], [expect.objectContaining({ projectId: project.id, inputTokens: 1_000_000, numModelRequests: 2 })]]);
    expect(reads.costs[1].results).toEqual([expect.objectContaining({ lineItem: "text-embedding-3-small, input", amount: 0.02, quantityUnit: "tokens" })]);
    expect((await ctl.calls()).sort()).toEqual(
      [
        "GET /organization/users",
        `GET /organization/projects/${project.id}/api_keys`,
        "GET /organization/admin_api_keys",
        "GET /organization/audit_logs",
        "GET /organization/usage/embeddings",
        "GET /organization/costs",
      ].sort(),
    );
    expect(run.output).not.toContain(KEY);
    expect(run.output).not.toContain(String((bot.api_key as { value: string }).value));
  });
});
