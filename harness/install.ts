import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { removeTempDir, tempDir } from "./temp";

const run = promisify(execFile);
const PACKAGE_NAME = "pulumi-openai-admin";

/** The repository root: the nearest directory above this file whose package.json names this package. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${__dirname}`);
  }
}

let packed: Promise<Buffer> | undefined;

/** The newest change to what `npm pack` reads: package.json and the built files. */
function buildStamp(root: string): string {
  let newest = fs.statSync(path.join(root, "package.json")).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  walk(path.join(root, "dist"));
  return Math.floor(newest).toString(36);
}

// Packs once per build: jest gives each test file a fresh module registry, so a tarball kept in memory would be
// packed again by every file that installs a program (npm pack costs a few seconds of CPU). The tarball of a build
// is kept in .e2e/, named after the build's newest file time, and written by rename, so workers packing at the
// same moment never read half a file. The pack itself happens in an openai-admin-pack-* temp folder, removed at
// once (should the run die while npm packs, tempDir's exit and signal hooks remove it).
async function packOnce(root: string): Promise<Buffer> {
  const main = path.join(root, JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).main);
  if (!fs.existsSync(main)) {
    throw new Error(`the package is not built (${path.relative(root, main)} is missing): run \`npm run build\` first`);
  }
  const cacheDir = path.join(root, ".e2e");
  const cached = path.join(cacheDir, `package-${buildStamp(root)}.tgz`);
  if (fs.existsSync(cached)) return fs.promises.readFile(cached);
  const dest = await tempDir("openai-admin-pack-");
  try {
    // --ignore-scripts: `prepack` would rebuild, which is slow and is not what is being tested.
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: root });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    const tarball = await fs.promises.readFile(path.join(dest, filename));
    await fs.promises.mkdir(cacheDir, { recursive: true });
    for (const old of fs.readdirSync(cacheDir).filter((f) => /^package-\w+\.tgz$/.test(f))) await fs.promises.rm(path.join(cacheDir, old), { force: true });
    const partial = `${cached}.${process.pid}.partial`;
    await fs.promises.writeFile(partial, tarball);
    await fs.promises.rename(partial, cached);
    return tarball;
  } finally {
    await removeTempDir(dest);
  }
}

/**
 * Installs the packed package (what `npm publish` would upload) into `<targetDir>/node_modules/pulumi-openai-admin`.
 *
 * Only the package itself is installed: its dependencies and `@pulumi/pulumi` resolve through Node's upward
 * lookup into the repository's own node_modules, which is why `targetDir` must live under the repository root
 * (e.g. `<repo>/.e2e/<name>`). A registry install per test run would be slow and need a network, while
 * installing the packed artifact still catches a file that `files` in package.json leaves out.
 */
export async function installPackedPackage(targetDir: string): Promise<void> {
  const root = repoRoot();
  const target = path.resolve(targetDir);
  if (path.relative(root, target).startsWith("..") || path.isAbsolute(path.relative(root, target))) {
    throw new Error(`${target} is outside ${root}: dependencies would not resolve from there`);
  }
  packed ??= packOnce(root);
  let tarball: Buffer;
  try {
    tarball = await packed;
  } catch (err) {
    packed = undefined;
    throw err;
  }
  const dir = path.join(target, "node_modules", PACKAGE_NAME);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  const untar = run("tar", ["-xzf", "-", "-C", dir, "--strip-components=1"]);
  untar.child.stdin?.end(tarball);
  await untar;
}

/**
 * Copies a program (without its node_modules) to `<repo>/.e2e/<workName>`, replacing what was there, and installs
 * the packed package into it as a user would; resolves to the copy's directory. The one way the tests, the demo
 * and the bench set up a program that imports this package.
 */
export async function installProgram(sourceDir: string, workName: string): Promise<string> {
  const programDir = path.join(repoRoot(), ".e2e", workName);
  await fs.promises.rm(programDir, { recursive: true, force: true });
  await fs.promises.cp(sourceDir, programDir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
  await installPackedPackage(programDir);
  return programDir;
}
