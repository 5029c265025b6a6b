#!/usr/bin/env node
import { DEV_ADMIN_KEY, EmulatorOptions, REAL_PROFILE, startEmulator } from "./index";
import { networkWarning } from "./listen";

const USAGE = `Usage: openai-admin-emulator [--port N] [--host H] [--admin-key K] [--state-file F] [--seed S]
                             [--request-log-limit N] [--profile real [--endpoint-requests N]
                             [--endpoint-window-ms M] [--read-lag-ms M]]

Serves a local OpenAI Administration API at http://H:N/v1 until SIGINT or SIGTERM.
  --port N               port to listen on (default 0: any free port)
  --host H               interface to listen on (default 127.0.0.1); any other than loopback makes
                         the emulator reachable from the network and its control calls need the key
  --admin-key K          key clients must send (default $OPENAI_ADMIN_KEY, else a built-in development key)
  --state-file F         keep the org in this JSON file across restarts
  --seed S               seed ids and probabilistic faults (integer)
  --request-log-limit N  request-log entries kept for /__emulator/requests (default 100000)
  --profile P            "default" (lenient) or "real": the real API's measured limits, below
  --endpoint-requests N  real: requests per endpoint (METHOD + path template) per window (default 10);
                         past it 429 with no retry-after
  --endpoint-window-ms M real: that window, in ms (default 60000)
  --read-lag-ms M        real: a new object answers 404 to GET and is left out of lists for M ms
                         (default 3000)
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
  "--profile": (o, v, f) => {
    if (v !== "default" && v !== "real") throw new UsageError(`${f} expects "default" or "real"`);
    o.profile = v;
  },
  "--endpoint-requests": (o, v, f) => (o.endpointLimit = { requests: integer(f, v, 2 ** 31, 1), windowMs: o.endpointLimit?.windowMs ?? REAL_PROFILE.endpointLimit.windowMs }),
  "--endpoint-window-ms": (o, v, f) => (o.endpointLimit = { requests: o.endpointLimit?.requests ?? REAL_PROFILE.endpointLimit.requests, windowMs: integer(f, v, 2 ** 31, 1) }),
  "--read-lag-ms": (o, v, f) => (o.readLagMs = integer(f, v, 2 ** 31)),
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
  if (opts.profile !== "real" && (opts.endpointLimit !== undefined || opts.readLagMs !== undefined)) {
    throw new UsageError("--endpoint-requests, --endpoint-window-ms and --read-lag-ms belong to --profile real");
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
