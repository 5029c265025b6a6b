import * as fs from "fs";
import * as path from "path";

/**
 * Everything a run printed or kept, for the key search: after every engine action, what it printed (or the
 * error it raised) and each file under the given folders outside node_modules, as it was then.
 */
export class Artifacts {
  readonly items: Array<{ what: string; text: string }> = [];

  constructor(private readonly dirs: string[]) {}

  /** Keeps `text` under the name `what`, and a copy of every file of the run as it is now. */
  keep(what: string, text: string): void {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(full);
        return [full];
      });
    this.items.push({ what, text });
    for (const file of this.dirs.flatMap(walk)) this.items.push({ what: `${file} after ${what}`, text: fs.readFileSync(file, "utf8") });
  }
}
