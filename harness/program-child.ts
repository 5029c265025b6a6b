// Runs one Pulumi program under pulumi.runtime.setMocks and writes what it registered to a JSON file.
// Started by runProgram (capture.ts) as a child process so every program gets a fresh @pulumi/pulumi
// runtime, its own PULUMI_CONFIG, and a cwd of its own, exactly like the Node language host gives it.
import { AsyncLocalStorage } from "async_hooks";
import * as fs from "fs";
import * as path from "path";
import type * as pulumiModule from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import type { Captured, ChildJob, ChildMode, DriverReply, DriverRequest, ResourceOptions } from "./capture";

// What the engine sends for a value not known yet; a preview's unknown outputs arrive in inputs as this.
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Pulumi = typeof pulumiModule;
type NewResource = pulumiModule.runtime.Mocks["newResource"];
type RegisterCallback = (err: Error | null, res?: RegisterResourceResponse) => void;
interface RegisteringMonitor {
  registerResource(req: RegisterResourceRequest, callback: RegisterCallback): unknown;
  newUrn(parent: string, type: string, name: string): string;
}

// The request behind the newResource call in progress: MockResourceArgs carries no URN, parent or
// dependencies, and the driver needs all three.
const registering = new AsyncLocalStorage<RegisterResourceRequest>();

// One entry per mode: what the mocked engine answers for a registration.
const engines: Record<ChildMode, (pulumi: Pulumi) => NewResource> = {
  capture: () => (args) => ({ id: `${args.name}_id`, state: args.inputs }),
  driver: askParent,
};

// The driver (in the parent process) answers each registration; several may be awaited at once,
// since the program registers concurrently and a real engine would not serialize them either.
function askParent(pulumi: Pulumi): NewResource {
  const channel = process.channel;
  if (!channel || !process.send) throw new Error("driver mode needs an IPC channel to the parent process");
  const send = process.send.bind(process);
  const waiting = new Map<number, (reply: DriverReply) => void>();
  let seq = 0;
  // An open channel keeps node alive, which would hide the empty event loop that marks the end of the
  // program (see main); so it holds the loop only while an answer is awaited.
  channel.unref();
  process.on("message", (reply: DriverReply) => {
    const resolve = waiting.get(reply.seq);
    waiting.delete(reply.seq);
    if (waiting.size === 0) channel.unref();
    resolve?.(reply);
  });
  return async (args) => {
    const req = registering.getStore();
    if (!req) throw new Error(`the driver cannot read or import existing resources (${args.type} ${args.name})`);
    const monitor = pulumi.runtime.getMonitor() as unknown as RegisteringMonitor;
    const message: DriverRequest = {
      seq: ++seq,
      registration: {
        type: args.type,
        name: args.name,
        urn: monitor.newUrn(req.getParent(), args.type, args.name),
        custom: req.getCustom(),
        inputs: withUnknowns(pulumi, args.inputs) as Record<string, unknown>,
        parent: req.getParent() || undefined,
        dependsOn: req.getDependenciesList(),
        options: optionsOf(monitor, req),
      },
    };
    const reply = await new Promise<DriverReply>((resolve) => {
      waiting.set(message.seq, resolve);
      channel.ref();
      send(message);
    });
    if ("error" in reply) throw new Error(reply.error);
    return { id: reply.registered.id, state: reply.registered.outputs };
  };
}

// In a preview, an unknown output reaches MockResourceArgs.inputs as the SDK's `unknown` object, which JSON
// would turn into `{}`; the engine would see the unknown sentinel, so the driver gets that.
function withUnknowns(pulumi: Pulumi, value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map((v) => withUnknowns(pulumi, v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(pulumi, v)]));
  }
  return value;
}

// The options the engine reads from the request (pkg/resource/deploy/source_eval.go `resmon.RegisterResource`).
function optionsOf(monitor: RegisteringMonitor, req: RegisterResourceRequest): ResourceOptions {
  const aliases = [
    ...req.getAliasurnsList(),
    ...req.getAliasesList().map((a) => {
      if (a.hasUrn()) return a.getUrn();
      const spec = a.getSpec();
      if (!spec) return "";
      const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
      return monitor.newUrn(parent, spec.getType() || req.getType(), spec.getName() || req.getName());
    }),
  ].filter(Boolean);
  return {
    protect: req.getProtect() ?? false,
    retainOnDelete: req.getRetainondelete() ?? false,
    ignoreChanges: req.getIgnorechangesList(),
    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
    replaceOnChanges: req.getReplaceonchangesList(),
    aliases,
    importId: req.getImportid() || undefined,
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
}

// Wraps the mock monitor's registerResource: MockResourceArgs carries no parent, dependencies or URN,
// but the request and response do. The request also reaches newResource, through `registering`.
function recordRegistrations(pulumi: Pulumi, into: Captured[]): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as RegisteringMonitor;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    registering.run(req, () => original(req, (err, res) => {
      if (!err && res) {
        const object = req.getObject();
        into.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          id: res.getId() || undefined,
          custom: req.getCustom(),
          // The same deserialization MockMonitor applies to produce MockResourceArgs.inputs.
          inputs: object ? pulumi.runtime.deserializeProperties(object) : {},
          parent: req.getParent() || undefined,
          dependsOn: req.getDependenciesList(),
          options: optionsOf(monitor, req),
        });
      }
      callback(err, res);
    }));
}

async function main(job: ChildJob): Promise<void> {
  // require() loads TypeScript through the hook runProgram's bootstrap installed (capture.ts childCommand).
  // The program's own copy of @pulumi/pulumi must be the one that gets the mocks.
  const pulumi: Pulumi = require(require.resolve("@pulumi/pulumi", { paths: [path.dirname(job.entry)] }));
  const resources: Captured[] = [];
  const newResource = engines[job.mode](pulumi);
  await pulumi.runtime.setMocks(
    { newResource, call: (args) => args.inputs },
    job.project,
    job.stack,
    job.preview,
  );
  recordRegistrations(pulumi, resources);

  // Like the Node language host, treat the program as finished when the event loop is empty: then no
  // timer, socket or pending call can start another registration, whether or not the program awaited
  // it. (Awaiting the exported function and then pulumi.runtime.disconnect() alone misses a resource
  // made from a bare setTimeout.) What is left is the RPC queue, which disconnect() waits out.
  let programDone = false;
  let finishing = false;
  process.on("beforeExit", () => {
    if (finishing) return;
    finishing = true;
    if (!programDone) {
      fail(new Error("the program's exported function never settled"));
      return;
    }
    // If a registration waits on a promise nothing will settle, the queue never drains and, with no
    // work left, node exits without another beforeExit. @pulumi/pulumi's own exit hook (registered
    // earlier, so it runs first) names the stuck registrations; this one makes sure it is a failure.
    let written = false;
    process.on("exit", () => {
      if (written) return;
      console.error("the program left work that never completes (a cyclic dependency or a promise that never settles)");
      if (!process.exitCode) process.exitCode = 1;
    });
    void pulumi.runtime.disconnect().then(() => {
      fs.writeFileSync(job.outFile, JSON.stringify({ resources }));
      written = true;
      process.exit(0);
    }, fail);
  });

  const exported = require(job.entry);
  const program = typeof exported === "function" ? exported : exported?.default;
  if (typeof program === "function") await program();
  programDone = true;
}

function fail(err: unknown): void {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
}

// A failed registration surfaces as an unhandled rejection, as under the real language host.
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
main(JSON.parse(process.argv[2]) as ChildJob).catch(fail);
