import type { z } from "zod";
import { type AdminApiError, type AdminClient, isAdminError, readVisible } from "./client";
import { getClient } from "./credentials";

/** The value the engine sends, during a preview, for an input that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

/** One problem with one input, as Pulumi shows it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * The six operations of a resource, over plain objects and with no Pulumi types, so the same code
 * can serve the dynamic-provider shim today and a real provider plugin later.
 */
export interface ResourceHandler {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/** What a resource module states; {@link defineResource} turns it into a {@link ResourceHandler}. */
export interface ResourceSpec<I extends Props, O extends Props> {
  /** The type name users see: `Project`, `SpendAlert`, … */
  type: string;
  /** Validates and normalizes the inputs; what the API treats as equal must come out equal. */
  inputs: z.ZodType<I>;
  /** Inputs whose change replaces the object. */
  replaceOn: ReadonlyArray<keyof I & string>;
  /** Inputs whose absence means "not managed" (the API picks a value), so they never diff when unset. */
  unmanagedWhenUnset?: ReadonlyArray<keyof I & string>;
  /** Drift found by `read` that can only be mended by a new object (an archived project). */
  replaceOnDrift?: (outs: O) => string[];
  /** A short phrase naming the object for messages: `project "team-a"`. */
  describe(props: Props): string;
  create(c: AdminClient, inputs: I): Promise<{ id: string; outs: O }>;
  /**
   * One GET; `undefined` when the object is gone. A 404 is turned into `undefined` for you, at once for an
   * old object; for one whose `createdAt` output (unix seconds) is moments ago, only after the GET has been
   * retried for a bounded time (see readVisible): the API may not show a new object yet.
   */
  read(c: AdminClient, id: string, outs: O): Promise<O | undefined>;
  update(c: AdminClient, id: string, olds: O, inputs: I): Promise<O>;
  /** A 404 counts as done and is handled for you. */
  delete(c: AdminClient, id: string, outs: O): Promise<void>;
}

/** Builds the handler of a resource: validation, diffing and error wording are the same for all five. */
export function defineResource<I extends Props, O extends Props>(spec: ResourceSpec<I, O>): ResourceHandler {
  const fail = (op: string, props: Props, e: unknown): never => {
    throw explain(spec.type, op, spec.describe(props), e);
  };
  return {
    async check(_olds, news) {
      const raw = withoutProvider(news);
      const parsed = spec.inputs.safeParse(raw);
      if (parsed.success) return { inputs: parsed.data, failures: [] };
      // During a preview an input may be unknown: it cannot be judged yet, the rest still can.
      const failures = parsed.error.issues.flatMap(toFailures).filter((f) => !isUnknownAt(raw, f.property));
      return { inputs: raw, failures };
    },

    async diff(_id, olds, news) {
      const raw = withoutProvider(news);
      const parsed = spec.inputs.safeParse(raw);
      const inputs: Props = parsed.success ? parsed.data : raw;
      const changed = Object.keys(shapeOf(spec.inputs)).filter((key) => {
        if (inputs[key] === undefined && spec.unmanagedWhenUnset?.includes(key)) return false;
        return containsUnknown(inputs[key]) || !sameValue(inputs[key], olds[key]);
      });
      const drift = spec.replaceOnDrift?.(olds as O) ?? [];
      const replaces = [...changed.filter((k) => spec.replaceOn.includes(k)), ...drift];
      return { changes: changed.length > 0 || drift.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
      const valid = validated(spec.type, spec.inputs, inputs);
      try {
        return await spec.create(getClient(), valid);
      } catch (e) {
        return fail("create", inputs, e);
      }
    },

    async read(id, props) {
      try {
        const outs = await readVisible(() => spec.read(getClient(), id, props as O), props.createdAt);
        return outs === undefined ? { id: "", props: {} } : { id, props: outs };
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return { id: "", props: {} };
        return fail("read", props, e);
      }
    },

    async update(id, olds, news) {
      const valid = validated(spec.type, spec.inputs, news);
      try {
        return { outs: await spec.update(getClient(), id, olds as O, valid) };
      } catch (e) {
        return fail("update", news, e);
      }
    },

    async delete(id, props) {
      try {
        await spec.delete(getClient(), id, props as O);
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return;
        fail("delete", props, e);
      }
    },
  };
}

function validated<I extends Props>(type: string, schema: z.ZodType<I>, props: Props): I {
  const parsed = schema.safeParse(withoutProvider(props));
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.flatMap(toFailures).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(`OpenAI ${type}: invalid inputs, nothing was sent: ${reasons.join("; ")}`);
}

/** Words an API failure for the person running `pulumi up`: which object, which call, what to do. */
function explain(type: string, op: string, what: string, e: unknown): Error {
  if (!isAdminError(e)) return e instanceof Error ? e : new Error(String(e));
  const err = e as AdminApiError;
  const message = `OpenAI ${type} (${what}): ${op} failed: ${err.message}. ${hint(err, op)}`.trim();
  return Object.assign(new Error(message), { code: err.code });
}

function hint(e: AdminApiError, op: string): string {
  switch (e.code) {
    case "OPENAI_ADMIN_AUTHENTICATION":
      return "The admin key was refused: set an organization admin key with `pulumi config set --secret openai:adminKey <key>` or the OPENAI_ADMIN_KEY environment variable (a project API key will not do).";
    case "OPENAI_ADMIN_PERMISSION_DENIED":
      return "The admin key may not do this: use an admin key of an organization owner, and check openai:organization / OPENAI_ORG_ID.";
    case "OPENAI_ADMIN_RATE_LIMITED":
      return "OpenAI kept rate-limiting this call: run again, or lower openai:maxConcurrency / set openai:requestsPerMinute.";
    case "OPENAI_ADMIN_NOT_FOUND":
      return "The object is gone from the organization: run `pulumi refresh`, then `pulumi up` to make it again.";
    case "OPENAI_ADMIN_CONFIGURATION":
      return "";
    default:
      if (e.ambiguous || op === "create") {
        return "If the object was made anyway, the next `pulumi up` finds and adopts it instead of making a second one.";
      }
      return e.status !== undefined && e.status >= 500 ? "OpenAI had a server error: run again." : "";
  }
}

function withoutProvider(props: Props): Props {
  const rest = { ...props };
  delete rest.__provider;
  return rest;
}

function toFailures(issue: z.core.$ZodIssue): CheckFailure[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({ property: [...issue.path, k].join("."), reason: "is not an input of this resource" }));
  }
  return [{ property: issue.path.map(String).join(".") || "(inputs)", reason: issue.message }];
}

function isUnknownAt(root: Props, property: string): boolean {
  let v: unknown = root;
  for (const part of property.split(".")) {
    if (v === UNKNOWN) return true;
    if (v === null || typeof v !== "object") return false;
    v = (v as Record<string, unknown>)[part];
  }
  return containsUnknown(v);
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Deep equality where `null` and a missing value are the same, as they are to the API. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])])
        .filter(([, x]) => x !== null),
    );
  }
  return v;
}

function shapeOf(schema: z.ZodType): Record<string, unknown> {
  // Input schemas are objects, possibly wrapped in a normalizing pipe; the keys are what users write.
  const def = (schema as unknown as { def: { type: string; in?: z.ZodType; shape?: Record<string, unknown> } }).def;
  if (def.type === "pipe" && def.in) return shapeOf(def.in);
  return def.shape ?? {};
}
