import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { FAMILIES } from "./families";
import { isLoopback, reachOf } from "./listen";
import { Org, OrgState, prng } from "./org";
import { profileSchema } from "./profile";
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
  /** How many request-log entries `GET /__emulator/requests` keeps (the newest); default 100,000. */
  requestLogLimit?: number;
  /**
   * Require the admin key on the `/__emulator` control endpoints. Always on when `host` is not a
   * loopback address (anyone on the network could otherwise reset the org); default off on loopback.
   */
  requireControlKey?: boolean;
  /**
   * "default" (lenient: no limits, objects visible at once) or "real": the limits others measured
   * on the real API (see {@link REAL_PROFILE}), each number overridable below.
   */
  profile?: "default" | "real";
  /** Profile "real": requests allowed per endpoint (METHOD + path template) per window; default 10 per 60000 ms. */
  endpointLimit?: { requests: number; windowMs: number };
  /** Profile "real": ms a new object answers 404 to GET and is left out of lists; default 3000. */
  readLagMs?: number;
  /** Milliseconds since the epoch for rate windows, the read lag and timestamps; a fake clock in tests. */
  clock?: () => number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to hand to a client, e.g. `http://127.0.0.1:4010/v1`; control calls live beside `/v1`. */
  url: string;
  /** The key the emulator accepts. */
  adminKey: string;
  /** True when the emulator listens beyond loopback: reachable from the network, control calls need the key. */
  beyondLoopback: boolean;
  /** Base URLs other machines may use when it listens beyond loopback (else none). */
  networkUrls: string[];
  /** Whether the control endpoints need the admin key (`new EmulatorControl(url, adminKey)`). */
  controlNeedsKey: boolean;
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
  const org = new Org({ families: FAMILIES, random: prng(seed), clock: opts.clock, saved, save });
  if (save && !saved) save(org.snapshot());

  // A second stream for faults keeps fault decisions independent of how many ids were made.
  const profile = profileSchema.safeParse({ profile: opts.profile ?? "default", endpointLimit: opts.endpointLimit, readLagMs: opts.readLagMs });
  if (!profile.success) {
    const issue = profile.error.issues[0];
    throw new Error(`startEmulator: ${issue.path.join(".")}: ${issue.message}`);
  }
  const controlNeedsKey = opts.requireControlKey === true || !isLoopback(host);
  if (opts.requestLogLimit !== undefined && !(Number.isInteger(opts.requestLogLimit) && opts.requestLogLimit > 0)) {
    throw new Error("requestLogLimit must be a positive integer");
  }
  const server = createEmulatorServer({
    org, families: FAMILIES, adminKey, organization: opts.organization ?? "org-emulator", random: prng(seed ^ 0x5eed),
    requestLogLimit: opts.requestLogLimit, controlNeedsKey, profile: profile.data, clock: opts.clock,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const { url, beyondLoopback, networkUrls } = reachOf(host, port);
  return {
    url,
    adminKey,
    beyondLoopback,
    networkUrls,
    controlNeedsKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { EmulatorControl, type FaultRule, type LoggedRequest, type OrgDump, type RequestLogPage } from "./client";
export { REAL_PROFILE, type ProfileSettings, type ProfileState } from "./profile";
