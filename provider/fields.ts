import { z } from "zod";

const PROJECT_ID = /^proj_[A-Za-z0-9_-]+$/;
const PROJECT_ID_RULE = "must be a project id like proj_abc123 (a Project's projectId output)";

/**
 * The `projectId` input every per-project resource has. Checked for the API's id shape, so that a
 * name, a blank, `.` or `..` is refused at preview instead of at the first request.
 */
export const projectId = z
  .string({ error: "is required: the id of the project (proj_…)" })
  .trim()
  .min(1, "is required: the id of the project (proj_…)")
  .regex(PROJECT_ID, PROJECT_ID_RULE);

/**
 * An object's name, kept exactly as written: the API keeps outer spaces, so a trimmed name would never equal
 * the name of the object it is (adoption, the create guard, diffs). A name of only spaces is refused.
 */
export const objectName = z
  .string({ error: "is required and must be a string" })
  .refine((v) => v.trim() !== "", "must not be empty or only spaces");

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, lower-cased: the API treats addresses case-insensitively. */
export const email = z
  .string({ error: "must be an email address" })
  .trim()
  .regex(EMAIL, "must be an email address like name@example.com")
  .transform((s) => s.toLowerCase());

/**
 * A rule over several inputs, judged even when some of them fail their own rules, so that check
 * reports every problem at once (zod otherwise skips an object's refinements after a field fails).
 */
export function acrossInputs<T extends object>(rule: (inputs: Partial<T>) => boolean, property: string, message: string) {
  return [
    (i: T) => rule(i),
    { path: property ? [property] : [], message, when: (p: { value: unknown }) => typeof p.value === "object" && p.value !== null },
  ] as const;
}

/** The person a membership names: exactly one of `userId` or `email`. */
export const oneOfUserIdOrEmail = acrossInputs<{ userId?: unknown; email?: unknown }>(
  (i) => (i.userId === undefined) !== (i.email === undefined),
  "userId",
  "name the person with exactly one of userId or email",
);

/** An amount of money in whole US cents, more than zero (spend limits and alerts). */
export const thresholdCents = z
  .number({ error: "must be a number of cents" })
  .int("must be a whole number of cents (5000 is $50.00)")
  .positive("must be more than 0 cents");
/** The only currency the API has. */
export const usd = z.literal("USD", { error: "must be USD, the only currency the API supports" }).default("USD");
/** The only interval the API has. */
export const month = z.literal("month", { error: "must be month, the only interval the API supports" }).default("month");

/**
 * An object of inputs rebuilt with each field, and the object, described in the words of the SDK
 * class's TSDoc, which the provider plugin's schema shows in every language. `(class)` describes the
 * object. For an object with refinements, document first and refine after.
 */
export function documented<S extends z.ZodRawShape>(docs: Record<string, string>, obj: z.ZodObject<S>): z.ZodObject<S, z.core.$strict> {
  const shape = Object.fromEntries(Object.entries(obj.shape).map(([k, v]) => [k, docs[k] ? (v as z.ZodType).describe(docs[k]) : v]));
  return z.strictObject(shape as S).describe(docs["(class)"] ?? "");
}

/**
 * The import id of an object that lives under another (a project's member, a group's member):
 * `<parentId>/<id>`, or the id alone when the program names the parent in `parentKey`. What `read`
 * needs of the parent goes into the outputs.
 */
export function scopedImportId(type: string, parentKey: string, example: string) {
  return (id: string, inputs?: Record<string, unknown>): { id: string; outs: Record<string, string> } => {
    const parent = inputs?.[parentKey];
    if (!id.includes("/") && typeof parent === "string" && parent) return { id, outs: { [parentKey]: parent } };
    const [parentId, objectId, ...rest] = id.split("/");
    if (!parentId || !objectId || rest.length > 0) throw new Error(`OpenAI ${type}: import it by "${example}", got "${id}"`);
    return { id: objectId, outs: { [parentKey]: parentId } };
  };
}

/** Orders strings by UTF-16 code units: the same in every locale, unlike `localeCompare`. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
