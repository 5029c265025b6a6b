import { z } from "zod";
import { RateWindow } from "./rate-window";

/**
 * The "real" profile's defaults, as others measured the real Administration API: roughly 7–10
 * requests a minute per endpoint, refused with 429 and no retry-after or rate-limit header
 * (mkdev-me/terraform-provider-openai PR #76, issue #11), and a GET right after a create that
 * answered 404 for a moment (jianyuan/terraform-provider-openai commit e7c6937).
 */
export const REAL_PROFILE = { endpointLimit: { requests: 10, windowMs: 60_000 }, readLagMs: 3000 } as const;

/** A profile as `PUT /__emulator/profile` and `startEmulator` take it. */
export const profileSchema = z
  .strictObject({
    profile: z.enum(["default", "real"]),
    endpointLimit: z.strictObject({ requests: z.number().int().positive(), windowMs: z.number().int().positive() }).optional(),
    readLagMs: z.number().int().nonnegative().optional(),
  })
  .refine((p) => p.profile === "real" || (p.endpointLimit === undefined && p.readLagMs === undefined), {
    message: 'endpointLimit and readLagMs belong to profile "real"',
    path: ["profile"],
  });

/** Which profile, and the numbers of the "real" one (each defaults to {@link REAL_PROFILE}). */
export type ProfileSettings = z.input<typeof profileSchema>;

/** What a profile in force is, as `GET /__emulator/profile` reports it. */
export interface ProfileState {
  profile: "default" | "real";
  /** Per endpoint (METHOD + path template); null = no limit. */
  endpointLimit: { requests: number; windowMs: number } | null;
  /** How long a new object stays invisible to GET and lists, in ms; 0 = at once. */
  readLagMs: number;
}

/** Resolves settings to numbers: "default" is the lenient emulator, "real" fills in measured values. */
export function resolveProfile(settings: ProfileSettings): ProfileState {
  const p = profileSchema.parse(settings);
  if (p.profile === "default") return { profile: "default", endpointLimit: null, readLagMs: 0 };
  return {
    profile: "real",
    endpointLimit: p.endpointLimit ?? { ...REAL_PROFILE.endpointLimit },
    readLagMs: p.readLagMs ?? REAL_PROFILE.readLagMs,
  };
}

/** Per-endpoint request limits: one sliding window per METHOD + path template. */
export class EndpointLimits {
  private windows = new Map<string, RateWindow>();

  constructor(
    private readonly limit: ProfileState["endpointLimit"],
    private readonly clock: () => number,
  ) {}

  /** Admits one request to `endpoint` (true), or refuses it (false) when its window is full. */
  admit(endpoint: string): boolean {
    if (!this.limit) return true;
    let window = this.windows.get(endpoint);
    if (!window) {
      window = new RateWindow(this.limit.requests, this.limit.windowMs, this.clock);
      this.windows.set(endpoint, window);
    }
    return window.admit() === undefined;
  }
}
