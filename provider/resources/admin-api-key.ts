/**
 * AdminApiKey: an organization admin key.
 * - id: the key id. Replaces on: every input (the API has no update).
 * - create: one POST, which answers the key's value once. The value (`apiKey`) is a secret output
 *   (the SDK class marks it with additionalSecretOutputs); read carries it over from state, since the
 *   API never shows it again; an adopted key has none.
 * - delete: DELETE, which revokes the key. 404 on read or delete: gone / done.
 * - create after an ambiguous failure: a key the lost call may have made (same name, made since the
 *   call began) cannot be adopted, because its value was lost with the answer; the create fails and
 *   names that key so a person can revoke it. It is never revoked automatically: it might be someone
 *   else's key of the same name. When no such key exists the create is sent again.
 */
import { z } from "zod";
import { type AdminApiKeyCreateResponse, type AdminApiKey, type AdminClient, ADMIN_KEY_MAX_EXPIRES_IN_SECONDS, adminApiKeys, createOnce } from "../client";
import { defineResource } from "../handler";

export const AdminApiKeyInputs = z.strictObject({
  name: z.string({ error: "is required and must be a string" }).trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  expiresInSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .max(ADMIN_KEY_MAX_EXPIRES_IN_SECONDS, `must be at most ${ADMIN_KEY_MAX_EXPIRES_IN_SECONDS} seconds (one year)`)
    .nullish()
    .transform((v) => v ?? null),
});
export type AdminApiKeyInputs = z.infer<typeof AdminApiKeyInputs>;

/** What state holds for an admin key. `apiKey` is secret. */
export interface AdminApiKeyOutputs extends Record<string, unknown> {
  adminApiKeyId: string;
  name: string | null;
  expiresInSeconds: number | null;
  redactedValue: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds, or null when the key does not expire. */
  expiresAt: number | null;
  /** The id of the user who owns the key. */
  ownerId: string | null;
  /** Secret; null when adopted (the API shows a key's value once). */
  apiKey: string | null;
}

function outputs(k: AdminApiKey, expiresInSeconds: number | null, apiKey: string | null): AdminApiKeyOutputs {
  return {
    adminApiKeyId: k.id,
    name: k.name ?? null,
    expiresInSeconds,
    redactedValue: k.redacted_value,
    createdAt: k.created_at,
    expiresAt: k.expires_at,
    ownerId: k.owner.id ?? null,
    apiKey,
  };
}

// Clock skew allowance when matching a key made by a lost create.
const SKEW_SECONDS = 120;

async function refuseLost(c: AdminClient, name: string, since: number): Promise<AdminApiKeyCreateResponse | undefined> {
  const made: string[] = [];
  for await (const k of adminApiKeys.list(c)) if (k.name === name && k.created_at >= since - SKEW_SECONDS) made.push(k.id);
  if (made.length === 0) return undefined;
  throw new Error(
    `OpenAI AdminApiKey: the answer to the create of admin key "${name}" was lost, and a key of that name made since ` +
      `then exists (${made.join(", ")}); its value cannot be read again, so it was not adopted and no second key was made. ` +
      "Revoke that key in the OpenAI dashboard (or with DELETE /v1/organization/admin_api_keys/<id>) and run `pulumi up` again.",
  );
}

export const adminApiKey = defineResource<AdminApiKeyInputs, AdminApiKeyOutputs>({
  type: "AdminApiKey",
  inputs: AdminApiKeyInputs,
  replaceOn: ["name", "expiresInSeconds"],
  describe: (props) => `admin key "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const since = Math.floor(Date.now() / 1000);
    const k = await createOnce(
      () => adminApiKeys.create(c, { name: inputs.name, ...(inputs.expiresInSeconds === null ? {} : { expires_in_seconds: inputs.expiresInSeconds }) }),
      () => refuseLost(c, inputs.name, since),
    );
    return { id: k.id, outs: outputs(k, inputs.expiresInSeconds, k.value) };
  },

  async read(c, id, outs) {
    return outputs(await adminApiKeys.retrieve(c, id), outs.expiresInSeconds ?? null, outs.apiKey ?? null);
  },

  async update() {
    throw new Error("OpenAI AdminApiKey: admin keys cannot be updated; every change replaces the key");
  },

  async delete(c, id) {
    await adminApiKeys.delete(c, id);
  },
});
