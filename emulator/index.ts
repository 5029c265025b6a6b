import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import { Org, OrgState, parseOrgState, prng } from "./org";
import { createEmulatorServer } from "./server";

/** The admin key the emulator accepts when none is configured; obviously not a real key. */
export const DEV_ADMIN_KEY = "sk-admin-fake.emulator.development.key";

/** How to start an emulator; every field is optional. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** The key clients must present; default `OPENAI_ADMIN_KEY`, else {@link DEV_ADMIN_KEY}. */
  adminKey?: string;
  /** Persist the org here, rewritten atomically after every mutation. */
  stateFile?: string;
  /** The org id an `OpenAI-Organization` header must match; default "org-emulator". */
  organization?: string;
  /** Seeds ids and probabilistic faults, for deterministic tests. */
  seed?: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to hand to a client, e.g. `http://127.0.0.1:4010/v1`; control calls live beside `/v1`. */
  url: string;
  /** The key the emulator accepts. */
  adminKey: string;
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>;
}

/** Loads a saved org; a missing file means a fresh org, anything unusable is refused, never replaced. */
function readStateFile(file: string): OrgState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error("it is not valid JSON");
    }
    return parseOrgState(json);
  } catch (e) {
    throw new Error(`Refusing to use emulator state file ${file}: ${(e as Error).message}. Fix or remove the file; it was left unchanged.`);
  }
}

/** Temp file + rename, so a crash mid-write leaves the previous org, never a torn file. */
function writeStateFile(file: string, state: OrgState): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state, null, 2), { flush: true });
  fs.renameSync(temp, file);
}

/** Starts a local OpenAI Administration API on `host:port` and resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  // `||` so an empty OPENAI_ADMIN_KEY falls back to the development key instead of accepting "".
  const adminKey = opts.adminKey || process.env.OPENAI_ADMIN_KEY || DEV_ADMIN_KEY;
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed ?? randomInt(2 ** 31);
  const { stateFile } = opts;

  const saved = stateFile === undefined ? undefined : readStateFile(stateFile);
  const save = stateFile === undefined ? undefined : (state: OrgState) => writeStateFile(stateFile, state);
  const org = new Org(prng(seed), saved, save);
  if (save && !saved) save(org.snapshot());

  // A second stream for faults keeps fault decisions independent of how many ids were made.
  const server = createEmulatorServer({ org, adminKey, organization: opts.organization ?? "org-emulator", random: prng(seed ^ 0x5eed) });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
    adminKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { EmulatorControl, type FaultRule, type LoggedRequest, type OrgDump } from "./control";
