import { resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { emulatorForHandlers } from "../support/emulator";

let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
beforeAll(async () => {
  env = await emulatorForHandlers();
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.ctl.reset();
  forgetListings();
});

describe("the duplicate guard", () => {
  test("two creates of one name at once make one object and refuse the other, as they would one after the other (issue 20 #11)", async () => {
    const { inputs } = await resources.Project.check({}, { name: "twins" });
    const results = await Promise.allSettled([resources.Project.create(inputs), resources.Project.create(inputs)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/create refused, nothing was sent: the organization already has an active project named "twins"/);
    expect((await env.ctl.org()).projects.filter((p) => p.name === "twins")).toHaveLength(1);
  });

  test("creates of different names at once both go through", async () => {
    const a = (await resources.Project.check({}, { name: "alpha" })).inputs;
    const b = (await resources.Project.check({}, { name: "beta" })).inputs;
    await Promise.all([resources.Project.create(a), resources.Project.create(b)]);
    expect((await env.ctl.org()).projects.map((p) => p.name).sort()).toEqual(["Default project", "alpha", "beta"]);
  });
});
