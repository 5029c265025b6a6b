#!/usr/bin/env node
import { DEV_ADMIN_KEY, EmulatorOptions, startEmulator } from "./index";

const USAGE = `Usage: openai-admin-emulator [--port N] [--host H] [--admin-key K] [--state-file F] [--seed S]

Serves a local OpenAI Administration API at http://H:N/v1 until SIGINT or SIGTERM.
  --port N        port to listen on (default 0: any free port)
  --host H        interface to listen on (default 127.0.0.1)
  --admin-key K   key clients must send (default $OPENAI_ADMIN_KEY, else a built-in development key)
  --state-file F  keep the org in this JSON file across restarts
  --seed S        seed ids and probabilistic faults (integer)
`;

class UsageError extends Error {}

function integer(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new UsageError(`${flag} expects an integer from 0 to ${max}, got "${value}"`);
  return n;
}

/** Accepts `--flag value` and `--flag=value`; returns undefined for --help. */
function parseArgs(argv: string[]): EmulatorOptions | undefined {
  const opts: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") return undefined;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case "--port": opts.port = integer(flag, value, 65535); break;
      case "--host": opts.host = value; break;
      case "--admin-key": opts.adminKey = value; break;
      case "--state-file": opts.stateFile = value; break;
      case "--seed": opts.seed = integer(flag, value, 2 ** 32 - 1); break;
      // Do not echo the argument: it might be a key pasted into the wrong place.
      default: throw new UsageError(`unknown option ${flag.startsWith("-") ? flag : "(a positional argument)"}`);
    }
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
  // Only the built-in key is safe to print; a key the user supplied stays off the terminal and logs.
  if (emulator.adminKey === DEV_ADMIN_KEY) process.stderr.write(`Admin key (development default): ${DEV_ADMIN_KEY}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`openai-admin-emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
