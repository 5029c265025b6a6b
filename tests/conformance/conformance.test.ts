/**
 * Issue 21, item 5: what every resource promises, checked for every resource registered in provider/index.ts
 * against the emulator. A new resource passes by being defined, plus one example in examples.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { resources, type DefinedResource, type Props } from "../../provider";
import { Limiter } from "../../provider/client/limiter";
import { madeAt } from "../../provider/handler";
import { forgetListings } from "../../provider/lookup";
import { packageSchema } from "../../provider/plugin/schema";
import type { LoggedRequest } from "../../emulator";
import { emulatorForHandlers } from "../support/emulator";
import { examples, makeParents, type Example, type Made, type Parents } from "./examples";

/**
 * Whether the resource is replaced by deleting the old object first: the one place this suite reads it (the set in
 * shim.ts today; the definition's own field once it has one).
 */
const deletesFirst = (_type: string, r: DefinedResource): boolean => r.definition.deleteBeforeReplace;

/** Outputs the handler keeps for itself in state: never declared. */
const internal = (key: string) => key.startsWith("__");
const shown = (props: Props): Props => Object.fromEntries(Object.entries(props).filter(([k]) => !internal(k)));

/** `METHOD /a/{x}/b` with every parameter written `{}`, so templates with different parameter names compare equal. */
const normalized = (endpoint: string) => endpoint.replace(/\{[^}]*\}/g, "{}");

/**
 * The endpoints the official `openai` package calls (`_client.get(path\`/organization/projects/${id}\`)`), as
 * normalized templates: a description of the API independent of our client and of the emulator. A paginated call
 * (`getAPIList`) is a GET unless its options name another method: the certificate (de)activations page through the
 * answer of a POST (`method: 'post'`).
 */
