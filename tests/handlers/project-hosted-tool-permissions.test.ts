import { resources, UNKNOWN } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const perms = resources.ProjectHostedToolPermissions;
const suite = withProjectPerTest();
let env: ReturnType<typeof suite.env>;
let projectId: string;
beforeEach(() => {
  env = suite.env();
  projectId = suite.projectId();
});

const path = () => `/organization/projects/${projectId}/hosted_tool_permissions`;
const stored = async () => ((await env.ctl.org()) as unknown as { hostedToolPermissions: Record<string, unknown> }).hostedToolPermissions[projectId];
const inputs = async (over: Record<string, unknown>) => {
  const r = await perms.check({}, { projectId, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs;
};

describe("ProjectHostedToolPermissions handler", () => {
  test("check wants a project and at least one tool, each true or false, and sends nothing", async () => {
    expect((await perms.check({}, { projectId })).failures).toEqual([
      { property: "(inputs)", reason: "set at least one of fileSearch, webSearch, imageGeneration, mcp, codeInterpreter" },
    ]);
    const bad = await perms.check({}, { projectId: "research", mcp: "off", browser: true });
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "projectId", reason: expect.stringContaining("must be a project id") },
        { property: "mcp", reason: "must be true or false" },
        { property: "browser", reason: "is not an input of this resource" },
      ]),
    );
    expect((await perms.check({}, { projectId: UNKNOWN, webSearch: false })).failures).toEqual([]);
    expect(await env.ctl.calls()).toEqual([]);
  });

  test("create sends only the tools set; read, update and delete each cost one call; delete enables every tool again", async () => {
    const made = await perms.create(await inputs({ webSearch: false, mcp: false }));
    expect(made).toEqual({
      id: projectId,
      outs: { projectId, fileSearch: true, webSearch: false, imageGeneration: true, mcp: false, codeInterpreter: true, createdAt: expect.any(Number), __claim: expect.any(String) },
    });
    expect(await env.ctl.requests()).toEqual([expect.objectContaining({ method: "POST", path: path() })]);

    await env.ctl.clearRequests();
    expect((await perms.read(projectId, made.outs)).props).toEqual(made.outs);
    expect(await env.ctl.calls()).toEqual([`GET ${path()}`]);

    // A tool left unset is not managed: a change to it made elsewhere is no diff.
    await fetch(`${env.emu.url}${path()}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ file_search: { enabled: false } }),
    });
    const drifted = (await perms.read(projectId, made.outs)).props;
    expect(drifted.fileSearch).toBe(false);
    expect((await perms.diff(projectId, drifted, await inputs({ webSearch: false, mcp: false }))).changes).toBe(false);

    const next = await inputs({ webSearch: false, mcp: true });
    expect(await perms.diff(projectId, drifted, next)).toMatchObject({ changes: true, replaces: [], diffs: ["mcp"] });
    await env.ctl.clearRequests();
    expect((await perms.update(projectId, drifted, next)).outs).toMatchObject({ fileSearch: false, webSearch: false, mcp: true });
    expect(await env.ctl.calls()).toEqual([`POST ${path()}`]);

    await env.ctl.clearRequests();
    await perms.delete(projectId, made.outs);
    expect(await env.ctl.calls()).toEqual([`POST ${path()}`]);
    const all = { enabled: true };
    expect(await stored()).toEqual({ file_search: all, web_search: all, image_generation: all, mcp: all, code_interpreter: all });
  });

  test("a tool disabled elsewhere reads as drift; adoption by project id reads it with one GET", async () => {
    const made = await perms.create(await inputs({ webSearch: false }));
    await fetch(`${env.emu.url}${path()}`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ web_search: { enabled: true } }),
    });
    const read = (await perms.read(projectId, made.outs)).props;
    expect(await perms.diff(projectId, read, await inputs({ webSearch: false }))).toMatchObject({ changes: true, diffs: ["webSearch"] });

    await env.ctl.clearRequests();
    const adopted = await perms.create({ ...(await inputs({ webSearch: true })), importId: projectId });
    expect(adopted.outs).toMatchObject({ projectId, webSearch: true });
    expect(await env.ctl.calls()).toEqual([`GET ${path()}`]);
    await expect(perms.create({ ...(await inputs({ webSearch: false })), importId: projectId })).rejects.toThrow("webSearch: the program says false, the organization has true");
  });

  test("a changed project replaces, keyed (create before delete); a missing project is named at create", async () => {
    expect(await perms.diff(projectId, { projectId, webSearch: false }, await inputs({ projectId: "proj_other", webSearch: false }))).toMatchObject({
      changes: true,
      replaces: ["projectId"],
      deleteBeforeReplace: false,
    });
    await expect(perms.create(await inputs({ projectId: "proj_missing", webSearch: false }))).rejects.toThrow("The project proj_missing (its projectId) does not exist");
  });
});
