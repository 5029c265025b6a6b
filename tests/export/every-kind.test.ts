/**
 * Issue 22: an org holding every kind the package manages, with hostile names, exported and adopted through the
 * plugin driver (the fast stand-in for the engine; tests/engine/export.test.ts runs the YAML export through the
 * real CLI). Adoption must be reads only, and the up after it must make no call at all.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { up } from "../../harness/driver";
import { installPackedPackage, repoRoot } from "../../harness/install";
import { HOSTILE, supplySecretFiles, writeOrgState, type Seeded } from "../../harness/org-state";

const run = promisify(execFile);
// Obviously fake.
const KEY = "sk-admin-fake.every-kind.key.4c1d";
const work = path.join(repoRoot(), ".e2e", "export-every-kind");
const programDir = path.join(work, "program");
const stateFile = path.join(work, "pulumi-state.json");
const cli = path.join(repoRoot(), "dist", "export", "cli.js");

// The names that test adoption hardest (escapes, line and paragraph separators, control characters, outer spaces,
// the longest name, a CommonJS name, two names that clash as identifiers); names.test.ts takes the whole list
// through both program formats, and each project here brings 23 objects or more through adoption.
const NAMES = HOSTILE.filter((n) => /["\\$\n\u0000\u2028]|^ |^(module|x-1|x1)$/.test(n) || n.length >= 255);

let emu: Emulator;
let ctl: EmulatorControl;
let seeded: Seeded;

beforeAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  seeded = writeOrgState(path.join(work, "org.json"), { projects: NAMES.length, users: 6, name: (i) => NAMES[i] });
  emu = await startEmulator({ adminKey: KEY, seed: 29, stateFile: path.join(work, "org.json") });
  ctl = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());

const env = () => ({ ...process.env, OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emu.url, OPENAI_ORG_ID: undefined });
const writes = async () => (await ctl.calls()).filter((c) => !c.startsWith("GET "));

describe("openai-admin-export of every kind", () => {
  let resources = 0;

  test("writes every kind, says what it left out and why, and reads only", async () => {
    await ctl.clearRequests();
    const { stdout } = await run(process.execPath, [cli, "--out", programDir], { env: env() });
    expect(await writes()).toEqual([]);
    const n = NAMES.length;
    // The seed sets hosted tools on even projects and service tiers on every third from the second (org-state.ts).
    const hosted = Math.ceil(n / 2);
    const tiers = Math.floor((n + 1) / 3);
    expect(stdout).toContain(
      `: 1 OrganizationDataRetention, 1 OrganizationSpendLimit, 1 OrganizationSpendAlert, 6 OrganizationUser, 2 Group, 4 GroupMember, ` +
        `1 OrganizationRole, 2 OrganizationRoleAssignment, 1 AdminApiKey, 1 ExternalKey, ${n + 1} Project, ${n} ProjectModelPermissions, ${n} DataRetention, ` +
        `${n} ProjectSpendLimit, ${2 * n} SpendAlert, ${8 * (n + 1)} ProjectRateLimit, ${2 * n} ProjectUser, ${n} ProjectServiceAccount, ` +
        `0 ProjectGroup, ${n} ProjectRole, ${2 * n} ProjectRoleAssignment, ${hosted} ProjectHostedToolPermissions, ${tiers} ProjectServiceTierSettings, ` +
        `1 ExternalStorage, 1 Certificate, 2 WorkloadIdentityProvider, 1 FederationRule, 1 Invite; left out: 2 predefined organization roles (managed by OpenAI), ` +
        `1 admin keys (they have no name, and the AdminApiKey resource needs one), 1 archived projects (they can never be changed again`,
    );
    expect(stdout).toContain(`${2 * (n + 1)} predefined project roles (managed by OpenAI)`);
    expect(stdout).toContain(`${n} project groups (written as comments) (the API never shows which role a group was given)`);
    expect(stdout).toContain("1 accepted or expired invites (nothing is left to manage");
    expect(stdout).toContain("service account and admin key values (OpenAI shows a key once: apiKey stays null)");
    expect(stdout).toContain("1 certificate bodies (a secret: each Certificate reads its PEM from certificates/<name>.pem, which you put there)");
    const index = fs.readFileSync(path.join(programDir, "index.ts"), "utf8");
    resources = (index.match(/^(const \w+ = )?new openai\./gm) ?? []).length;
    expect(resources).toBe(seeded.objects);
    // Children point at their parents' outputs, never at a literal id of something the program declares.
    for (const id of [...seeded.projectIds, ...seeded.userIds, ...seeded.groupIds, ...seeded.accountIds, ...seeded.providerIds, "ekey_1"]) {
      expect(index.split("\n").filter((l) => l.includes(`"${id}"`) && !l.includes(`{ import: "${id}`) && !l.startsWith("//"))).toEqual([]);
    }
    // The certificate's body is a secret: the program reads it from a file the user supplies, and never holds it.
    const pem = fs.readFileSync(path.join(repoRoot(), "tests", "fixtures", "certificates", "trust-anchor-a.pem"), "utf8");
    expect(index).not.toContain(pem.split("\n")[1]);
    expect(index).toMatch(/new openai\.Certificate\("certificate-end-comment-start", \{ name: "end \*\/ comment \/\* start", content: secretFile\("certificates\/certificate-end-comment-start\.pem"\), active: true, projectIds: \[\w+\.projectId\] \}/);
    expect(index).toContain('attributeMatchers: { sub: "repo:acme/app:ref:refs/heads/main", "claims.job-ref": "${globalThis.pwned = 1}", run_attempt: 1 }');
  });

  test("the first up adopts every object with zero writes; the second makes zero calls; an edit updates in place", async () => {
    await installPackedPackage(programDir);
    expect(supplySecretFiles(programDir)).toEqual(["certificates/certificate-end-comment-start.pem"]);
    const before = await ctl.org();
    await ctl.clearRequests();
    const first = await up({ programDir, stateFile, env: env(), timeoutMs: 170_000 });
    expect(first.summary).toEqual({ created: resources, updated: 0, replaced: 0, deleted: 0, unchanged: 0 });
    expect(await writes()).toEqual([]);
    expect(await ctl.org()).toEqual(before);

    await ctl.clearRequests();
    const second = await up({ programDir, stateFile, env: env() });
    expect(second.summary).toMatchObject({ created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: resources });
    expect(await ctl.calls()).toEqual([]);

    // The adopted program is the program from now on: an edit of one alert is one write, in place.
    const index = path.join(programDir, "index.ts");
    const text = fs.readFileSync(index, "utf8");
    const threshold = /thresholdAmount: (\d+),/.exec(text)!;
    fs.writeFileSync(index, text.replace(threshold[0], `thresholdAmount: ${Number(threshold[1]) + 1},`));
    const edited = await up({ programDir, stateFile, env: env() });
    expect(edited.summary).toMatchObject({ created: 0, updated: 1, replaced: 0, deleted: 0 });
    expect(await writes()).toEqual([expect.stringMatching(/^POST \/organization\/(projects\/proj_\w+\/)?spend_alerts\/\w+$/)]);
  }, 240_000);

  test("a program edited after the export fails adoption naming the field and both values, and writes nothing", async () => {
    const edited = path.join(work, "edited");
    await run(process.execPath, [cli, "--out", edited], { env: env() });
    const index = path.join(edited, "index.ts");
    fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace('{ name: "group 1" }', '{ name: "group one" }'));
    fs.cpSync(path.join(programDir, "node_modules"), path.join(edited, "node_modules"), { recursive: true });
    supplySecretFiles(edited);
    await ctl.clearRequests();
    const failed = await up({ programDir: edited, stateFile: path.join(work, "edited-state.json"), env: env() }).catch((e: Error) => e);
    expect(String(failed)).toMatch(/OpenAI Group \(group "group one"\): cannot adopt "group_\w+": the program differs from it, so nothing was changed\..*name: the program says "group one", the organization has "group 1"/s);
    expect(await writes()).toEqual([]);
  }, 120_000);
});
