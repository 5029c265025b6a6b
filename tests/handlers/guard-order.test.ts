import { resources } from "../../provider";
import { withProjectPerTest } from "../support/emulator";

const suite = withProjectPerTest();
const env = () => suite.env();

describe("the duplicate guard", () => {
  test("two creates of one name at once make one object and refuse the other, as they would one after the other (issue 20 #11)", async () => {
    const { inputs } = await resources.Project.check({}, { name: "twins" });
    const results = await Promise.allSettled([resources.Project.create(inputs), resources.Project.create(inputs)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/create refused, nothing was sent: the organization already has an active project named "twins"/);
    expect((await env().ctl.org()).projects.filter((p) => p.name === "twins")).toHaveLength(1);
  });

  test("creates of different names at once both go through", async () => {
    const a = (await resources.Project.check({}, { name: "alpha" })).inputs;
    const b = (await resources.Project.check({}, { name: "beta" })).inputs;
    await Promise.all([resources.Project.create(a), resources.Project.create(b)]);
    expect((await env().ctl.org()).projects.map((p) => p.name).filter((n) => n === "alpha" || n === "beta").sort()).toEqual(["alpha", "beta"]);
  });
});
