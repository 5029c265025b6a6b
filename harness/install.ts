import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

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

let packed: Promise<string> | undefined;

// Packs once per process: the tarball only changes with a rebuild, which a test run does not do.
async function packOnce(root: string): Promise<string> {
  const main = path.join(root, JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).main);
  if (!fs.existsSync(main)) {
    throw new Error(`the package is not built (${path.relative(root, main)} is missing): run \`npm run build\` first`);
  }
  const dest = await fs.promises.mkdtemp(path.join(os.tmpdir(), "openai-admin-pack-"));
  // --ignore-scripts: `prepare` would rebuild, which is slow and is not what is being tested.
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: root });
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
  return path.join(dest, filename);
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
  let tarball: string;
  try {
    tarball = await packed;
  } catch (err) {
    packed = undefined;
    throw err;
  }
  const dir = path.join(target, "node_modules", PACKAGE_NAME);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"]);
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
