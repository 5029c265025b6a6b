/**
 * The provider plugin: every resource in the `resources` registry served under `openai:index:<Type>`, and every
 * read function under `openai:index:<name>`, through `@pulumi/pulumi/provider`, calling the same handlers and
 * reads as the TypeScript SDK.
 *
 * How Pulumi runs it (pulumi/pulumi `sdk/nodejs/cmd/pulumi-language-nodejs` RunPlugin): the language
 * host runs `node <plugin dir's @pulumi/pulumi/cmd/run-plugin> <plugin dir> [--logtostderr] [-v=N]
 * <engine address>` in the consuming project's directory, with the stack's `openai:*` config as JSON
 * in PULUMI_CONFIG. run-plugin requires the plugin directory (package.json `main`) and calls the
 * export, which lands in {@link serve}.
 */
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { main, type Provider } from "@pulumi/pulumi/provider";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { z } from "zod";
import { packageVersion } from "../client/version";
import { configure } from "../credentials";
import type { DefinedResource, Props } from "../handler";
import { resources } from "../index";
import { argFailures, readFunctions } from "../reads";
import { checkConfig, configSource, pulumiConfigFromEnv } from "./config";
import { PACKAGE, packageSchema } from "./schema";
import { rewrap, unwrapSecrets } from "./secrets";

/** The handler serving a URN's type, e.g. `urn:pulumi:dev::p::openai:index:Project::a` → Project. */
function handlerFor(urn: string): { type: string; handler: DefinedResource } {
  // A URN's third part is the type, prefixed by its parents' types and `$` when it has a parent.
  const qualified = urn.split("::")[2] ?? "";
  const tok = qualified.slice(qualified.lastIndexOf("$") + 1);
  const [pkg, mod, type] = tok.split(":");
  const handler = pkg === PACKAGE && mod === "index" ? resources[type] : undefined;
  if (!handler) throw new Error(`unknown resource type ${tok}: this provider serves ${Object.keys(resources).map((t) => `${PACKAGE}:index:${t}`).join(", ")}`);
  return { type, handler };
}

/** The read function a token names, e.g. `openai:index:getAuditLogs`. */
function readFor(tok: string) {
  const [pkg, mod, name] = tok.split(":");
  const f = pkg === PACKAGE && mod === "index" && Object.hasOwn(readFunctions, name) ? readFunctions[name] : undefined;
  if (!f) throw new Error(`unknown function ${tok}: this provider serves ${Object.keys(readFunctions).map((n) => `${PACKAGE}:index:${n}`).join(", ")}`);
  return { name, f };
}

const described = new Map<string, { inputKeys: string[]; secretInputs: string[]; secretOutputs: string[] }>();

/** Input keys, and the inputs and outputs the schema marks secret, read once per type from the handler's schemas. */
function shapeOf(type: string, handler: DefinedResource): { inputKeys: string[]; secretInputs: string[]; secretOutputs: string[] } {
  let d = described.get(type);
  if (!d) {
    const props = (s: z.ZodType, io: "input" | "output") =>
      ((z.toJSONSchema(s, { io, unrepresentable: "any" }) as { properties?: Record<string, { secret?: boolean }> }).properties ?? {});
    const { inputs, outputs } = handler.definition;
    const secret = (p: Record<string, { secret?: boolean }>) => Object.entries(p).filter(([, x]) => x.secret).map(([k]) => k);
    d = {
      inputKeys: Object.keys(props(inputs, "input")),
      secretInputs: secret(props(inputs, "input")),
      secretOutputs: Object.entries(props(outputs, "output"))
        .filter(([, p]) => p.secret)
        .map(([k]) => k),
    };
    described.set(type, d);
  }
  return d;
}

