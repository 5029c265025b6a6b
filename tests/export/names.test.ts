/**
 * Issue 22: whatever the org's names hold, the written program parses, binds every variable once, runs no code of
 * the names', and gives back every value exactly (TypeScript through the compiler and a strict CommonJS
 * evaluation; YAML through a YAML parser and Pulumi YAML's `$$` rule).
 */
import * as yaml from "js-yaml";
import ts from "typescript";
import type { ExportedOrg, ExportedProject } from "../../export/org";
import { identifier, literal, slug } from "../../export/names";
import { type Plan, type Value, Ref, SecretFile, plan } from "../../export/plan";
import { renderProgram } from "../../export/program";
import { renderYaml } from "../../export/yaml";
import { HOSTILE } from "../../harness/org-state";

const EDGE = ["", " ", "x-1", "x1", "x_1", "X1", "1", "123abc", "-", "--x--", "@@@", "module", "exports", "require", "eval", "arguments", "__dirname", "class", "await", "undefined", "openai", "pulumi", "constructor", "__proto__", "toString", "ﬁ ligature", "İstanbul", "ß"];
const NAMES = [...HOSTILE, ...EDGE.map((e) => e || "\u00a0"), "a\ud800lone surrogate"];

function project(i: number, name: string): ExportedProject {
  const id = `proj_${i}`;
  return {
    project: { id, object: "organization.project", name, created_at: 1, archived_at: null, status: "active" },
    permissions: { object: "project.model_permissions", mode: "allow_list", model_ids: [name || "m"] },
    retention: "organization_default",
    alerts: [{ id: `alert_${i}`, object: "project.spend_alert", threshold_amount: 100 + i, currency: "USD", interval: "month", notification_channel: { type: "email", recipients: ["a@example.com"], subject_prefix: name } }],
    rateLimits: [],
    users: [],
    serviceAccounts: [{ id: `svc_${i}`, object: "organization.project.service_account", name, role: "member", created_at: 1 }],
    groups: [],
    roles: [{ id: `role_p${i}`, object: "role", name, description: name, permissions: ["api.x"], resource_type: "api.project", predefined_role: false }],
    assignments: [],
    hostedTools: { file_search: { enabled: false }, web_search: { enabled: true }, image_generation: { enabled: true }, mcp: { enabled: i % 2 === 0 }, code_interpreter: { enabled: true } },
    serviceTiers: { object: "project.service_tier_settings", default: "fast", enabled_tiers: i % 2 ? "all" : ["flex"] },
    activeCertificates: [`cert_${i}`],
  } as unknown as ExportedProject;
}

