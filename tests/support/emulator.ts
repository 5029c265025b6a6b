import { configure, resources } from "../../provider";
import { forgetListings } from "../../provider/lookup";
import { startEmulator, type Emulator } from "../../emulator";
import { EmulatorControl as Control } from "../../emulator";

/**
 * Starts an emulator and points the handlers at it through the environment, the way a user without
 * stack config would. Returns the emulator and its control client.
 */
export async function emulatorForHandlers(): Promise<{ emu: Emulator; ctl: Control; close(): Promise<void> }> {
  const emu = await startEmulator({ seed: 7 });
  const saved = { key: process.env.OPENAI_ADMIN_KEY, url: process.env.OPENAI_BASE_URL };
  process.env.OPENAI_ADMIN_KEY = emu.adminKey;
  process.env.OPENAI_BASE_URL = emu.url;
  return {
    emu,
    ctl: new Control(emu.url),
    async close() {
      restore("OPENAI_ADMIN_KEY", saved.key);
      restore("OPENAI_BASE_URL", saved.url);
      await emu.close();
    },
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * The hooks every per-project handler suite needs: one emulator for the file, and before each test
 * a fresh org holding one project, with the request log cleared so tests count only their own calls.
 */
export function withProjectPerTest(): { env: () => Awaited<ReturnType<typeof emulatorForHandlers>>; projectId: () => string } {
  let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
  let projectId: string;
  beforeAll(async () => {
    env = await emulatorForHandlers();
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    await env.ctl.reset();
    // A fresh org: what this process listed of the old one is gone too.
    forgetListings();
    projectId = (await resources.Project.create({ name: "handlers", externalKeyId: null })).id;
    await env.ctl.clearRequests();
  });
  return { env: () => env, projectId: () => projectId };
}

/** Sets the `openai:*` stack config the way the engine's `configure` does; `{}` clears it. */
export const stackConfig = (values: Record<string, string>) => configure({ get: (key) => values[key] });

/**
 * Runs `body` with `openai:lostCreateWaitMs` at `ms`, then clears the stack config. A read of an object made
 * moments ago retries its 404 that long (20 s by default) before it answers "gone": still retried, not waited out.
 */
export async function withShortLostCreateWait<T>(body: () => Promise<T>, ms = 200): Promise<T> {
  stackConfig({ "openai:lostCreateWaitMs": String(ms) });
  try {
    return await body();
  } finally {
    stackConfig({});
  }
}

/**
 * The hooks of a suite that changes stack config: one emulator for the file, and before each test
 * a fresh org and no stack config.
 */
export function withStackConfigPerTest(): () => Awaited<ReturnType<typeof emulatorForHandlers>> {
  let env: Awaited<ReturnType<typeof emulatorForHandlers>>;
  beforeAll(async () => {
    env = await emulatorForHandlers();
  });
  afterAll(async () => {
    stackConfig({});
    await env.close();
  });
  beforeEach(async () => {
    stackConfig({});
    await env.ctl.reset();
  });
  return () => env;
}
