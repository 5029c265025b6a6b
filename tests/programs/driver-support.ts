import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readState, type DriverOptions, type StateResource } from "../../harness/driver";
import type { Spec } from "../fixtures/driver-program";

/**
 * What the driver's test files share: a fixture program that logs every plugin call, stacks of their own, and
 * ways to read the log. Each test file gets its own folder (jest loads this module once per file).
 */
const programDir = path.join(__dirname, "..", "fixtures", "driver-program");
// Made at load: describe bodies make their stacks before any hook runs.
export const dir = fs.mkdtempSync(path.join(os.tmpdir(), "driver-test-"));
export const log = path.join(dir, "calls.log");
let stacks = 0;

/** A fresh stack: its own state file, and options for the driver with the resources the program declares. */
export function stack() {
  const stateFile = path.join(dir, `state-${++stacks}.json`);
  const options = (resources: Spec[], extra: Partial<DriverOptions> & { config?: Record<string, string> } = {}): DriverOptions => ({
    programDir,
    stateFile,
    ...extra,
    config: { "fixture:resources": JSON.stringify(resources), "fixture:log": log, "fixture:state": stateFile, ...extra.config },
  });
  return { stateFile, options, state: () => readState(stateFile) };
}

/** The plugin's calls since the last look, as "start create a" lines. */
export function calls(): string[] {
  const lines = fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
  fs.writeFileSync(log, "");
  return lines;
}

export function thing(resources: StateResource[], name: string): StateResource {
  const found = resources.find((r) => r.urn.endsWith(`::${name}`) && r.custom && r.type.startsWith("pulumi-nodejs:dynamic"));
  if (!found) throw new Error(`no ${name} in ${resources.map((r) => r.urn).join(", ")}`);
  return found;
}

export const things = (resources: StateResource[]) => resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => r.urn.split("::").pop());

/** The position of a log line, failing clearly when it is missing. */
export function at(lines: string[], line: string): number {
  const i = lines.findIndex((l) => l.startsWith(line));
  if (i < 0) throw new Error(`"${line}" not in:\n${lines.join("\n")}`);
  return i;
}

/** The most calls of one kind under way at once, from their start and end lines. */
export function overlap(lines: string[], op: string): number {
  let now = 0;
  let most = 0;
  for (const l of lines) {
    if (l.startsWith(`start ${op} `)) most = Math.max(most, ++now);
    if (l.startsWith(`end ${op} `)) now--;
  }
  return most;
}

export const ops = (lines: string[]) => lines.filter((l) => l.startsWith("start ")).map((l) => l.split(" ").slice(1, 3).join(" "));


/** The hooks every driver test file needs: an empty log before each test, the folder gone after the file. */
export function driverHooks(): void {
  beforeEach(() => fs.writeFileSync(log, ""));
  afterAll(() => fs.promises.rm(dir, { recursive: true, force: true }));
}
