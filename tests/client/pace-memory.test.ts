import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AdminClient, PaceFileMemory, paceFilePath, projects } from "../../provider/client";
import { startEmulator } from "../../emulator";
import { repoRoot } from "../../harness/install";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "openai-admin-paces-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const E = "GET /organization/projects/{}/rate_limits";

describe("the pace file", () => {
  test("is OPENAI_ADMIN_PACE_FILE, none when it is off, else under the cache directory", () => {
    expect(paceFilePath({ OPENAI_ADMIN_PACE_FILE: "off" })).toBeUndefined();
    expect(paceFilePath({ OPENAI_ADMIN_PACE_FILE: "rel/p.json" })).toBe(path.resolve("rel/p.json"));
    expect(paceFilePath({ XDG_CACHE_HOME: "/var/cache/me" })).toBe("/var/cache/me/pulumi-openai-admin/paces.json");
    expect(paceFilePath({})).toBe(path.join(os.homedir(), ".cache", "pulumi-openai-admin", "paces.json"));
  });

  test("what one process learned, the next recalls; each origin apart", () => {
    const file = path.join(dir, "sub", "paces.json");
    const a = new PaceFileMemory(file, "https://api.openai.com");
    a.learned(E, 1236, 10, 5000);
    a.used(E, 9000);
    a.save();
    const b = new PaceFileMemory(file, "http://127.0.0.1:4010");
    b.learned(E, 50, 3, 7000);
    b.save();

    expect(new PaceFileMemory(file, "https://api.openai.com").recall(E)).toEqual({ spacingMs: 1236, burst: 10, lastUsed: 9000 });
    expect(new PaceFileMemory(file, "http://127.0.0.1:4010").recall(E)).toEqual({ spacingMs: 50, burst: 3, lastUsed: 7000 });
    expect(new PaceFileMemory(file, "http://127.0.0.1:1").recall(E)).toBeUndefined();
    // Nothing but numbers under origins and endpoint templates; no temporary file left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(["paces.json"]);
  });

  test("a later pace replaces an earlier one, and a pace learned without a burst keeps the burst known", () => {
    const file = path.join(dir, "paces.json");
    const m = new PaceFileMemory(file, "o");
    m.learned(E, 1236, 10, 1);
    m.learned(E, 1500, undefined, 2);
    m.save();
    expect(new PaceFileMemory(file, "o").recall(E)).toEqual({ spacingMs: 1500, burst: 10, lastUsed: 2 });
  });

  test("a malformed, foreign or unreadable file is an empty memory, and is replaced by the next save", () => {
    const file = path.join(dir, "paces.json");
    for (const content of ["{not json", JSON.stringify({ version: 2, origins: {} }), JSON.stringify({ version: 1, origins: { o: { updated: 1, endpoints: { [E]: { spacingMs: -1, burst: 1, lastUsed: 0 } } } } })]) {
      fs.writeFileSync(file, content);
      const m = new PaceFileMemory(file, "o");
      expect(m.recall(E)).toBeUndefined();
      m.learned(E, 1000, 10, 1);
      m.save();
      expect(new PaceFileMemory(file, "o").recall(E)).toMatchObject({ spacingMs: 1000 });
    }
    // A path that cannot be written (a directory in its place) costs the save, not the run.
    const blocked = path.join(dir, "blocked");
    fs.mkdirSync(blocked);
    const m = new PaceFileMemory(blocked, "o");
    m.learned(E, 1000, 10, 1);
    expect(() => m.save()).not.toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(["blocked", "paces.json"]);
  });

  test("what a process learned is written when it exits, before its save was due", () => {
    const file = path.join(dir, "paces.json");
    // The compiled module, in a process of its own that exits at once (the pending save is a second away).
    const module = path.join(repoRoot(), "dist", "provider", "client", "pace-memory.js");
    const script = `const { PaceFileMemory } = require(${JSON.stringify(module)}); new PaceFileMemory(${JSON.stringify(file)}, "o").learned(${JSON.stringify(E)}, 1236, 10, 1); process.exit(0);`;
    execFileSync(process.execPath, ["-e", script]);
    expect(new PaceFileMemory(file, "o").recall(E)).toEqual({ spacingMs: 1236, burst: 10, lastUsed: 1 });
  });

  test("keeps the latest 32 origins", () => {
    const file = path.join(dir, "paces.json");
    for (let i = 0; i < 40; i++) {
      const m = new PaceFileMemory(file, `http://127.0.0.1:${5000 + i}`);
      m.learned(E, 1000, 10, i);
      m.save();
    }
    const origins = Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).origins);
    expect(origins).toHaveLength(32);
    expect(origins).toContain("http://127.0.0.1:5039");
    expect(origins).not.toContain("http://127.0.0.1:5000");
  });
});

describe("the client keeps its paces in the file", () => {
  const KEY = "sk-admin-fake.pace-file-secret";

  test("a run's learned paces are saved by origin and endpoint template, never with the key or an id", async () => {
    const file = path.join(dir, "paces.json");
    const emu = await startEmulator({ adminKey: KEY, seed: 7, profile: "real", endpointLimit: { requests: 3, windowMs: 400 }, readLagMs: 0 });
    const before = process.env.OPENAI_ADMIN_PACE_FILE;
    process.env.OPENAI_ADMIN_PACE_FILE = file;
    try {
      const c = new AdminClient({ adminKey: KEY, baseUrl: emu.url });
      const ids: string[] = [];
      for await (const p of projects.list(c)) ids.push(p.id);
      expect(ids.length).toBeGreaterThan(0);
      await Promise.all(Array.from({ length: 8 }, (_, i) => projects.retrieve(c, ids[i % ids.length])));
      // Saves come within a second of a change (and at exit).
      await new Promise((r) => setTimeout(r, 1500));
      const text = fs.readFileSync(file, "utf8");
      const saved = JSON.parse(text);
      const origin = new URL(emu.url).origin;
      expect(Object.keys(saved.origins)).toEqual([origin]);
      expect(saved.origins[origin].endpoints["GET /organization/projects/{}"]).toMatchObject({ burst: 3 });
      expect(text).not.toContain(KEY);
      for (const id of ids) expect(text).not.toContain(id);
    } finally {
      process.env.OPENAI_ADMIN_PACE_FILE = before;
      await emu.close();
    }
  });
});
