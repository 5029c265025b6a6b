/**
 * Writes the program's files all or nothing: each to a temp file in the same folder, then each renamed into place
 * (a rename within one folder is atomic), so an export that fails or is killed half-way never leaves a
 * half-written index.ts, nor a folder that holds part of a program and makes the next export refuse.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The file calls the write makes; a test hands in ones that fail. */
export type FileSystem = Pick<typeof fs, "mkdirSync" | "writeFileSync" | "existsSync" | "renameSync" | "rmSync">;

/** Writes `files` into `dir` (made if missing), none of which may exist yet. */
export function writeProgram(dir: string, files: Record<string, string>, io: FileSystem = fs): void {
  io.mkdirSync(dir, { recursive: true });
  const made: string[] = [];
  try {
    const temps = Object.entries(files).map(([name, text]) => {
      // A dot file, named by the process: never taken for a program file, never shared with another export.
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      if (io.existsSync(temp)) throw new Error(`${temp} is in the way; remove it and export again`);
      made.push(temp);
      io.writeFileSync(temp, text);
      return [name, temp] as const;
    });
    for (const [name, temp] of temps) {
      const target = path.join(dir, name);
      // A program file that appeared since the check is not replaced.
      if (io.existsSync(target)) throw new Error(`${target} appeared while the export ran; nothing was written`);
      io.renameSync(temp, target);
      made.push(target);
    }
  } catch (e) {
    for (const f of made) {
      try {
        io.rmSync(f, { force: true });
      } catch {
        // The first error is the one to report; what is left is named by it.
      }
    }
    throw e;
  }
}
