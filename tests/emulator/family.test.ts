import type { AddressInfo } from "node:net";
import { z } from "zod";
import { ApiError } from "../../emulator/errors";
import { FAMILIES } from "../../emulator/families";
import { Org, parseOrgState, prng } from "../../emulator/org";
import type { Family } from "../../emulator/router";
import { createEmulatorServer } from "../../emulator/server";

// A family as a new module would write it: its state with a default, its rules beside its routes.
const shape = { widgets: z.array(z.object({ id: z.string(), object: z.literal("organization.widget"), size: z.number() })).default([]) };
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;
const widgets: Family = {
  state: shape,
  fresh: () => ({ widgets: [] }),
  routes: {
    "GET /organization/widgets": ({ org, query }) => org.page(own(org).widgets, query),
    "POST /organization/widgets": ({ org, body }) => {
      const size = (body as { size?: unknown }).size;
      if (typeof size !== "number") throw new ApiError(400, "Missing required parameter: 'size'.", "size");
      const widget = { id: org.newId("widget_"), object: "organization.widget" as const, size };
      own(org).widgets.push(widget);
      return widget;
    },
  },
};

describe("object families", () => {
  it("serve a new family from one module plus one registration line, with its state saved and a refused call leaving none", async () => {
    const saves: unknown[] = [];
    const families = [...FAMILIES, widgets];
    const org = new Org({ families, random: prng(1), save: (state) => saves.push(JSON.parse(JSON.stringify(state))) });
    const server = createEmulatorServer({ org, families, adminKey: "sk-admin-family-test", organization: "org-x", random: prng(2) });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { authorization: "Bearer sk-admin-family-test" }, body: body === undefined ? undefined : JSON.stringify(body) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = async (response: Promise<Response>): Promise<any> => (await response).json();
    try {
      const created = await call("POST", "/v1/organization/widgets", { size: 3 });
      expect([created.status, await created.json()]).toEqual([200, { id: expect.stringMatching(/^widget_/), object: "organization.widget", size: 3 }]);
      expect((await call("POST", "/v1/organization/widgets", {})).status).toBe(400);
      expect((await json(call("GET", "/v1/organization/widgets"))).data).toHaveLength(1);
      expect(saves).toHaveLength(1);
      expect((await json(fetch(`${base}/__emulator/org`))).widgets).toHaveLength(1);
      expect((await json(fetch(`${base}/__emulator/requests`))).requests.map((r: { endpoint: string }) => r.endpoint))
        .toEqual(["POST /organization/widgets", "POST /organization/widgets", "GET /organization/widgets"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("load a state file saved before the family existed, filling in its default", () => {
    const before = new Org({ families: FAMILIES, random: prng(3) }).snapshot();
    expect(parseOrgState([...FAMILIES, widgets], JSON.parse(JSON.stringify(before)))).toMatchObject({ widgets: [] });
  });
});