/** An org where every name an export writes is one of {@link NAMES}. */
function org(): ExportedOrg {
  return {
    projects: NAMES.map((n, i) => project(i, n)),
    archived: NAMES.map((n, i) => ({ id: `proj_old${i}`, object: "organization.project", name: n, created_at: 1, archived_at: 2, status: "archived" })),
    invites: [],
    users: [],
    groups: NAMES.map((n, i) => ({ group: { id: `group_${i}`, name: n, created_at: 1, is_scim_managed: false }, members: [] })),
    roles: NAMES.map((n, i) => ({ id: `role_${i}`, object: "role", name: n, description: n, permissions: ["api.x"], resource_type: "api.organization", predefined_role: false })),
    assignments: [],
    adminKeys: NAMES.map((n, i) => ({ id: `key_${i}`, object: "organization.admin_api_key", name: n, redacted_value: "sk-admin...x", created_at: 1, expires_at: null, owner: { id: "user-1" } })),
    spendAlerts: [],
    externalKeys: NAMES.map((n, i) => ({ id: `ekey_${i}`, object: "organization.external_key", name: n, type: "aws", purpose: "ekm", external_id: "org-x", kms_arn: "arn:aws:kms:us-east-1:123456789012:key/k", role_arn: "arn:aws:iam::123456789012:role/r", created_at: 1 })),
    externalStorage: NAMES.map((n, i) => ({ id: `extstorage_${i}`, object: "organization.external_storage", project_id: `proj_${i}`, created_at: 1, geography: "US", status: "validated", provider: { type: "aws", bucket: n, role_arn: "arn:aws:iam::123456789012:role/r", region: "us-east-1" } })),
    certificates: NAMES.map((n, i) => ({ certificate: { id: `cert_${i}`, object: "organization.certificate", name: n, created_at: 1, certificate_details: { valid_at: 1, expires_at: 4_000_000_000 }, active: i % 2 === 0 }, fingerprint: "AB:CD" })),
    // Claim and JWK member names are anything: every hostile name is one, `__proto__` and `constructor` included.
    identityProviders: NAMES.map((n, i) => ({
      provider: {
        id: `wip_${i}`, object: "organization.workload_identity_provider", type: "oidc", name: n, issuer: "https://issuer.example.com", audience: n, description: n, enabled: true,
        attribute_transformations: [{ attribute: n || "a", expression: n || "e" }], verification: { type: "uploaded_jwks", jwks: { keys: [Object.fromEntries([["kty", "RSA"], [n, n]])] } }, created_at: 1, updated_at: 1,
      },
      rules: [{
        id: `wifr_${i}`, object: "organization.workload_identity_federation_rule", workload_identity_provider_id: `wip_${i}`, project_id: `proj_${i}`, service_account_id: `svc_${i}`,
        attribute_matchers: Object.fromEntries([[n, n]]), name: n, description: n, enabled: i % 2 === 0, permissions: { type: "restricted", scopes: [n] }, created_at: 1, updated_at: 1,
      }],
    })),
    calls: 0,
  } as unknown as ExportedOrg;
}

/** The inputs as the program should give them back: a reference as the referred resource's name and output. */
function expected(v: Value): unknown {
  if (v instanceof Ref) return { ref: v.to.name, output: v.output };
  if (v instanceof SecretFile) return { file: v.path };
  if (Array.isArray(v)) return v.map(expected);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expected(x)]));
  return v;
}

/** Runs a TypeScript program as Node would (strict CommonJS), with a stand-in package recording each resource. */
function runTypeScript(source: string): Array<{ type: string; name: string; args: unknown; importId: unknown }> {
  const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true } });
  expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  const made: Array<{ type: string; name: string; args: unknown; importId: unknown }> = [];
  const pkg = new Proxy(
    {},
    {
      get: (_, type: string) =>
        class {
          constructor(name: string, args: unknown, opts: { import?: unknown }) {
            made.push({ type, name, args, importId: opts.import });
            return new Proxy({}, { get: (__, output: string) => ({ ref: name, output }) });
          }
        },
    },
  );
  // A secret file (a certificate's body) reads back as the path it was read from.
  const fsStub = { existsSync: () => true, readFileSync: (file: string) => ({ file }) };
  const pathStub = { join: (dir: string, file: string) => (dir === "." ? file : `${dir}/${file}`) };
  const requireStub = (m: string) => {
    if (m === "node:fs") return fsStub;
    if (m === "node:path") return pathStub;
    if (m !== "pulumi-openai-admin") throw new Error(`the program required ${m}`);
    return pkg;
  };
  // The parameters of Node's CommonJS wrapper: a `const` of the same name is a SyntaxError here, as there.
  new Function("exports", "require", "module", "__filename", "__dirname", out.outputText)({}, requireStub, { exports: {} }, "index.js", ".");
  return made;
}

