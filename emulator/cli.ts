#!/usr/bin/env node
import { DEV_ADMIN_KEY, EmulatorOptions, startEmulator } from "./index";
import { networkWarning } from "./listen";

const USAGE = `Usage: openai-admin-emulator [--port N] [--host H] [--admin-key K] [--state-file F] [--seed S]
                             [--request-log-limit N]

Serves a local OpenAI Administration API at http://H:N/v1 until SIGINT or SIGTERM.
  --port N               port to listen on (default 0: any free port)
  --host H               interface to listen on (default 127.0.0.1); any other than loopback makes
                         the emulator reachable from the network and its control calls need the key
  --admin-key K          key clients must send (default $OPENAI_ADMIN_KEY, else a built-in development key)
  --state-file F         keep the org in this JSON file across restarts
  --seed S               seed ids and probabilistic faults (integer)
  --request-log-limit N  request-log entries kept for /__emulator/requests (default 100000)
`;

class UsageError extends Error {}

function integer(flag: string, value: string, max: number, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max || n < min) throw new UsageError(`${flag} expects an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

type Setter = (opts: EmulatorOptions, value: string, flag: string) => void;

const FLAGS: Record<string, Setter> = {
  "--port": (o, v, f) => (o.port = integer(f, v, 65535)),
  "--host": (o, v) => (o.host = v),
  "--admin-key": (o, v) => (o.adminKey = v),
  "--state-file": (o, v) => (o.stateFile = v),
  "--seed": (o, v, f) => (o.seed = integer(f, v, 2 ** 32 - 1)),
  "--request-log-limit": (o, v, f) => (o.requestLogLimit = integer(f, v, 2 ** 31, 1)),
};

/** Accepts `--flag value` and `--flag=value`; returns undefined for --help. */
function parseArgs(argv: string[]): EmulatorOptions | undefined {
  const opts: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") return undefined;
    const set = FLAGS[flag];
    // Never echo an argument that is not one of our flags: it might be a key pasted into the wrong place.
    if (!set) throw new UsageError(/^--[a-z][a-z-]{0,30}$/.test(flag) ? `unknown option ${flag}` : "unexpected argument (not one of the options below)");
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    set(opts, value, flag);
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions | undefined;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`openai-admin-emulator: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!opts) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(opts);
  // Handlers go in before the line is printed: whoever waits for the line may signal at once.
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stdout.write(`OpenAI admin emulator listening on ${emulator.url}\n`);
  if (emulator.beyondLoopback) process.stderr.write(networkWarning(emulator.networkUrls));
  // Only the built-in key is safe to print; a key the user supplied stays off the terminal and logs.
  if (emulator.adminKey === DEV_ADMIN_KEY) process.stderr.write(`Admin key (development default): ${DEV_ADMIN_KEY}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`openai-admin-emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
