import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import OpenAI from "openai";
import { startEmulator, EmulatorControl, type Emulator } from "../../emulator";
import { repoRoot } from "../../harness/install";

const run = promisify(execFile);
// Obviously fake, and shaped so that a search for it cannot be fooled by a partial match.
const KEY = "sk-admin-fake.export.key.9e2b";
const work = path.join(repoRoot(), ".e2e", "export");
const programDir = path.join(work, "org-program");
const cli = path.join(repoRoot(), "dist", "export", "cli.js");

let emu: Emulator;
let ctl: EmulatorControl;

beforeAll(async () => {
  emu = await startEmulator({ adminKey: KEY, seed: 23 });
  ctl = new EmulatorControl(emu.url);
  fs.rmSync(work, { recursive: true, force: true });
});
afterAll(() => emu.close());

const env = () => ({ ...process.env, OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url, OPENAI_ORG_ID: undefined });

/** Builds the org with the official SDK: 8 projects (two share a name) with policies, retention and alerts, 6 pending invites. */
async function buildOrg(): Promise<void> {
  const org = new OpenAI({ adminAPIKey: KEY, baseURL: emu.url, maxRetries: 0, organization: null }).admin.organization;
  const names = Array.from({ length: 8 }, (_, i) => (i === 6 || i === 7 ? "Search Relevance" : i === 3 ? "R&D / EU" : `team ${i}`));
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const p = await org.projects.create({ name, ...(i === 5 ? { residency: "EU_STORAGE_PROCESSING" as const } : {}) });
    ids.push(p.id);
    await org.projects.modelPermissions.update(p.id, { mode: i % 2 ? "deny_list" : "allow_list", model_ids: ["gpt-4.1-mini", "gpt-4.1"] });
    await org.projects.dataRetention.update(p.id, { retention_type: i % 3 ? "zero_data_retention" : "none" });
    for (const threshold of [10_000 + i, 50_000 + i]) {
      await org.projects.spendAlerts.create(p.id, {
        threshold_amount: threshold,
        currency: "USD",
        interval: "month",
        notification_channel: { type: "email", recipients: [`finops+${i}@example.com`], ...(threshold >= 50_000 ? { subject_prefix: `[${name}]` } : {}) },
      });
    }
  }
  for (let i = 0; i < 6; i++) {
    await org.invites.create({ email: `person${i}@example.com`, role: i % 4 ? "reader" : "owner", projects: i % 2 ? [{ id: ids[i], role: "member" }] : [] });
  }
  // An archived project is not exported as a resource.
  const gone = await org.projects.create({ name: "gone" });
  await org.projects.archive(gone.id);
}

describe("openai-admin-export", () => {
  let exported: { stdout: string; stderr: string };

  test("writes the org as a program, with progress on stderr, one summary line on stdout and never the key", async () => {
    await buildOrg();
    await ctl.clearRequests();
    exported = await run(process.execPath, [cli, "--out", programDir], { env: env() });
    expect(exported.stdout).toMatch(
      /^openai-admin-export: wrote \S+index\.ts: 0 OrganizationDataRetention, 0 OrganizationSpendLimit, 0 OrganizationSpendAlert, 1 OrganizationUser, .*, 9 Project, 8 ProjectModelPermissions, 8 DataRetention, 0 ProjectSpendLimit, 16 SpendAlert, 72 ProjectRateLimit, .*, 6 Invite; left out: .*1 archived projects .*; (\d+) API calls in [\d.]+ s\n$/,
    );
    expect(exported.stderr).toContain("read 9/9 projects");
    expect((await ctl.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect(await ctl.requests()).toHaveLength(Number(/; (\d+) API calls/.exec(exported.stdout)![1]));
    const files = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"];
    expect(fs.readdirSync(programDir).sort()).toEqual([...files].sort());
    for (const text of [exported.stdout, exported.stderr, ...files.map((f) => fs.readFileSync(path.join(programDir, f), "utf8"))]) {
      expect(text).not.toContain(KEY);
    }
    const index = fs.readFileSync(path.join(programDir, "index.ts"), "utf8");
    // Readable, deduplicated names; children refer to their project's output, never to a literal id.
    expect(index).toContain('const searchRelevance = new openai.Project("search-relevance", { name: "Search Relevance" }, { import: "proj_');
    expect(index).toContain('const searchRelevance2 = new openai.Project("search-relevance-2"');
    expect(index).toContain('const rDEu = new openai.Project("r-d-eu", { name: "R&D / EU" }');
    expect(index).toContain('residency: "EU_STORAGE_PROCESSING"');
    expect(index).toMatch(
      /new openai\.SpendAlert\("team-0-alert-50000", \{ projectId: team0\.projectId, thresholdAmount: 50000, notificationChannel: \{ recipients: \["finops\+0@example\.com"\], subjectPrefix: "\[team 0\]" \} \}, \{ import: "proj_\w+\/\w+" \}\); \/\/ \$500\.00\n/,
    );
    expect(index).toMatch(/new openai\.Invite\("invite-person1-example-com", \{ email: "person1@example\.com", role: "reader", projects: \[\{ id: team1\.projectId, role: "member" \}\] \}, \{ import: "invite-\w+" \}\);/);
    expect(index).not.toContain("gone");
  });

  test("--include-archived lists archived projects as a comment, never as resources", async () => {
    const dir = path.join(work, "with-archived");
    const { stdout } = await run(process.execPath, [cli, "--out", dir, "--include-archived"], { env: env() });
    expect(stdout).toContain("1 archived projects (they can never be changed again; --include-archived lists them in a comment)");
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    expect(index).toMatch(/\/\/ Archived projects \(they can never be changed again, so they are not managed\):\n\/\/ {3}"gone" "proj_\w+"\n$/);
    expect(index.match(/new openai\.Project\(/g)).toHaveLength(9);
  });

  test("refuses to overwrite a program and fails clearly, without the key, when the key is refused", async () => {
    const again = await run(process.execPath, [cli, "--out", programDir], { env: env() }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("already holds Pulumi.yaml, package.json, tsconfig.json, index.ts") });
    const refused = await run(process.execPath, [cli, "--out", path.join(work, "other")], { env: { ...env(), OPENAI_ADMIN_KEY: "sk-admin-fake.wrong.key.0000" } }).catch(
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: expect.stringContaining("HTTP 401") });
    expect(JSON.stringify(refused)).not.toContain("sk-admin-fake.wrong.key.0000");
  });
});
