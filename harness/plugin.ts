import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";

/** The value the engine puts in place of an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Builds a resource URN the way the engine does for a top-level resource. */
export function urn(type: string, name: string, stack = "dev", project = "test"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Plain-object property bag, as sent to and returned by the plugin. */
export type Props = Record<string, unknown>;

/** What `check` answers. */
export interface CheckResponse {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

/** What `diff` answers. `unknown` is also what a provider without a `diff` method yields. */
export interface DiffResponse {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** A running dynamic-provider plugin and a typed gRPC client for it. */
export interface PluginClient {
  /** Process id of the plugin. */
  readonly pid: number;
  /** Everything the plugin wrote to stdout and stderr so far, interleaved in arrival order. */
  output(): string;
  /** Peak resident set size of the plugin (Linux VmHWM), or undefined where /proc is not available. */
  peakRssBytes(): number | undefined;
  /** `secretKeys` are sent wrapped as secrets, as the engine sends `pulumi config set --secret` values. */
  configure(config: Record<string, string>, secretKeys?: string[]): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<CheckResponse>;
  /** `olds` are the old outputs (what the dynamic provider's `diff` gets); `oldInputs` goes along as the engine sends it. */
  diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffResponse>;
  create(urn: string, properties: Props, opts?: { preview?: boolean }): Promise<{ id: string; properties: Props }>;
  read(id: string, urn: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update(id: string, urn: string, olds: Props, news: Props, opts?: { preview?: boolean }): Promise<{ properties: Props }>;
  delete(id: string, urn: string, properties: Props): Promise<void>;
  /** Closes the channel and stops the plugin (SIGTERM, then SIGKILL after a short grace); resolves once it has exited. */
  close(): Promise<void>;
}

/** Options for {@link startPlugin}. */
export interface StartPluginOptions {
  /** Working directory of the plugin: the program directory, since the serialized provider `require()`s from there. */
  cwd: string;
  /**
   * The engine address the plugin is given, as the engine passes its own; the plugin never dials it, but
   * a provider may (to log). Default `127.0.0.1:1`, where nothing listens.
   */
  engineAddress?: string;
  /** Environment of the plugin; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the plugin to print its port; defaults to 15 s. */
  startTimeoutMs?: number;
  /**
   * Pass the log flags the CLI adds when run with `-v=9 --logtostderr` (`--logtostderr -v=9`), before the
   * engine address, as pulumi/pulumi sdk/go/common/resource/plugin/plugin.go `buildPluginArguments` does.
   */
  logFlags?: boolean;
  /**
   * The project name, given to the plugin as `PULUMI_NODEJS_PROJECT` and `PULUMI_PROJECT`
   * (pkg/resource/plugin/provider_plugin.go `NewProvider`); the dynamic provider's config reads
   * unqualified keys under it.
   */
  project?: string;
  /**
   * The stack config; the plugin gets the keys of its own package (`pulumi-nodejs:*`, without the namespace) as
   * JSON in `PULUMI_CONFIG` (pkg/host/host.go `Provider`), which for a program's config is usually `{}`.
   */
  config?: Record<string, string>;
}

/** The ErrorResourceInitFailed detail of a Create or Update error: the object exists but did not initialize. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** An error from a plugin call: the message is the gRPC status details. */
export interface PluginError extends Error {
  code?: grpc.status;
  /** Set when the provider's error carried an id (pkg/resource/plugin/provider_plugin.go `parseError`). */
  initFailed?: InitFailure;
}

/** The plugin's argv after the script: log flags (when asked), then the engine address. */
export function pluginArgs(opts: Pick<StartPluginOptions, "engineAddress" | "logFlags">): string[] {
  return [...(opts.logFlags ? ["--logtostderr", "-v=9"] : []), opts.engineAddress ?? "127.0.0.1:1"];
}

/** The environment the engine starts the plugin with, over `base`. */
export function pluginEnv(base: NodeJS.ProcessEnv, opts: Pick<StartPluginOptions, "project" | "config">): NodeJS.ProcessEnv {
  const own = Object.entries(opts.config ?? {})
    .filter(([k]) => k.startsWith("pulumi-nodejs:"))
    .map(([k, v]) => [k.slice("pulumi-nodejs:".length), v]);
  return {
    ...base,
    ...(opts.project ? { PULUMI_NODEJS_PROJECT: opts.project, PULUMI_PROJECT: opts.project } : {}),
    PULUMI_CONFIG: JSON.stringify(Object.fromEntries(own)),
  };
}

// The dynamic provider packs ErrorResourceInitFailed into the `grpc-status-details-bin` trailer
// (sdk/nodejs/cmd/dynamic-provider/index.ts `grpcResponseFromError`); the engine unpacks it in `parseError`.
function initFailure(err: grpc.ServiceError): InitFailure | undefined {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return undefined;
  for (const any of Status.deserializeBinary(new Uint8Array(bin as Buffer)).getDetailsList()) {
    if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
  }
  return undefined;
}

const DIFF_CHANGES: Record<number, DiffResponse["changes"]> = {
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
};

// protobuf Structs cannot hold `undefined`; the engine never sends it either, so drop it like JSON does.
function toStruct(value: Props): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** A Pulumi secret as the wire carries it (the SDK's `specialSigKey` / `specialSecretSig`). */
export function secret(value: unknown): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

function fromStruct(value: Struct | undefined): Props {
  return (value?.toJavaScript() ?? {}) as Props;
}

/**
 * Starts `@pulumi/pulumi`'s dynamic-provider plugin (what the engine runs as `pulumi-resource-pulumi-nodejs`)
 * and connects to it over gRPC.
 */
export async function startPlugin(opts: StartPluginOptions): Promise<PluginClient> {
  const pluginPath = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const child = spawn(process.execPath, [pluginPath, ...pluginArgs(opts)], {
    cwd: opts.cwd,
    env: pluginEnv(opts.env ?? process.env, opts),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let port: number;
  try {
    port = await readPort(child, () => stdout, () => output, opts.startTimeoutMs ?? 15_000);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    throw err;
  }

  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const pid = child.pid as number;
  let lastPeak: number | undefined;
  const peakRssBytes = (): number | undefined => {
    try {
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) lastPeak = Number(match[1]) * 1024;
    } catch {
      // The process is gone (or this is not Linux): keep the last reading.
    }
    return lastPeak;
  };

  // Adapts a generated unary call to a promise whose rejection carries the gRPC details as its message.
  function call<Res>(start: (cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
      start((err, res) => {
        if (err) {
          const error: PluginError = new Error(err.details || err.message);
          error.code = err.code;
          const init = initFailure(err);
          if (init) error.initFailed = init;
          reject(error);
        } else {
          resolve(res);
        }
      });
    });
  }

  return {
    pid,
    output: () => output,
    peakRssBytes,

    async configure(config, secretKeys = []) {
      // As pkg/resource/plugin/provider_plugin.go `Configure` sends them: `args` keeps secrets as secrets
      // (KeepSecrets), `variables` has them in plain text; the dynamic provider unwraps the former.
      const req = new provproto.ConfigureRequest();
      const args = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, secretKeys.includes(k) ? secret(v) : v]));
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      // ConfigureRequest's `type` is newer than the oldest @pulumi/pulumi we support (3.139.0's proto lacks it).
      const typed = req as unknown as { setType?: (t: string) => void };
      typed.setType?.("pulumi:providers:pulumi-nodejs");
      for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(`pulumi-nodejs:config:${k}`, v);
      await call<provproto.ConfigureResponse>((cb) => client.configure(req, cb));
    },

    async check(resourceUrn, olds, news) {
      const req = new provproto.CheckRequest();
      req.setUrn(resourceUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const res = await call<provproto.CheckResponse>((cb) => client.check(req, cb));
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(id, resourceUrn, olds, news, oldInputs) {
      const req = new provproto.DiffRequest();
      req.setId(id);
      req.setUrn(resourceUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await call<provproto.DiffResponse>((cb) => client.diff(req, cb));
      return {
        changes: DIFF_CHANGES[res.getChanges()],
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },

    async create(resourceUrn, properties, callOpts) {
      const req = new provproto.CreateRequest();
      req.setUrn(resourceUrn);
      req.setProperties(toStruct(properties));
      req.setPreview(callOpts?.preview ?? false);
      const res = await call<provproto.CreateResponse>((cb) => client.create(req, cb));
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(id, resourceUrn, properties, inputs) {
      const req = new provproto.ReadRequest();
      req.setId(id);
      req.setUrn(resourceUrn);
      req.setProperties(toStruct(properties));
      if (inputs) req.setInputs(toStruct(inputs));
      const res = await call<provproto.ReadResponse>((cb) => client.read(req, cb));
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
      };
    },

    async update(id, resourceUrn, olds, news, callOpts) {
      const req = new provproto.UpdateRequest();
      req.setId(id);
      req.setUrn(resourceUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      req.setPreview(callOpts?.preview ?? false);
      const res = await call<provproto.UpdateResponse>((cb) => client.update(req, cb));
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(id, resourceUrn, properties) {
      const req = new provproto.DeleteRequest();
      req.setId(id);
      req.setUrn(resourceUrn);
      req.setProperties(toStruct(properties));
      await call<Empty>((cb) => client.delete(req, cb));
    },

    async close() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        peakRssBytes();
        child.kill("SIGTERM");
        const grace = setTimeout(() => child.kill("SIGKILL"), 2_000);
        await exited;
        clearTimeout(grace);
      }
    },
  };
}

// The plugin announces its port as the first stdout line; anything else first means it failed to start.
function readPort(child: ChildProcess, stdout: () => string, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`dynamic-provider plugin ${why}; output:\n${output()}`));
    };
    const onData = () => {
      const newline = stdout().indexOf("\n");
      if (newline < 0) return;
      const port = Number(stdout().slice(0, newline).trim());
      cleanup();
      if (Number.isInteger(port) && port > 0) resolve(port);
      else fail("did not print a port first");
    };
    const onExit = (code: number | null) => fail(`exited (code ${code}) before printing its port`);
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}