describe("names and literals of the written program", () => {
  const p: Plan = plan(org());
  const written = p.resources.filter((r) => !r.commentedOut);

  test("the kinds with names of their own are all written, once per object", () => {
    const count = (type: string) => written.filter((r) => r.type === type).length;
    for (const type of ["ExternalKey", "ExternalStorage", "Certificate", "WorkloadIdentityProvider", "FederationRule", "ProjectHostedToolPermissions", "ProjectServiceTierSettings"]) {
      expect([type, count(type)]).toEqual([type, NAMES.length]);
    }
    // Member names that are not identifiers stay keys, `__proto__` too (as a plain key it would set the prototype).
    const jwks = written.filter((r) => r.type === "WorkloadIdentityProvider").map((r) => Object.keys(((r.inputs.jwks as Record<string, Value[]>).keys[0]) as object));
    expect(jwks.flat()).toEqual(expect.arrayContaining(["__proto__", "constructor", "line\nbreak"]));
  });

  test("every logical name is unique and plain; every identifier is valid, unique and never a restricted word", () => {
    const names = p.resources.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(slug("x-1", "project")).toBe("x-1");
    expect(slug("1st team", "project")).toBe("project-1st-team");
    expect(slug("日本語", "project")).toBe("project");
    expect(identifier("x-1", "project")).toBe(identifier("x1", "project"));
    for (const word of ["module", "exports", "require", "eval", "arguments", "class", "await", "openai"]) expect(identifier(word, "project")).toBe(`project_${word}`);
    const index = renderProgram(p, { name: "t", packageVersion: "0.1.0" })["index.ts"];
    const vars = [...index.matchAll(/^const (\S+) = /gm)].map((m) => m[1]);
    expect(new Set(vars).size).toBe(vars.length);
    for (const v of vars) expect(v).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    // "x-1" and "x1" once gave `const x1-2`.
    expect(vars).toEqual(expect.arrayContaining(["x1", "x1_2"]));
  });

  test("the TypeScript program parses, runs none of the names' text, and gives back every value exactly", () => {
    const index = renderProgram(p, { name: "t", packageVersion: "0.1.0", includeArchived: true })["index.ts"];
    const made = runTypeScript(index);
    // The archived projects' names are in comments: a raw line separator there would end the comment and run the rest.
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(index).toContain("\\u2028globalThis.pwned = 1 //");
    expect(made).toEqual(written.map((r) => ({ type: r.type, name: r.name, args: expected(r.inputs), importId: r.importId })));
    // Every name went in whole: outer spaces, lone surrogates and all.
    const projects = made.filter((m) => m.type === "Project").map((m) => (m.args as { name: string }).name);
    expect(projects).toEqual(NAMES);
  });

  test("the YAML program parses, and Pulumi YAML's reading of each string ($$ is $) gives back every value exactly", () => {
    const text = renderYaml(p, { name: "t", packageVersion: "0.1.0", includeArchived: true })["Pulumi.yaml"];
    const doc = yaml.load(text) as { resources: Record<string, { type: string; properties: Record<string, unknown>; options: { import: string } }> };
    const unescape = (v: unknown): unknown => {
      if (typeof v === "string") {
        const ref = /^\$\{([a-z][a-z0-9-]*)\.id\}$/.exec(v);
        return ref ? { ref: ref[1] } : v.replace(/\$\$/g, "$");
      }
      if (Array.isArray(v)) return v.map(unescape);
      // A secret file, as Pulumi YAML reads it: the path from the program's folder.
      if (v && typeof v === "object" && "fn::secret" in v) return { file: String((v as { "fn::secret": { "fn::readFile": string } })["fn::secret"]["fn::readFile"]).replace(/^\.\//, "") };
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescape(x)]));
      return v;
    };
    const refsById = (v: unknown): unknown => {
      const e = expected(v as Value);
      const drop = (x: unknown): unknown =>
        Array.isArray(x) ? x.map(drop) : x && typeof x === "object" ? ("ref" in x ? { ref: (x as { ref: string }).ref } : Object.fromEntries(Object.entries(x).map(([k, y]) => [k, drop(y)]))) : x;
      return drop(e);
    };
    expect(Object.keys(doc.resources)).toEqual(written.map((r) => r.name));
    for (const r of written) {
      const got = doc.resources[r.name];
      expect({ type: got.type, properties: unescape(got.properties), importId: unescape(got.options.import) }).toEqual({
        type: `openai:index:${r.type}`,
        properties: refsById(r.inputs),
        importId: r.importId,
      });
    }
  });

  test("a literal never holds a raw line terminator, format character or control character", () => {
    for (const n of NAMES) {
      for (const flavor of ["js", "yaml"] as const) expect(literal(n, flavor)).not.toMatch(/[\n\r\u2028\u2029\u0085\u202e\u200b\u0000]/);
      expect(JSON.parse(literal(n))).toBe(n);
    }
  });
});
