import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../harness/install";
import { withoutPrepare } from "../../scripts/pack-manifest";

// What `npm publish` would upload, asserted by rules rather than by a list, so that a new module or bin is
// covered the day it lands. Packs the current build (`npm test` builds first); --ignore-scripts because `prepack`
// would rebuild while other suites run from dist/.
const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  engines: { node: string };
  scripts: Record<string, string>;
};

// Ceilings above today's size (330 kB packed, 1.35 MB unpacked, 357 files: 28 resources, 6 read functions, the
// emulator, the plugin and the export) that a stray folder, a bundled dependency or a tarball would still break.
// Raise them on purpose when resources land, never to let something unplanned in.
const MAX_PACKED_BYTES = 400_000;
const MAX_UNPACKED_BYTES = 1_600_000;

interface Packed {
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

let packed: Packed;
let files: string[];
beforeAll(async () => {
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root });
  [packed] = JSON.parse(stdout) as Packed[];
  files = packed.files.map((f) => f.path);
});

const normal = (p: string) => path.posix.normalize(p.replace(/^\.\//, ""));

describe("npm pack", () => {
  test("ships no tests, harness, fixtures, scripts, examples or local state", () => {
    const forbidden = /^(tests|harness|scripts|examples|\.e2e|\.ci|\.ci-tools|node_modules)\/|^dist\/(tests|harness|scripts)\/|(^|\/)fixtures\//;
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
  });

  test("ships compiled code and type declarations only: no TypeScript sources, source maps, build info or tarballs", () => {
    const bad = files.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /\.(map|tsbuildinfo|tgz)$/.test(f));
    expect(bad).toEqual([]);
  });

  test("no shipped script points at a source map that is not there", () => {
    const dangling = files.filter((f) => f.endsWith(".js") && fs.readFileSync(path.join(root, f), "utf8").includes("sourceMappingURL"));
    expect(dangling).toEqual([]);
  });

  test("ships the license, the README, the changelog and the manifest", () => {
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "package.json"]));
    expect(fs.readFileSync(path.join(root, "LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0, January 2004");
  });

  test("ships every entry point: main, types, each export and the emulator", () => {
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
    const wanted = [manifest.main, manifest.types, ...targets].map(normal);
    expect(wanted.filter((f) => !files.includes(f))).toEqual([]);
    expect(wanted).toContain("dist/emulator/index.js");
  });

  test("ships the provider plugin: the executable a program's Pulumi.yaml names by path, and the entry it runs", () => {
    expect(files).toEqual(expect.arrayContaining(["provider-plugin/pulumi-resource-openai", "dist/provider/plugin/main.js"]));
    expect(files.filter((f) => f.startsWith("provider-plugin/"))).toEqual(["provider-plugin/pulumi-resource-openai"]);
  });

  test("every bin points at a shipped script node can run", () => {
    const bins = Object.entries(manifest.bin);
    expect(bins.map(([name]) => name)).toContain("openai-admin-emulator");
    for (const [name, target] of bins) {
      expect({ name, shipped: files.includes(normal(target)) }).toEqual({ name, shipped: true });
      expect({ name, shebang: fs.readFileSync(path.join(root, target), "utf8").split("\n")[0] }).toEqual({ name, shebang: "#!/usr/bin/env node" });
    }
  });

  test(`stays under ${MAX_PACKED_BYTES} bytes packed and ${MAX_UNPACKED_BYTES} unpacked`, () => {
    expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  test("the packed manifest runs nothing at install: prepack strips `prepare`, postpack puts it back", () => {
    const published = JSON.parse(withoutPrepare(fs.readFileSync(path.join(root, "package.json"), "utf8"))) as { scripts: Record<string, string> };
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) expect(published.scripts[script]).toBeUndefined();
    expect(manifest.scripts.prepare).toBe("npm run build");
    expect(manifest.scripts.prepack).toMatch(/npm run build && node dist\/scripts\/pack-manifest\.js strip$/);
    expect(manifest.scripts.postpack).toBe("node dist/scripts/pack-manifest.js restore");
  });
});

describe("supported Node versions", () => {
  // `engines`, the README and CI must name the same majors: the README promises what CI proves.
  const ci = fs.readFileSync(path.join(root, ".ci", "run"), "utf8");
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const engineMajors = [...manifest.engines.node.matchAll(/\^(\d+)/g)].map((m) => Number(m[1]));

  test("CI runs every Node major that `engines` names, and no other", () => {
    const ciMajors = [...new Set([...ci.matchAll(/^use_node (\d+)$/gm)].map((m) => Number(m[1])))];
    expect(ciMajors.sort()).toEqual([...engineMajors].sort());
  });

  test("the README states the same range as `engines`", () => {
    // "^20.18.1 || ^22 || ^24" reads "Node.js 20.18.1+, 22 or 24".
    const parts = manifest.engines.node.split(" || ").map((r) => r.replace(/^\^(\d+\.\d+\.\d+)$/, "$1+").replace(/^\^(\d+)$/, "$1"));
    expect(readme).toContain(`Node.js ${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`);
  });

  test("CI tests the @pulumi/pulumi minimum that the peer dependency and the README state", () => {
    const min = /^PULUMI_MIN=(\S+)$/m.exec(ci)?.[1];
    const peer = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { peerDependencies: Record<string, string> })
      .peerDependencies["@pulumi/pulumi"];
    expect(peer).toBe(`>=${min}`);
    expect(readme).toContain(`\`@pulumi/pulumi\` ${min} or later`);
  });
});
