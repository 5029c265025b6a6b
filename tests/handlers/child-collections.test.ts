/**
 * Issue 21 item 4: what lives under a project registers under the `Project` kind (lookup.ts childCollection), and a
 * project this process made anew starts every such collection empty: its children's duplicate guards need no
 * listing. The project names none of them.
 */
import { resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { withProjectPerTest } from "../support/emulator";

const suite = withProjectPerTest();

describe("collections under a project", () => {
  const alert = (projectId: string) => ({ projectId, thresholdAmount: 50_000, notificationChannel: { recipients: ["ops@example.com"] } });
  const account = (projectId: string) => ({ projectId, name: "ci-bot" });

  async function createChecked(type: string, inputs: Record<string, unknown>) {
    const { inputs: checked, failures } = await resources[type].check({}, inputs);
    expect(failures).toEqual([]);
    return resources[type].create(checked);
  }

  test("a project made by this process: its spend alerts and service accounts are made with no listing", async () => {
    const projectId = suite.projectId();
    await createChecked("SpendAlert", alert(projectId));
    await createChecked("ProjectServiceAccount", account(projectId));
    const calls = await suite.env().ctl.calls();
    expect(calls.filter((c) => c.startsWith("GET"))).toEqual([]);
    expect(calls).toEqual([`POST /organization/projects/${projectId}/spend_alerts`, `POST /organization/projects/${projectId}/service_accounts`]);
  });

  test("a project adopted, not made: its collections are listed before the first create under it", async () => {
    const projectId = suite.projectId();
    // Another process: it did not make the project, it adopts it.
    forgetListings();
    await resources.Project.create({ name: "handlers", externalKeyId: null, importId: projectId });
    await suite.env().ctl.clearRequests();
    await createChecked("SpendAlert", alert(projectId));
    await createChecked("ProjectServiceAccount", account(projectId));
    expect(await suite.env().ctl.calls()).toEqual([
      `GET /organization/projects/${projectId}/spend_alerts`,
      `POST /organization/projects/${projectId}/spend_alerts`,
      `GET /organization/projects/${projectId}/service_accounts`,
      `POST /organization/projects/${projectId}/service_accounts`,
    ]);
  });

  test("a new project's roles are listed all the same: it has the predefined ones, whose names a custom role may not take", async () => {
    const projectId = suite.projectId();
    const { inputs } = await resources.ProjectRole.check({}, { projectId, name: "owner", permissions: ["api.project.read"] });
    await expect(resources.ProjectRole.create(inputs)).rejects.toThrow(/create refused, nothing was sent: .*predefined role named "owner"/);
    expect(await suite.env().ctl.calls()).toEqual([`GET /projects/${projectId}/roles`]);
  });
});
