import * as path from "node:path";

/**
 * Tells the person running `pulumi up` something they must know without failing the step.
 *
 * The dynamic-provider plugin never connects `pulumi.log` to the engine, and the engine keeps plugin
 * stderr for its debug log only; so besides stderr the warning goes to the engine's Log service, at
 * the address the engine hands every provider plugin as an argument (how real providers log).
 */
export async function warn(message: string): Promise<void> {
  console.warn(`warning: ${message}`);
  const address = engineAddress(process.argv.slice(2));
  if (!address) return;
  try {
    // grpc is resolved through @pulumi/pulumi (always present where the plugin runs), not our own deps.
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
    const engine = new EngineClient(address, grpc.credentials.createInsecure());
    const req = new LogRequest().setSeverity(LogSeverity.WARNING).setMessage(message);
    await new Promise<void>((resolve) => {
      engine.log(req, { deadline: Date.now() + 5_000 }, () => resolve());
    });
    engine.close();
  } catch {
    // No engine to tell (a test harness, an engine already gone): stderr still has it.
  }
}

/**
 * The engine address among a plugin's arguments: the first that is not a flag. With `pulumi -v=9
 * --logtostderr` the engine puts `--logtostderr`, `-v=9` and `--tracing <endpoint>` before it
 * (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go `buildPluginArguments`).
 */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) return /^[\w.[\]:-]+:\d+$/.test(args[i]) ? args[i] : undefined;
  }
  return undefined;
}
