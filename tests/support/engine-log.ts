import * as grpc from "@grpc/grpc-js";

const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

/** One diagnostic a provider sent to the engine. */
export interface EngineLog {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
}

const SEVERITY: Record<number, EngineLog["severity"]> = {
  [LogSeverity.DEBUG]: "debug",
  [LogSeverity.INFO]: "info",
  [LogSeverity.WARNING]: "warning",
  [LogSeverity.ERROR]: "error",
};

/** The engine's Log service, and only it: what the CLI would show a user as diagnostics. */
export async function engineLogServer(): Promise<{ address: string; logs: EngineLog[]; close(): Promise<void> }> {
  const logs: EngineLog[] = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log(call: { request: { getSeverity(): number; getMessage(): string } }, callback: grpc.sendUnaryData<unknown>) {
      logs.push({ severity: SEVERITY[call.request.getSeverity()], message: call.request.getMessage() });
      callback(null, new emptyproto.Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, logs, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
