import { Router } from "../../emulator/router";

describe("Router", () => {
  const handler = () => "handled";
  const router = new Router([
    { "GET /organization/projects/{project_id}": handler },
    { "POST /organization/projects/{project_id}/spend_alerts/{alert_id}": handler },
  ]);

  it("names the endpoint by its template and hands over decoded parameters", () => {
    expect(router.match("POST", "/organization/projects/proj%201/spend_alerts/alert_2")).toEqual({
      kind: "found",
      endpoint: "POST /organization/projects/{project_id}/spend_alerts/{alert_id}",
      params: { project_id: "proj 1", alert_id: "alert_2" },
      handler,
    });
  });

  it("tells an unknown path from a known path with the wrong method", () => {
    expect(router.match("GET", "/organization/projects/p/archive").kind).toBe("unknown-path");
    expect(router.match("DELETE", "/organization/projects/p").kind).toBe("wrong-method");
  });

  it("treats a malformed escape as an unknown path rather than throwing", () => {
    expect(router.match("GET", "/organization/projects/%E0%A4%A").kind).toBe("unknown-path");
  });
});
