import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { api, control } from "./helpers";

describe("emulator state file", () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    file = path.join(dir, "org.json");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the whole org across a restart with the same file, and new ids do not collide with saved ones", async () => {
    const first = await startEmulator({ stateFile: file, seed: 3 });
    const { body: project } = await api(first, "POST", "/organization/projects", { body: { name: "kept" } });
    await api(first, "POST", `/organization/projects/${project.id}/model_permissions`, { body: { mode: "allow_list", model_ids: ["gpt-4o"] } });
    await api(first, "POST", `/organization/projects/${project.id}/spend_alerts`, {
      body: { threshold_amount: 100, currency: "USD", interval: "month", notification_channel: { type: "email", recipients: ["x@example.com"] } },
    });
    await api(first, "POST", `/organization/projects/${project.id}/data_retention`, { body: { retention_type: "none" } });
    const { body: invite } = await api(first, "POST", "/organization/invites", { body: { email: "i@example.com", role: "reader" } });
    await control(first, "POST", `/invites/${invite.id}/accept`);
    const saved = (await control(first, "GET", "/org")).body;
    await first.close();

    const second = await startEmulator({ stateFile: file, seed: 3 });
    try {
      expect((await control(second, "GET", "/org")).body).toEqual(saved);
      expect((await api(second, "GET", `/organization/projects/${project.id}`)).body).toEqual(project);
      const { body: another } = await api(second, "POST", "/organization/projects", { body: { name: "after restart" } });
      expect(saved.projects.map((p: { id: string }) => p.id)).not.toContain(another.id);
    } finally {
      await second.close();
    }
  });

  it("writes the file atomically: each save renames a fresh file into place and leaves no temp file behind", async () => {
    const emu = await startEmulator({ stateFile: file });
    try {
      const before = fs.statSync(file).ino;
      await api(emu, "POST", "/organization/projects", { body: { name: "one" } });
      const after = fs.statSync(file).ino;
      // Rewriting in place would keep the inode; rename puts the temp file's inode there.
      expect(after).not.toBe(before);
      expect(fs.readdirSync(dir)).toEqual(["org.json"]);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).projects.map((p: { name: string }) => p.name)).toEqual(["Default project", "one"]);
    } finally {
      await emu.close();
    }
  });

  it("keeps memory and disk in agreement when a write fails: the change is refused with 500 and not applied (issue 10 #22)", async () => {
    const emu = await startEmulator({ stateFile: file });
    // The emulator writes `<file>.<pid>.tmp` then renames it; a directory in that place makes the write fail, even for root.
    const blocker = `${file}.${process.pid}.tmp`;
    try {
      const { body: kept } = await api(emu, "POST", "/organization/projects", { body: { name: "kept" } });
      fs.mkdirSync(blocker);
      const failed = await api(emu, "POST", "/organization/projects", { body: { name: "lost" } });
      expect([failed.status, failed.body.error.type]).toEqual([500, "server_error"]);
      expect(failed.body.error.message).toContain("could not write its state file, so the change was not applied");
      const renamed = await api(emu, "POST", `/organization/projects/${kept.id}`, { body: { name: "renamed" } });
      expect(renamed.status).toBe(500);
      expect((await control(emu, "POST", "/reset")).status).toBe(500);

      const names = (await control(emu, "GET", "/org")).body.projects.map((p: { name: string }) => p.name);
      expect(names).toEqual(["Default project", "kept"]);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).projects.map((p: { name: string }) => p.name)).toEqual(names);

      fs.rmdirSync(blocker);
      expect((await api(emu, "POST", "/organization/projects", { body: { name: "after" } })).status).toBe(200);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).projects.map((p: { name: string }) => p.name)).toEqual(["Default project", "kept", "after"]);
    } finally {
      fs.rmSync(blocker, { recursive: true, force: true });
      await emu.close();
    }
  });

  it("leaves a project untouched when an update is refused halfway through its fields", async () => {
    const emu = await startEmulator();
    try {
      const { body: project } = await api(emu, "POST", "/organization/projects", { body: { name: "before" } });
      const refused = await api(emu, "POST", `/organization/projects/${project.id}`, { body: { name: "after", external_key_id: 7 } });
      expect([refused.status, refused.body.error.param]).toEqual([400, "external_key_id"]);
      expect((await api(emu, "GET", `/organization/projects/${project.id}`)).body.name).toBe("before");
    } finally {
      await emu.close();
    }
  });

  it("refuses a state file that is not JSON, naming the file, and leaves it byte-for-byte unchanged", async () => {
    const corrupt = Buffer.from('{"projects": [ \u0000 truncated');
    fs.writeFileSync(file, corrupt);
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(`Refusing to use emulator state file ${file}: it is not valid JSON`);
    expect(fs.readFileSync(file).equals(corrupt)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["org.json"]);
  });

  it("refuses JSON of the wrong shape the same way, saying which field is wrong", async () => {
    const wrong = JSON.stringify({ defaultProjectId: "proj_x", projects: [{ id: 7 }], modelPermissions: {}, spendAlerts: {}, dataRetention: {}, invites: [] });
    fs.writeFileSync(file, wrong);
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(
      new RegExp(`^Refusing to use emulator state file ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: it does not hold an emulator org \\(projects\\.0\\.id: `),
    );
    expect(fs.readFileSync(file, "utf8")).toBe(wrong);
  });
});
