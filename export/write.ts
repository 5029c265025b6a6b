/**
 * Writes the program's files all or nothing: each to a temp file in the same folder, then each renamed into place
 * (a rename within one folder is atomic), so an export that fails or is killed half-way never leaves a
 * half-written index.ts, nor a folder that holds part of a program and makes the next export refuse.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes `files` into `dir` (made if missing), none of which may exist yet. */
export function writeProgram(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  const temps = new Map<string, string>();
  const placed: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      // A dot file, named by the process: never taken for a program file, never shared with another export.
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      temps.set(name, temp);
      fs.writeFileSync(temp, text, { flag: "wx" });
    }
    for (const [name, temp] of temps) {
      const target = path.join(dir, name);
      // A program file that appeared since the check is not replaced.
      if (fs.existsSync(target)) throw new Error(`${target} appeared while the export ran; nothing was written`);
      fs.renameSync(temp, target);
      placed.push(target);
    }
  } catch (e) {
    for (const f of [...temps.values(), ...placed]) fs.rmSync(f, { force: true });
    throw e;
  }
}
