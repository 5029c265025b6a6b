/**
 * What only a real engine and a real process can show: a CLI killed after a create was applied, and two stacks
 * on one organization.
 */
import type { RealStack } from "../../harness/real-engine";
import { EngineFixture, ours, requireRealEngine } from "./support";

requireRealEngine();

describe("stacks of the real pulumi CLI on one organization", () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await EngineFixture.start("one-project", 23);
  });
  afterAll(() => fx?.close());

  const projectsNamed = async (name: string) => (await fx.control.org()).projects.filter((p) => p.name === name && p.status === "active");

  test("a CLI killed after a create was applied neither duplicates nor loses the object on the next up", async () => {
    const stack = await fx.stack("killed");
    const config = fx.config({ projectName: "survivor" });
    // The create is applied but its answer never arrives, and the API hides the new project for a minute: the
    // provider is still looking for what it made when the CLI is killed.
    await fx.control.setProfile({ profile: "real", endpointLimit: { requests: 10_000, windowMs: 1_000 }, readLagMs: 60_000 });
    await fx.control.addFault({ method: "POST", path: "/organization/projects", fault: "drop_after", count: 1 });
    const running = stack.start("up", { config: { ...config, "openai:lostCreateWaitMs": { value: "60000" } } });
    for (let i = 0; i < 600 && (await projectsNamed("survivor")).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await projectsNamed("survivor")).toHaveLength(1);
    killTree(running.child.pid!);
    const killed = await running.result.catch((e: Error) => ({ ok: false, error: e.message, output: "" }));
    expect(killed.ok).toBe(false);
    await fx.control.clearProfile();
    await fx.control.clearFaults();

    // The killed CLI left its lock, which `pulumi cancel` removes; the engine recorded a pending create, and the
    // next up either finds the project or says how to adopt it, never making a second one.
    await stack.run("cancel");
    const next = await stack.start("up", { config }).result;
    const said = `${next.error ?? ""}\n${next.output}`;
    expect(await projectsNamed("survivor")).toHaveLength(1);
    if (!next.ok) {
      const id = (await projectsNamed("survivor"))[0].id;
      expect(said).toContain(`{ import: "${id}" }`);
      await stack.run("up", { config: fx.config({ projectName: "survivor", importProject: id }) });
    }
    expect(await projectsNamed("survivor")).toHaveLength(1);
    const state = ours(await stack.deployment());
    expect(state.get("project")?.id).toBe((await projectsNamed("survivor"))[0].id);
    await stack.run("destroy", { config });
  });

  test("two stacks on one organization keep to their own objects", async () => {
    const a = await fx.stack("team-a");
    const b = await fx.stack("team-b");
    const up = (s: RealStack, name: string) => s.run("up", { config: fx.config({ projectName: name }) });
    await up(a, "team-a");
    await up(b, "team-b");
    const [pa] = await projectsNamed("team-a");
    // Another stack declaring a project that one stack owns is refused before any write, naming it.
    await fx.control.clearRequests();
    const clash = await (await fx.stack("team-c")).fails("up", { config: fx.config({ projectName: "team-a" }) });
    expect(`${clash.error}\n${clash.output}`).toContain(`{ import: "${pa.id}" }`);
    expect(await fx.writes()).toEqual([]);
    // Destroying one stack leaves the other's project and its policy as they were.
    await b.run("destroy", { config: fx.config({ projectName: "team-b" }) });
    expect(await projectsNamed("team-b")).toHaveLength(0);
    expect(await projectsNamed("team-a")).toHaveLength(1);
    expect((await fx.control.org()).modelPermissions[pa.id]).toMatchObject({ mode: "allow_list", model_ids: ["gpt-4.1"] });
    await fx.control.clearRequests();
    await up(a, "team-a");
    expect(await fx.calls()).toEqual([]);
    await a.run("destroy", { config: fx.config({ projectName: "team-a" }) });
  });
});

/** SIGKILL a process and everything under it (the host, the CLI, its plugins), as a crash or `kill -9` would. */
function killTree(pid: number): void {
  const { execFileSync } = require("child_process") as typeof import("child_process");
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    // no children
  }
  for (const child of children) killTree(child);
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}
