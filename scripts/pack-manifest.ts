/**
 * `prepack` / `postpack`: the package.json that goes into the tarball has no `prepare` script.
 *
 * Why: npm 11 counts `prepare` as an install script of a package installed from a tarball, a folder or git
 * (@npmcli/arborist lib/install-scripts.js, `hasNonRegistryShape`), so installing our tarball listed
 * `prepare: npm run build` among the scripts it holds back, and allowing it would run a build in a folder that
 * has no sources. The tarball ships built; nothing has to run at install. The repository keeps `prepare`, because
 * it is the only script npm runs when it installs a git dependency (pacote lib/git.js, lib/dir.js).
 *
 * `strip` saves the exact text of package.json and writes it back without `scripts.prepare`; `restore` puts the
 * saved text back byte for byte, so a pack leaves no change behind.
 */
import * as fs from "fs";
import * as path from "path";

/** Where `strip` keeps the original text: never packed (node_modules) and never committed. */
export const SAVED = path.join("node_modules", ".cache", "pulumi-openai-admin", "package.json.prepack");

/** The manifest text without `scripts.prepare`, in npm's own layout (two spaces, final newline). */
export function withoutPrepare(text: string): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  if (manifest.scripts) delete manifest.scripts.prepare;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function main(command: string | undefined, root: string): void {
  const file = path.join(root, "package.json");
  const saved = path.join(root, SAVED);
  if (command === "strip") {
    const text = fs.readFileSync(file, "utf8");
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    fs.writeFileSync(saved, text);
    fs.writeFileSync(file, withoutPrepare(text));
  } else if (command === "restore") {
    // A pack that failed before `strip` saved anything has nothing to put back.
    if (!fs.existsSync(saved)) return;
    fs.writeFileSync(file, fs.readFileSync(saved));
    fs.rmSync(saved);
  } else {
    throw new Error(`usage: pack-manifest strip|restore (got ${String(command)})`);
  }
}

if (require.main === module) main(process.argv[2], process.cwd());