/** The resource operations, over the handlers; secrets are unwrapped on the way in and wrapped again on the way out. */
export function provider(): Provider {
  return {
    version: packageVersion(),
    // `schema`, not `getSchema`: @pulumi/pulumi before getSchema existed (3.139.0, our minimum) answers GetSchema
    // from this string only, and answered "{}" (provider/server.js, getSchema); newer versions read it first.
    schema: JSON.stringify(packageSchema()),

    async check(urn, olds, news) {
      const { type, handler } = handlerFor(urn);
      const r = await handler.check(unwrapSecrets(olds) as Props, unwrapSecrets(news) as Props);
      // An input the schema marks secret (a certificate's body) stays secret even when a program sent it plain.
      return { inputs: rewrap(r.inputs, news, shapeOf(type, handler).secretInputs), failures: r.failures };
    },

    async create(urn, inputs) {
      const { type, handler } = handlerFor(urn);
      const r = await handler.create(unwrapSecrets(inputs) as Props);
      return { id: r.id, outs: rewrap(r.outs, inputs, shapeOf(type, handler).secretOutputs) };
    },

    async read(id, urn, props) {
      const { type, handler } = handlerFor(urn);
      const secretOutputs = shapeOf(type, handler).secretOutputs;
      // No state: `pulumi import` or the `import` option, which also need the inputs that make the object.
      if (!props || Object.keys(props).length === 0) {
        const found = await handler.import(id);
        if (!found.id) return { id: "", props: {} };
        return { id: found.id, props: rewrap(found.props, {}, secretOutputs), inputs: rewrap(found.inputs, {}, shapeOf(type, handler).secretInputs) };
      }
      const r = await handler.read(id, unwrapSecrets(props) as Props);
      return { id: r.id, props: rewrap(r.props, props, secretOutputs) };
    },

    async update(id, urn, olds, news) {
      const { type, handler } = handlerFor(urn);
      const r = await handler.update(id, unwrapSecrets(olds) as Props, unwrapSecrets(news) as Props);
      return { outs: rewrap(r.outs, news, shapeOf(type, handler).secretOutputs) };
    },

    async delete(id, urn, props) {
      await handlerFor(urn).handler.delete(id, unwrapSecrets(props) as Props);
    },

    // With the key the provider was configured with, as the resources use it. Wrong arguments come back as
    // failures naming each one, before any request.
    async invoke(tok, args) {
      const { name, f } = readFor(tok);
      const parsed = f.args.safeParse(unwrapSecrets(args ?? {}));
      if (!parsed.success) return { failures: argFailures(parsed.error) };
      try {
        return { outputs: await f.call(parsed.data as Props) };
      } catch (e) {
        // The client's errors name the call and never the key; this says which function the engine ran.
        throw new Error(`OpenAI ${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    },
  };
}

type Callback<T> = (err: unknown, res?: T | null) => void;
type Unary<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void;

function unary<Req, Res>(fn: (req: Req) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };
}

const toJs = (s: { toJavaScript(): unknown } | undefined): Props => (s?.toJavaScript() ?? {}) as Props;

/**
 * The three calls `@pulumi/pulumi/provider`'s server answers in a way this provider cannot use
 * (pulumi/pulumi `sdk/nodejs/provider/server.ts`: CheckConfig is "not yet implemented", Configure
 * drops its arguments, Diff has no detailed diff); everything else stays the library's.
 */
const engineCalls = {
  /** Validates the provider's config; the admin key goes back wrapped as a secret even if it came in plain. */
  checkConfig: unary<provproto.CheckRequest, provproto.CheckResponse>(async (req) => {
    const news = toJs(req.getNews());
    const resp = new provproto.CheckResponse();
    resp.setInputs(structFrom(rewrap(news, news, ["adminKey"])));
    resp.setFailuresList(
      checkConfig(news).map((f) => {
        const failure = new provproto.CheckFailure();
        failure.setProperty(f.property);
        failure.setReason(f.reason);
        return failure;
      }),
    );
    return resp;
  }),

  /** Takes the provider's arguments (a default provider's are the stack config; an explicit one's, its own). */
  configure: unary<provproto.ConfigureRequest, provproto.ConfigureResponse>(async (req) => {
    const values: Props = req.hasArgs() ? toJs(req.getArgs()) : Object.fromEntries(req.getVariablesMap().entries());
    configure(configSource(values));
    const resp = new provproto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    return resp;
  }),

  /** The handler's diff, plus which property changes and how, for `pulumi preview --diff`. */
  diff: unary<provproto.DiffRequest, provproto.DiffResponse>(async (req) => {
    const { type, handler } = handlerFor(req.getUrn());
    const olds = unwrapSecrets(toJs(req.getOlds())) as Props;
    const news = unwrapSecrets(toJs(req.getNews())) as Props;
    const r = await handler.diff(req.getId(), olds, news);
    const { inputKeys } = shapeOf(type, handler);
    const resp = new provproto.DiffResponse();
    resp.setChanges(r.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    resp.setReplacesList(r.replaces);
    resp.setDeletebeforereplace(r.deleteBeforeReplace);
    resp.setDiffsList(r.diffs);
    resp.setHasdetaileddiff(true);
    const detailed = resp.getDetaileddiffMap();
    for (const key of r.diffs) {
      const d = new provproto.PropertyDiff();
      d.setKind(kindOf(key, olds, news, inputKeys, r.replaces.includes(key)));
      detailed.set(key, d);
    }
    return resp;
  }),
};

function kindOf(key: string, olds: Props, news: Props, inputKeys: string[], replaces: boolean): provproto.PropertyDiff.Kind {
  const K = provproto.PropertyDiff.Kind;
  // A property the user does not write (drift such as an archived project's status) can only have changed.
  if (!inputKeys.includes(key) || (olds[key] != null && news[key] != null)) return replaces ? K.UPDATE_REPLACE : K.UPDATE;
  if (olds[key] == null) return replaces ? K.ADD_REPLACE : K.ADD;
  return replaces ? K.DELETE_REPLACE : K.DELETE;
}

// The protobuf and gRPC modules @pulumi/pulumi itself loaded: messages must be built by the same copies.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = <T>(id: string): T => require(require.resolve(id, { paths: [pulumiDir] })) as T;

function structFrom(v: Props): Struct {
  const proto = fromPulumi<{ Struct: typeof Struct }>("google-protobuf/google/protobuf/struct_pb");
  return proto.Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));
}

/**
 * Starts the plugin: the stack config from PULUMI_CONFIG, then `@pulumi/pulumi/provider`'s `main`,
 * which prints the port on stdout as the first line.
 */
export async function serve(args: string[]): Promise<void> {
  configure(configSource(pulumiConfigFromEnv()));
  // `main` builds its gRPC server and adds the provider service synchronously, before its first
  // await; for that one call the service gets the three calls above in front of the library's own.
  const { Server } = fromPulumi<typeof grpcTypes>("@grpc/grpc-js");
  const addService = Server.prototype.addService;
  let added = false;
  Server.prototype.addService = function (service, implementation) {
    added = true;
    return addService.call(this, service, Object.assign(Object.create(implementation), engineCalls));
  };
  let started: Promise<void>;
  try {
    started = main(provider(), args);
  } finally {
    Server.prototype.addService = addService;
  }
  if (!added) throw new Error("this @pulumi/pulumi no longer adds its provider service as expected; the plugin cannot start");
  await started;
}
