import { z } from "zod";
import { errorReply, rateLimitReply, Reply } from "./errors";

const FAULT_KINDS = ["429", "500", "502", "503", "latency", "drop_before", "drop_after"] as const;

/** A rule as `POST /__emulator/faults` takes it. */
export const faultSchema = z
  .strictObject({
    method: z.string().transform((m) => m.toUpperCase()).optional(),
    path: z.string().startsWith("/").optional(),
    fault: z.enum(FAULT_KINDS),
    count: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
    retryAfter: z.number().nonnegative().optional(),
    retryAfterMs: z.number().nonnegative().optional(),
    latencyMs: z.number().nonnegative().optional(),
  })
  .refine((f) => f.fault !== "latency" || f.latencyMs !== undefined, { message: "latency needs latencyMs", path: ["latencyMs"] });

/** A stored rule: what was asked, its id, and (for `count`) how many firings remain. */
export type FaultRule = z.infer<typeof faultSchema> & { id: string };

/** What the matching rules decided for one request. */
export interface FaultDecision {
  /** Summed delay of every latency rule that fired. */
  latencyMs: number;
  /** The first non-latency rule that fired, if any. */
  rule?: FaultRule;
}

const SERVER_ERRORS: Record<string, string> = {
  "500": "The server had an error while processing your request. Sorry about that!",
  "502": "Bad gateway.",
  "503": "The server is overloaded or not ready yet.",
};

/** `*` matches one segment, `**` any rest (including none). */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split("/");
  const have = path.split("/");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "**") return true;
    if (i >= have.length || (want[i] !== "*" && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

/** The answer a fired 429/5xx rule gives (latency and drops are the server's to act out). */
export function faultReply(rule: FaultRule): Reply {
  if (rule.fault !== "429") return errorReply(Number(rule.fault), SERVER_ERRORS[rule.fault], "server_error");
  const headers: Record<string, string> = {};
  if (rule.retryAfter !== undefined) headers["retry-after"] = String(rule.retryAfter);
  if (rule.retryAfterMs !== undefined) headers["retry-after-ms"] = String(rule.retryAfterMs);
  return rateLimitReply(headers);
}

/** The scripted faults, in the order they were added. */
export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** @param random drives `probability` rules; seeded for deterministic tests */
  constructor(private readonly random: () => number) {}

  /** Stores an already validated rule and returns its id. */
  add(rule: z.infer<typeof faultSchema>): string {
    const id = `fault_${this.nextId++}`;
    this.rules.push({ ...rule, id });
    return id;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * Fires matching rules in order: latencies add up, the first other rule that fires decides.
   * A rule with both `count` and `probability` fires at random until it has fired `count` times.
   */
  pick(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let rule: FaultRule | undefined;
    for (const candidate of this.rules) {
      if (candidate.method !== undefined && candidate.method !== method) continue;
      if (candidate.path !== undefined && !pathMatches(candidate.path, path)) continue;
      if (candidate.probability !== undefined && this.random() >= candidate.probability) continue;
      if (candidate.count !== undefined) candidate.count--;
      if (candidate.fault !== "latency") {
        rule = candidate;
        break;
      }
      latencyMs += candidate.latencyMs ?? 0;
    }
    this.rules = this.rules.filter((f) => f.count !== 0);
    return { latencyMs, rule };
  }
}
