import { faultSchema, FaultRules, pathMatches } from "../../emulator/faults";

/** A scripted random source: each call returns the next value. */
const scripted = (...values: number[]) => () => {
  const value = values.shift();
  if (value === undefined) throw new Error("random called more often than scripted");
  return value;
};

const rule = (r: unknown) => faultSchema.parse(r);

describe("FaultRules", () => {
  it("fires a count rule for exactly the next N matching requests, then drops it", () => {
    const faults = new FaultRules(scripted());
    faults.add(rule({ method: "post", path: "/organization/projects", fault: "500", count: 2 }));
    const fired = [
      faults.pick("GET", "/organization/projects").rule?.fault,
      faults.pick("POST", "/organization/projects").rule?.fault,
      faults.pick("POST", "/organization/projects/p").rule?.fault,
      faults.pick("POST", "/organization/projects").rule?.fault,
      faults.pick("POST", "/organization/projects").rule?.fault,
    ];
    expect(fired).toEqual([undefined, "500", undefined, "500", undefined]);
    expect(faults.list()).toEqual([]);
  });

  it("adds up latencies and lets the first other rule that fires decide", () => {
    const faults = new FaultRules(scripted());
    faults.add(rule({ fault: "latency", latencyMs: 100 }));
    faults.add(rule({ fault: "latency", latencyMs: 50, count: 1 }));
    faults.add(rule({ fault: "503", count: 1 }));
    faults.add(rule({ fault: "502", count: 1 }));
    const first = faults.pick("GET", "/x");
    expect([first.latencyMs, first.rule?.fault]).toEqual([150, "503"]);
    const second = faults.pick("GET", "/x");
    expect([second.latencyMs, second.rule?.fault]).toEqual([100, "502"]);
    expect(faults.pick("GET", "/x")).toEqual({ latencyMs: 100, rule: undefined });
  });

  it("fires a probability rule when the random draw is below it, and counts only firings", () => {
    const faults = new FaultRules(scripted(0.9, 0.1, 0.49, 0.5));
    faults.add(rule({ fault: "429", probability: 0.5, count: 2 }));
    const fired = [0, 1, 2].map(() => faults.pick("GET", "/x").rule?.fault);
    expect(fired).toEqual([undefined, "429", "429"]);
    expect(faults.list()).toEqual([]);
  });

  it("gives ids in order of accepted rules", () => {
    const faults = new FaultRules(scripted());
    expect([faults.add(rule({ fault: "500" })), faults.add(rule({ fault: "502" }))]).toEqual(["fault_1", "fault_2"]);
  });
});

describe("pathMatches", () => {
  it.each([
    ["/organization/projects/*", "/organization/projects/proj_1", true],
    ["/organization/projects/*", "/organization/projects/proj_1/archive", false],
    ["/organization/projects/**", "/organization/projects", true],
    ["/organization/projects/**", "/organization/projects/p/spend_alerts/a", true],
    ["/organization/invites", "/organization/invites/i", false],
  ])("%s against %s is %s", (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});