function sdkEndpoints(): Set<string> {
  const root = path.join(path.dirname(require.resolve("openai")), "resources", "admin");
  const call = /_client\.(get|post|delete|patch|put|getAPIList)\((?:\(0, path_\d+\.path\) `([^`]*)`|'([^']*)')([^;]*)/g;
  const found = new Set<string>();
  for (const file of fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"))) {
    for (const m of fs.readFileSync(path.join(root, file), "utf8").matchAll(call)) {
      const method = m[1] === "getAPIList" ? (/\bmethod: '(\w+)'/.exec(m[4])?.[1] ?? "get").toUpperCase() : m[1].toUpperCase();
      found.add(normalized(`${method} ${(m[2] ?? m[3]).replace(/\$\{[^}]*\}/g, "{}")}`));
    }
  }
  return found;
}

/** True when `METHOD /path` is an instance of the normalized template `METHOD /a/{}/b`. */
function instanceOf(request: string, template: string): boolean {
  const [rm, rp] = request.split(" ");
  const [tm, tp] = template.split(" ");
  const rs = rp.split("/");
  const ts = tp.split("/");
  return rm === tm && rs.length === ts.length && ts.every((t, i) => t === "{}" ? rs[i] !== "" : t === rs[i]);
}

const types = Object.keys(resources).sort();
const schema = packageSchema();
const documented = sdkEndpoints();

test("every registered resource has an example, and every example a registered resource", () => {
  const missing = types.filter((t) => !(t in examples));
  const stray = Object.keys(examples).filter((t) => !(t in resources));
  expect({ "registered without an example in tests/conformance/examples.ts": missing, "examples of no registered resource": stray }).toEqual({
    "registered without an example in tests/conformance/examples.ts": [],
    "examples of no registered resource": [],
  });
});

test("the endpoints read from the official openai package are many, so the template check below checks something", () => {
  expect(documented.size).toBeGreaterThan(50);
  expect(documented.has("GET /organization/projects/{}")).toBe(true);
  expect(documented.has("GET /organization/certificates")).toBe(true);
  expect(documented.has("POST /organization/projects/{}/certificates/activate")).toBe(true);
  expect(documented.has("GET /organization/projects/{}/certificates/activate")).toBe(false);
});

let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
// The key the limiter paces each request by (endpointOf's answer, as `acquire` receives it), in the order asked.
const limiterKeys: string[] = [];
beforeAll(async () => {
  env = await emulatorForHandlers();
  // The deletes of keyed objects and of settings that only leave state say so in a warning: expected here.
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
  const acquire = Limiter.prototype.acquire;
  jest.spyOn(Limiter.prototype, "acquire").mockImplementation(function (this: Limiter, endpoint: string) {
    limiterKeys.push(endpoint);
    return acquire.call(this, endpoint);
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await env?.close();
});

describe.each(types.filter((t) => t in examples))("%s", (type) => {
  const handler = resources[type];
  let parents: Parents;
  let example: Example;
  let inputs: Props;
  let made: Made | undefined;
  let readOuts: Props = {};
  // Every request of this resource's lifecycle: the emulator's log, and the limiter's keys, side by side.
  const requests: LoggedRequest[] = [];
  const keys: string[] = [];

  /** Moves what the emulator logged and the limiter keyed since the last call into this resource's record. */
  async function collect(): Promise<{ requests: LoggedRequest[]; keys: string[] }> {
    const fresh = { requests: await env.ctl.requests(), keys: limiterKeys.splice(0) };
    await env.ctl.clearRequests();
    requests.push(...fresh.requests);
    keys.push(...fresh.keys);
    return fresh;
  }

  const created = (): Made => {
    if (!made) throw new Error(`${type}: the create above failed, so there is nothing to check`);
    return made;
  };

  beforeAll(async () => {
    await env.ctl.reset();
    forgetListings();
    parents = await makeParents(env.ctl);
    example = examples[type](parents);
    const checked = await handler.check({}, example.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    await env.ctl.clearRequests();
    limiterKeys.length = 0;
  });

  test("refused inputs are refused before any request", async () => {
    // An input that is not one, and no inputs at all where the resource has a required one.
    const notAnInput = { ...inputs, conformanceNotAnInput: true };
    const refused: Props[] = handler.definition.inputs.safeParse({}).success ? [notAnInput] : [notAnInput, {}];
    for (const bad of refused) {
      const checked = await handler.check({}, bad);
      expect(checked.failures.length).toBeGreaterThan(0);
      await expect(handler.create(bad)).rejects.toThrow(`OpenAI ${type}: invalid inputs, nothing was sent`);
    }
    expect((await handler.check({}, notAnInput)).failures).toContainEqual({ property: "conformanceNotAnInput", reason: expect.any(String) });
    expect((await collect()).requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  test("a create answers every declared output, each of its declared type, and no undeclared one", async () => {
    made = await handler.create(inputs);
    const outputs = handler.definition.outputs;
    const parsed = outputs.strict().safeParse(shown(made.outs));
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${[...i.path, ...("keys" in i ? i.keys : [])].join(".")}: ${i.message}`)).toEqual([]);
    // A declared output that is optional may be unset, but it is still a key: a program reading it gets a value.
    const absent = Object.keys(outputs.shape).filter((k) => !(k in made!.outs) && outputs.shape[k] !== madeAt);
    expect(absent).toEqual([]);
    await collect();
  });

  test("the plugin schema declares exactly the outputs of the zod schema, and requires the ones always set", () => {
    const spec = schema.resources[`openai:index:${type}`];
    const shape = handler.definition.outputs.shape;
    expect(Object.keys(spec.properties).sort()).toEqual(Object.keys(shape).filter((k) => !internal(k)).sort());
    const alwaysSet = Object.keys(shape).filter((k) => !shape[k].safeParse(undefined).success && !shape[k].safeParse(null).success);
    expect([...(spec.required ?? [])].sort()).toEqual(alwaysSet.sort());
  });

  test("a read right after the create answers the same outputs", async () => {
    const { id, outs } = created();
    const read = await handler.read(id, outs);
    expect(read.id).toBe(id);
    const filled = Object.keys(example.filledByRead ?? {});
    expect(filled.filter((k) => outs[k] !== null)).toEqual([]);
    const unfilled = (props: Props) => Object.fromEntries(Object.entries(shown(props)).filter(([k]) => !filled.includes(k)));
    expect(unfilled(read.props)).toEqual(unfilled(outs));
    readOuts = read.props;
    await collect();
  });

  test("adopting by the import id, by `pulumi import` or by the import option, answers what a read answers", async () => {
    const { id } = created();
    const importId = example.importId?.(created()) ?? id;
    const notAdopted = Object.keys(example.notAdopted ?? {});
    const outputs = handler.definition.outputs;

    const imported = await handler.import(importId);
    expect(imported.id).toBe(id);
    // Where the API's object carries no creation time, only the create could note one.
    const compared = (props: Props) =>
      Object.fromEntries(Object.entries(shown(props)).filter(([k]) => !notAdopted.includes(k) && (k !== "createdAt" || imported.props.createdAt != null)));
    expect(compared(imported.props)).toEqual(compared(readOuts));
    const adoptable = z.strictObject(Object.fromEntries(Object.entries(outputs.shape).filter(([k]) => !notAdopted.includes(k))));
    const parsed = adoptable.safeParse(
      Object.fromEntries(Object.entries(shown(imported.props)).filter(([k]) => !notAdopted.includes(k))),
    );
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
    // The inputs `pulumi import` answers pass their own check: the engine checks them, and the program it writes
    // from them must make the same object at the next up.
    const unknowable = Object.fromEntries(notAdopted.filter((k) => k in inputs).map((k) => [k, inputs[k]]));
    expect((await handler.check({}, { ...imported.inputs, ...unknowable })).failures).toEqual([]);

    const adopted = await handler.create({ ...inputs, importId });
    expect(adopted.id).toBe(id);
    expect(compared(adopted.outs)).toEqual(compared(readOuts));
    await collect();
  });

  test("it deletes first exactly when each create makes a new object (the duplicate guard refuses a second), not when it is keyed", async () => {
    const { id } = created();
    // The same inputs again: a keyed object is the same object (taken over); a made one would be a duplicate.
    const again = await handler.create(inputs).then(
      (m) => ({ sameObject: m.id === id, refusal: undefined }),
      (e: Error) => ({ sameObject: false, refusal: e.message }),
    );
    const made = !again.sameObject;
    if (made && again.refusal) expect(again.refusal).toMatch(/create refused, nothing was sent: the organization already has/);
    expect({ type, deletesFirst: deletesFirst(type, handler) }).toEqual({ type, deletesFirst: made });
    await collect();
  });

  test("an update in place and a delete succeed, and the delete sends its request unless it only leaves state", async () => {
    const { id, outs } = created();
    let current = outs;
    if (example.update) {
      const news = (await handler.check(inputs, { ...example.inputs, ...example.update })).inputs;
      const diff = await handler.diff(id, current, news);
      expect({ changes: diff.changes, replaces: diff.replaces }).toEqual({ changes: true, replaces: [] });
      current = (await handler.update(id, current, news)).outs;
    }
    await collect();
    // A later run: the takeovers above were this process's (ownership.ts), and the object is this resource's again.
    forgetListings();
    await handler.delete(id, current);
    expect((await collect()).requests.length > 0).toBe(example.deleteSendsNothing === undefined);
  });

  test("every request went to a documented endpoint, and the limiter keyed it by its template, never by an object id", () => {
    expect(requests.length).toBeGreaterThan(0);
    const unknown = requests.filter((r) => r.endpoint === null).map((r) => `${r.method} ${r.path}`);
    expect({ "paths the emulator has no route for": unknown }).toEqual({ "paths the emulator has no route for": [] });
    const undocumented = requests.map((r) => `${r.method} ${r.path}`).filter((r) => ![...documented].some((t) => instanceOf(r, t)));
    expect({ "requests the official openai package has no endpoint for": undocumented }).toEqual({ "requests the official openai package has no endpoint for": [] });
    // One limiter key per request, and each is the template the request's path was made from.
    const templates = requests.map((r) => normalized(r.endpoint ?? `${r.method} ${r.path}`)).sort();
    expect(keys.map(normalized).sort()).toEqual(templates);
    // Said plainly, for the failure message: no key holds a segment of a request's path that the template leaves open.
    const ids = new Set(requests.flatMap((r) => params(r)));
    expect(keys.filter((k) => k.split(/[ /]/).some((segment) => ids.has(segment)))).toEqual([]);
  });
});

/** The path segments of a request that its template leaves as parameters: the object ids it names. */
function params(r: LoggedRequest): string[] {
  if (r.endpoint === null) return [];
  const template = r.endpoint.split(" ")[1].split("/");
  return r.path.split("/").filter((_, i) => /^\{.*\}$/.test(template[i] ?? ""));
}
