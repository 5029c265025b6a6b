import * as fs from "node:fs";
import { OrgState, parseOrgState } from "./org";
import type { Family } from "./router";

/** Loads a saved org; a missing file means a fresh org, anything unusable is refused, never replaced. */
export function readStateFile(file: string, families: Family[]): OrgState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error("it is not valid JSON");
    }
    return parseOrgState(families, json);
  } catch (e) {
    throw new Error(`Refusing to use emulator state file ${file}: ${(e as Error).message}. Fix or remove the file; it was left unchanged.`);
  }
}

/** Temp file + rename, so a crash mid-write leaves the previous org, never a torn file. */
export function writeStateFile(file: string, state: OrgState): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state, null, 2), { flush: true });
  fs.renameSync(temp, file);
}
