import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const tiers = resources.ProjectServiceTierSettings;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const path = () => `/organization/projects/${projectId}/service_tier_settings`;
const stored = async () => ((await env.ctl.org()) as unknown as { serviceTierSettings: Record<string, unknown> }).serviceTierSettings[projectId];
const inputs = async (over: Record<string, unknown>) => {
  const r = await tiers.check({}, { projectId, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs;
};

describe("ProjectServiceTierSettings handler", () => {
  test("check wants at least one field, known tiers, and \"all\" alone; it sends nothing", async () => {
    expect((await tiers.check({}, { projectId })).failures).toEqual([{ property: "(inputs)", reason: "set at least one of defaultTier, enabledTiers" }]);
    const bad = await tiers.check({}, { projectId, defaultTier: "flex", enabledTiers: ["all", "flex", "turbo"] });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "defaultTier", reason: "must be one of standard, fast, scale" },
        { property: "enabledTiers.2", reason: "must be one of all, flex, fast, ultrafast" },
      ]),
    );
    expect((await tiers.check({}, { projectId, enabledTiers: ["all", "flex"] })).failures).toEqual([
      { property: "enabledTiers", reason: '"all" stands alone: it already enables every tier' },
    ]);
    expect((await inputs({ enabledTiers: ["ultrafast", "flex", "flex"] })).enabledTiers).toEqual(["flex", "ultrafast"]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update and delete each cost one call; delete gives back a new project's settings", async () => {
    const made = await tiers.create(await inputs({ defaultTier: "scale", enabledTiers: ["flex"] }));
    expect(made).toEqual({ id: projectId, outs: { projectId, defaultTier: "scale", enabledTiers: ["flex"], createdAt: expect.any(Number), __claim: expect.any(String) } });
    expect(await stored()).toEqual({ object: "project.service_tier_settings", default: "scale", enabled_tiers: ["flex"] });

    await env.ctl.clearRequests();
    expect((await tiers.read(projectId, made.outs)).props).toEqual(made.outs);
    const next = await inputs({ defaultTier: "scale", enabledTiers: ["all"] });
    expect(await tiers.diff(projectId, made.outs, next)).toMatchObject({ changes: true, replaces: [], diffs: ["enabledTiers"] });
    expect((await tiers.update(projectId, made.outs, next)).outs).toMatchObject({ enabledTiers: ["all"] });
    expect(await stored()).toMatchObject({ enabled_tiers: "all" });
    await tiers.delete(projectId, made.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${path()}`, `POST ${path()}`, `POST ${path()}`]);
    expect(await stored()).toEqual({ object: "project.service_tier_settings", default: "standard", enabled_tiers: "all" });
  });

  test("a field left unset is not managed; a managed one changed elsewhere is drift; adoption reads by project id", async () => {
    const made = await tiers.create(await inputs({ defaultTier: "fast" }));
    const post = (body: unknown) =>
      fetch(`${env.emu.url}${path()}`, { method: "POST", headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    await post({ enabled_tiers: [] });
    const read = (await tiers.read(projectId, made.outs)).props;
    expect(read.enabledTiers).toEqual([]);
    expect((await tiers.diff(projectId, read, await inputs({ defaultTier: "fast" }))).changes).toBe(false);
    await post({ default: "standard" });
    expect(await tiers.diff(projectId, (await tiers.read(projectId, made.outs)).props, await inputs({ defaultTier: "fast" }))).toMatchObject({ changes: true, diffs: ["defaultTier"] });

    const adopted = await tiers.create({ ...(await inputs({ defaultTier: "standard", enabledTiers: [] })), importId: projectId });
    expect(adopted.outs).toMatchObject({ defaultTier: "standard", enabledTiers: [] });
    await expect(tiers.create({ ...(await inputs({ defaultTier: "scale" })), importId: projectId })).rejects.toThrow('defaultTier: the program says "scale", the organization has "standard"');
  });
});
