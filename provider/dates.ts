/**
 * Times as people write them, for the reads' date ranges: an ISO date (`2026-11-01`, midnight UTC), an ISO time with
 * its zone (`2026-11-01T00:00:00Z`, `2026-11-01T09:30:00+02:00`), or Unix seconds (a number, or its digits as a
 * string). The API counts in Unix seconds; a time without a zone is refused, since it would mean another instant on
 * every machine.
 */
import { z } from "zod";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const FORMS = "an ISO date like 2026-11-01, a time like 2026-11-01T00:00:00Z, or Unix seconds";

/** Unix seconds of `value`, or the reason it is not a time. */
export function unixSeconds(value: unknown): number | { reason: string } {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { reason: `must be ${FORMS}` };
    if (!Number.isInteger(value)) return { reason: "must be whole Unix seconds" };
    if (value < 0) return { reason: "must not be negative" };
    return value;
  }
  if (typeof value !== "string") return { reason: `must be ${FORMS}` };
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const date = DATE.exec(s);
  const time = date ? undefined : DATE_TIME.exec(s);
  if (time && time[8] === undefined) return { reason: `must name its time zone, like ${s}Z (UTC)` };
  const found = date ?? time;
  if (!found) return { reason: `must be ${FORMS}` };
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(found[i] ?? 0));
  // Date.UTC rolls 2026-02-30 over to March; a date that does not come back the same does not exist.
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) {
    return { reason: `is not a real date or time (${s})` };
  }
  const ms = Date.parse(s);
  if (time?.[7] && Number(time[7]) !== 0) return { reason: "must be whole seconds" };
  if (ms < 0) return { reason: "must not be before 1970" };
  return Math.floor(ms / 1000);
}

/** How `seconds` reads in an error: an ISO time in UTC. */
export const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

/**
 * A time argument: {@link unixSeconds}'s forms in, Unix seconds out. Other languages see a string (their SDKs send
 * one, e.g. `"2026-11-01"` or `"1793491200"`); TypeScript may also pass a number.
 */
export const timeArg = () =>
  z
    .custom<number | string>((v) => typeof v === "number" || typeof v === "string", { error: `must be ${FORMS}` })
    .transform((v, ctx) => {
      const s = unixSeconds(v);
      if (typeof s === "number") return s;
      ctx.addIssue({ code: "custom", message: s.reason });
      return z.NEVER;
    })
    // The schema's type for every language; zod alone would say "any" for a custom check.
    .meta({ type: "string" });
