import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { FAMILIES } from "./families";
import { Org, OrgState, prng } from "./org";
import { createEmulatorServer } from "./server";
import { readStateFile, writeStateFile } from "./state-file";

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

/** Starts a local OpenAI Administration API on `host:port` and resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  // `||` so an empty OPENAI_ADMIN_KEY falls back to the development key instead of accepting "".
  const adminKey = opts.adminKey || process.env.OPENAI_ADMIN_KEY || DEV_ADMIN_KEY;
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed ?? randomInt(2 ** 31);
  const { stateFile } = opts;

  const saved = stateFile === undefined ? undefined : readStateFile(stateFile, FAMILIES);
  const save = stateFile === undefined ? undefined : (state: OrgState) => writeStateFile(stateFile, state);
  const org = new Org({ families: FAMILIES, random: prng(seed), saved, save });
  if (save && !saved) save(org.snapshot());

  // A second stream for faults keeps fault decisions independent of how many ids were made.
  const server = createEmulatorServer({
    org, families: FAMILIES, adminKey, organization: opts.organization ?? "org-emulator", random: prng(seed ^ 0x5eed),
  });
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

export { EmulatorControl, type FaultRule, type LoggedRequest, type OrgDump } from "./client";
