import { spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { removeTempDir, tempDir } from "../../harness/temp";

/** A running provider plugin, started the way the Pulumi CLI starts one, and a gRPC client to it. */
export interface LaunchedPlugin {
  client: provrpc.ResourceProviderClient;
  /** Every answer so far (method, then the message as JSON, or the error's details), for searching. */
  answers: string[];
  /** Calls a unary method and records its answer; a failure rejects with the gRPC details as the message. */
  call<Res extends { toObject(): unknown }>(method: keyof provrpc.ResourceProviderClient, req: unknown): Promise<Res>;
  /** Everything the plugin printed (stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Runs the installed package's executable `<pluginDir>/provider-plugin/pulumi-resource-openai --logtostderr -v=9
 * <engine>` with `cwd` (the consuming project) as working directory, as the Pulumi CLI runs a plugin a program's
 * Pulumi.yaml names by path, and reads the port from the first line of stdout.
 */
export async function launchPlugin(opts: { pluginDir: string; cwd: string; env: NodeJS.ProcessEnv; engineAddress: string }): Promise<LaunchedPlugin> {
  const executable = `${opts.pluginDir}/provider-plugin/pulumi-resource-openai`;
  // The plugin gets a temp directory of its own, removed when it closes, so a run leaves nothing behind.
  const pluginTemp = await tempDir("openai-admin-plugin-tmp-");
  const child = spawn(executable, ["--logtostderr", "-v=9", opts.engineAddress], {
    cwd: opts.cwd,
    env: { ...opts.env, TMPDIR: pluginTemp, TMP: pluginTemp, TEMP: pluginTemp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      stdout += chunk;
      const line = /^(\d+)\r?\n/.exec(stdout);
      if (line) resolve(Number(line[1]));
      else if (stdout.includes("\n")) reject(new Error(`the plugin's first line is not a port: ${stdout}`));
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port:\n${output}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const answers: string[] = [];
  return {
    client,
    answers,
    output: () => output,
    call<Res extends { toObject(): unknown }>(method: keyof provrpc.ResourceProviderClient, req: unknown) {
      return new Promise<Res>((resolve, reject) => {
        const fn = client[method] as unknown as (r: unknown, cb: (err: grpc.ServiceError | null, res: Res) => void) => void;
        fn.call(client, req, (err, res) => {
          if (err) {
            answers.push(`${String(method)}: ${err.details}`);
            reject(Object.assign(new Error(err.details || err.message), { code: err.code }));
          } else {
            answers.push(`${String(method)}: ${JSON.stringify(res.toObject())}`);
            resolve(res);
          }
        });
      });
    },
    async close() {
      client.close();
      child.kill("SIGTERM");
      await exited;
      await removeTempDir(pluginTemp);
    },
  };
}
