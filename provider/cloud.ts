/**
 * What ExternalKey and ExternalStorage share: a registration of something in a customer's cloud, written as flat
 * inputs (`type` and the fields of that cloud), so every language sees plain properties rather than a union.
 */
import { z } from "zod";

/** The clouds OpenAI reaches. */
export const CLOUDS = ["aws", "gcp", "azure", "oci"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** A cloud's fields: those it must have, and those it may have. */
export interface CloudFields {
  required: readonly string[];
  optional?: readonly string[];
}

/** `roleArn` → `role_arn`: the API's name of an input. */
export const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** A field of a cloud: a string that is not blank, kept as written (the API answers it back as sent). */
export const cloudField = (shape?: [RegExp, string]) => {
  const s = z.string({ error: "must be a string" }).refine((v) => v.trim() !== "", "must not be empty or only spaces");
  return (shape ? s.refine((v) => shape[0].test(v), shape[1]) : s).optional();
};

/** The shapes the clouds insist on, refused at check rather than by the API. */
export const SHAPES = {
  roleArn: [/^arn:aws:iam::\d{12}:role\/.+$/, "must be an IAM role ARN like arn:aws:iam::123456789012:role/name"],
  kmsArn: [/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/.+$/, "must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<id>"],
  vaultUri: [/^https:\/\/\S+$/, "must be the vault's https URI, like https://my-vault.vault.azure.net"],
  workloadIdentityProjectNumber: [/^\d+$/, "must be the numeric GCP project number (not the project id)"],
} satisfies Record<string, [RegExp, string]>;

/**
 * The rule that ties fields to `type`: every field the cloud requires is set, and none of another cloud's is.
 * `all` is every cloud field the resource has.
 */
export function cloudRule(byCloud: Record<Cloud, CloudFields>, all: readonly string[]) {
  return (inputs: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const type = inputs.type as Cloud;
    const mine = byCloud[type];
    if (!mine) return;
    for (const key of mine.required) {
      if (inputs[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required when type is ${type}` });
    }
    for (const key of all) {
      if (inputs[key] === undefined || mine.required.includes(key) || mine.optional?.includes(key)) continue;
      const owners = CLOUDS.filter((c) => byCloud[c].required.includes(key) || byCloud[c].optional?.includes(key));
      ctx.addIssue({ code: "custom", path: [key], message: `is not a field of type ${type} (only of ${owners.join(", ")})` });
    }
  };
}

/** The body fields of a cloud's inputs, snake_cased for the API; unset ones are left out. */
export function cloudBody(byCloud: Record<Cloud, CloudFields>, inputs: Record<string, unknown>): Record<string, string> {
  const mine = byCloud[inputs.type as Cloud];
  const keys = [...mine.required, ...(mine.optional ?? [])];
  return Object.fromEntries(keys.filter((k) => typeof inputs[k] === "string").map((k) => [snake(k), inputs[k] as string]));
}
