import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/** This package's version, for the User-Agent. Found by walking up, as source and dist sit at different depths. */
export function packageVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-openai-admin") return (cached = pkg.version ?? "0.0.0");
    }
    if (dirname(dir) === dir) return (cached = "0.0.0");
  }
}
