import { z } from "zod";
import { ApiError } from "./errors";
import { faultSchema, FaultRules } from "./faults";
import type { Org } from "./org";
import { EndpointLimits, profileSchema, ProfileSettings, ProfileState, resolveProfile } from "./profile";
import { RateWindow } from "./rate-window";
import type { RequestLog } from "./request-log";
import type { Handler } from "./router";

const rateLimitSchema = z.strictObject({
  limit: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  retryAfter: z.boolean().default(true),
});

/** The emulator's steerable parts, which the control endpoints change and the /v1 pipeline reads. */
export interface Runtime {
  org: Org;
  log: RequestLog;
  faults: FaultRules;
  /** One window over every /v1 request, set by `PUT /__emulator/rate-limit`. */
  rateLimit: { window: RateWindow; retryAfter: boolean } | null;
  /** The profile in force and its per-endpoint windows; see `profile.ts`. */
  profile: ProfileState;
  endpointLimits: EndpointLimits;
  clock: () => number;
}

/** Puts a profile in force with fresh windows; its read lag applies to objects made from now on. */
export function applyProfile(rt: Runtime, settings: ProfileSettings): void {
  rt.profile = resolveProfile(settings);
  rt.endpointLimits = new EndpointLimits(rt.profile.endpointLimit, rt.clock);
  rt.org.readLagMs = rt.profile.readLagMs;
}

/** Parses a control body, answering 400 naming the first wrong field. */
export function parseControl<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.join(".") || null;
  throw new ApiError(400, param ? `${param}: ${issue.message}` : issue.message, param);
}

const ok = { ok: true };

/**
 * The unauthenticated `/__emulator` endpoints tests use to steer and inspect the emulator; object
 * families add their own (e.g. accepting an invite) through `Family.control`.
 */
export function controlRoutes(rt: Runtime): Record<string, Handler> {
  return {
    // `dropped` > 0 says the log is not complete: it keeps only the newest entries.
    "GET /__emulator/requests": () => ({ requests: rt.log.list(), dropped: rt.log.dropped }),
    "DELETE /__emulator/requests": () => (rt.log.clear(), ok),
    "GET /__emulator/org": () => rt.org.dump(),
    // The profile stays (it is how the emulator was started) but its windows start empty.
    "POST /__emulator/reset": () => {
      rt.org.reset();
      rt.log.clear();
      rt.faults.clear();
      rt.rateLimit = null;
      rt.endpointLimits = new EndpointLimits(rt.profile.endpointLimit, rt.clock);
      return ok;
    },
    "POST /__emulator/faults": ({ body }) => ({ id: rt.faults.add(parseControl(faultSchema, body)) }),
    "GET /__emulator/faults": () => ({ faults: rt.faults.list() }),
    "DELETE /__emulator/faults": () => (rt.faults.clear(), ok),
    "PUT /__emulator/rate-limit": ({ body }) => {
      const { limit, windowMs, retryAfter } = parseControl(rateLimitSchema, body);
      rt.rateLimit = { window: new RateWindow(limit, windowMs, rt.clock), retryAfter };
      return ok;
    },
    "DELETE /__emulator/rate-limit": () => ((rt.rateLimit = null), ok),
    "GET /__emulator/profile": () => rt.profile,
    "PUT /__emulator/profile": ({ body }) => (applyProfile(rt, parseControl(profileSchema, body)), rt.profile),
    "DELETE /__emulator/profile": () => (applyProfile(rt, { profile: "default" }), rt.profile),
  };
}
