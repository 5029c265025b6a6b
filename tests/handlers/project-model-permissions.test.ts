import { resources, UNKNOWN } from "../../provider";
import { stackConfig, withProjectPerTest } from "../support/emulator";

const perms = resources.ProjectModelPermissions;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

describe("ProjectModelPermissions handler", () => {
  test("check treats model ids as a set and refuses empty, blank or repeated ids", async () => {
    const ok = await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1", "gpt-4o-mini"] });
    const reordered = await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4o-mini", "gpt-4.1"] });
    expect(ok.inputs).toEqual(reordered.inputs);
    const bad = await perms.check({}, { mode: "open", modelIds: ["a", " ", "a"] });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("is required") },
        { property: "mode", reason: "must be allow_list or deny_list" },
        { property: "modelIds.1", reason: "must not be blank" },
        { property: "modelIds.2", reason: 'repeats "a"' },
      ]),
    );
    expect((await perms.check({}, { projectId, mode: "deny_list", modelIds: [] })).failures).toEqual([
      { property: "modelIds", reason: "must list at least one model id" },
    ]);
    expect((await perms.check({}, { projectId: UNKNOWN, mode: "deny_list", modelIds: ["a"] })).failures).toEqual([]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create, read, update and delete each cost one call, with the project id as id", async () => {
    const base = `/organization/projects/${projectId}/model_permissions`;
    const { inputs } = await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4o-mini", "gpt-4.1"] });
    const created = await perms.create(inputs);
    expect(created).toEqual({
      id: projectId,
      outs: { projectId, mode: "allow_list", modelIds: ["gpt-4.1", "gpt-4o-mini"], createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect(await env.ctl.calls()).toEqual([`POST ${base}`]);

    await env.ctl.clearRequests();
    expect((await perms.read(projectId, created.outs)).props).toEqual(created.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${base}`]);

    const same = (await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1", "gpt-4o-mini"] })).inputs;
    expect((await perms.diff(projectId, created.outs, same)).changes).toBe(false);

    await env.ctl.clearRequests();
    const next = (await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1"] })).inputs;
    expect(await perms.diff(projectId, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
    const updated = await perms.update(projectId, created.outs, next);
    expect(updated.outs.modelIds).toEqual(["gpt-4.1"]);
    expect(await env.ctl.calls()).toEqual([`POST ${base}`]);

    await env.ctl.clearRequests();
    await perms.delete(projectId, updated.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE ${base}`]);
    expect((await env.ctl.org()).modelPermissions[projectId] ?? { model_ids: [] }).toMatchObject({ model_ids: [] });
  });

  test("a changed project id replaces, creating the new policy before deleting the old one", async () => {
    const olds = { projectId: "proj_a", mode: "allow_list", modelIds: ["x"] };
    expect(await perms.diff("proj_a", olds, { projectId: "proj_b", mode: "allow_list", modelIds: ["x"] })).toMatchObject({
      changes: true,
      replaces: ["projectId"],
      deleteBeforeReplace: false,
    });
  });

  test("a second create of the same project's policy takes it over: the first one's delete leaves it, the second's removes it", async () => {
    const base = `/organization/projects/${projectId}/model_permissions`;
    const { inputs } = await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1"] });
    const first = await perms.create(inputs);
    const second = await perms.create(inputs);
    expect(second.outs.__claim).not.toEqual(first.outs.__claim);

    await env.ctl.clearRequests();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await perms.delete(first.id, first.outs);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("left in place, not deleted: another resource of this stack took it over"));
    } finally {
      warn.mockRestore();
    }
    expect(await env.ctl.calls()).toEqual([]);
    expect((await env.ctl.org()).modelPermissions[projectId]).toMatchObject({ mode: "allow_list", model_ids: ["gpt-4.1"] });

    await perms.delete(second.id, second.outs);
    expect(await env.ctl.calls()).toEqual([`DELETE ${base}`]);
    expect((await env.ctl.org()).modelPermissions[projectId] ?? { model_ids: [] }).toMatchObject({ model_ids: [] });
  });

  test("permissions removed outside Pulumi read as drift", async () => {
    const { inputs } = await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1"] });
    const created = await perms.create(inputs);
    await fetch(`${env.emu.url}/organization/projects/${projectId}/model_permissions`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${env.emu.adminKey}` },
    });
    const read = await perms.read(projectId, created.outs);
    expect((await perms.diff(projectId, read.props, inputs)).changes).toBe(true);
  });

  test("a delete that fails under a project archived meanwhile counts as done, with a warning; under an active project the error stands", async () => {
    const base = `/organization/projects/${projectId}/model_permissions`;
    // No retries: the one failure the fault scripts is the delete's answer.
    stackConfig({ "openai:maxRetries": "0" });
    try {
      const created = await perms.create((await perms.check({}, { projectId, mode: "allow_list", modelIds: ["gpt-4.1"] })).inputs);
      await env.ctl.addFault({ method: "DELETE", path: base, fault: "500", count: 1 });
      await env.ctl.clearRequests();
      await expect(perms.delete(projectId, created.outs)).rejects.toThrow(/HTTP 500/);
      expect(await env.ctl.calls()).toEqual([`DELETE ${base}`, `GET /organization/projects/${projectId}`]);

      await resources.Project.delete(projectId, {});
      await env.ctl.addFault({ method: "DELETE", path: base, fault: "500", count: 1 });
      await env.ctl.clearRequests();
      const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        await expect(perms.delete(projectId, created.outs)).resolves.toBeUndefined();
        expect(warn).toHaveBeenCalledWith(expect.stringContaining(`its project ${projectId} is archived or gone, so there is nothing left to delete`));
      } finally {
        warn.mockRestore();
      }
      expect(await env.ctl.calls()).toEqual([`DELETE ${base}`, `GET /organization/projects/${projectId}`]);
    } finally {
      stackConfig({});
    }
  });

  test("an unknown project reads as gone and deletes as done", async () => {
    expect(await perms.read("proj_gone00000000000000000000", {})).toEqual({ id: "", props: {} });
    await expect(perms.delete("proj_gone00000000000000000000", {})).resolves.toBeUndefined();
  });
});
