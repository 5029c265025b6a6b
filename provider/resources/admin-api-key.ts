/**
 * AdminApiKey: an organization admin key.
 * - id: the key id. Replaces on: `name`, `expiresInSeconds` (the API has no update).
 * - create: refused before any write when a key of the same name exists (unless `allowDuplicateName`),
 *   from one listing of the admin keys per process; then one POST, which answers the key's value once.
 * - The value (`apiKey`) is a secret output (its zod field's `.meta({ secret: true })`: the generated SDK class adds it to additionalSecretOutputs); read
 *   carries it over from state, since the API never shows it again; an adopted key has none.
 * - delete: DELETE, which revokes the key. 404 on read or delete: gone / done.
 * - create after an ambiguous failure: a new key of the name that the lost call made cannot be adopted,
 *   because its value was lost with the answer; the create fails naming that key so a person can revoke
 *   it (it is never revoked automatically). When there is none, after two looks, the create is sent again.
 * - adopt ({ import: "key_…" }): the run's listing (client/listed.ts), else one GET; the key's value stays unknown (null).
 */
import { z } from "zod";
import { type AdminApiKey, type AdminApiKeyCreateResponse, type AdminClient, ADMIN_KEY_MAX_EXPIRES_IN_SECONDS, adminApiKeys } from "../client";
import { documented, objectName } from "../fields";
import { defineResource } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

// The words of the TSDoc npm run generate writes into sdk/admin-api-key.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "name": "The key's name. Changing it replaces the key.",
  "expiresInSeconds": "Seconds until the key expires, at most 31536000 (a year); omitted, it never expires. Changing it replaces the key.",
  "allowDuplicateName": "Make the key even when one of the same name exists (names are not unique). Default false: such a create is refused before any write. Read only by the create; changing it shows no diff.",
  "(class)": "An organization admin key. `apiKey` is a secret output: OpenAI shows the key once, at creation, so it is kept in (encrypted) state across refreshes. Any change replaces the key: the old one is revoked first, then the new one is made, so the create guard never takes the new one for a duplicate. Deleting it revokes the key. Adopt an existing key with `{ import: \"key_…\" }` (its value stays unknown: `apiKey` is null). A create is refused, before any write, when a key of the same name exists, unless `allowDuplicateName` is set."
};

export const AdminApiKeyInputs = documented(DOCS, z.strictObject({
  name: objectName.max(255, "must be at most 255 characters"),
  expiresInSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .max(ADMIN_KEY_MAX_EXPIRES_IN_SECONDS, `must be at most ${ADMIN_KEY_MAX_EXPIRES_IN_SECONDS} seconds (one year)`)
    .nullish()
    .transform((v) => v ?? null),
  /** Make the key even when one of the same name exists (names are not unique). */
  allowDuplicateName: z.boolean({ error: "must be true or false" }).optional(),
}));
export type AdminApiKeyInputs = z.infer<typeof AdminApiKeyInputs>;

/** What state holds for an admin key. `apiKey` is secret in every language; null when adopted (the API shows a key's value once). */
export const AdminApiKeyOutputs = z.object({
  adminApiKeyId: z.string().describe("The key id, also the resource id."),
  name: z.string().nullable(),
  expiresInSeconds: z.number().nullable(),
  redactedValue: z.string().describe("Like `sk-admin...abcd`."),
  createdAt: z.number().describe("Unix seconds."),
  expiresAt: z.number().nullable().describe("Unix seconds, or null when the key does not expire."),
  ownerId: z.string().nullable().describe("The user who owns the key."),
  apiKey: z.string().nullable().meta({ secret: true, description: "The key itself. Secret. Null for an adopted key." }),
});
export type AdminApiKeyOutputs = z.infer<typeof AdminApiKeyOutputs>;

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

/** The organization's admin keys, as this process knows them. */
export function knownAdminApiKeys(c: AdminClient): Collection<AdminApiKey & { value?: string }> {
  return collection(c, "admin_api_keys", () => adminApiKeys.list(c));
}

export const adminApiKey = defineResource<AdminApiKeyInputs, AdminApiKeyOutputs>({
  type: "AdminApiKey",
  inputs: AdminApiKeyInputs,
  outputs: AdminApiKeyOutputs,
  replaceOn: ["name", "expiresInSeconds"],
  deletesFirst: true,
  importIdForm: "key_…",
  lives: { path: "/organization/admin_api_keys" },
  createOnly: ["allowDuplicateName"],
  describe: (props) => `admin key "${String(props.name ?? "?")}"`,

  async create(c, inputs) {
    const made = await guardedCreate<AdminApiKey & { value?: string }>({
      type: "AdminApiKey",
      collection: knownAdminApiKeys(c),
      what: `admin key "${inputs.name}"`,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `an admin key named "${x.name}" (${x.id})`,
      importId: (x) => x.id,
      optOut: "set allowDuplicateName: true on the AdminApiKey",
      allowDuplicate: inputs.allowDuplicateName === true,
      matches: (x) => x.name === inputs.name,
      create: (): Promise<AdminApiKeyCreateResponse> =>
        adminApiKeys.create(c, { name: inputs.name, ...(inputs.expiresInSeconds === null ? {} : { expires_in_seconds: inputs.expiresInSeconds }) }),
      retrieve: (id) => adminApiKeys.retrieve(c, id),
    });
    if (made.value === undefined) {
      throw new Error(
        `OpenAI AdminApiKey (admin key "${inputs.name}"): the answer to the create was lost, and the key it made (${made.id}) ` +
          "cannot be read again, so it was not adopted and no second key was made. Revoke it in the OpenAI dashboard " +
          `(or with DELETE /v1/organization/admin_api_keys/${made.id}) and run \`pulumi up\` again.`,
      );
    }
    return { id: made.id, outs: outputs(made, inputs.expiresInSeconds, made.value) };
  },

  async adopt(c, id, inputs) {
    const k = await adminApiKeys.retrieveListed(c, id);
    // The lifetime asked at creation cannot be read back: the program's value is taken as it stands.
    // `pulumi import` gives no inputs: then none (an undefined output fails the plugin's answer to the engine).
    return { id: k.id, outs: outputs(k, inputs.expiresInSeconds ?? null, null) };
  },

  async read(c, id, outs) {
    return outputs(await adminApiKeys.retrieveListed(c, id), outs.expiresInSeconds ?? null, outs.apiKey ?? null);
  },

  async update() {
    throw new Error("OpenAI AdminApiKey: admin keys cannot be updated; every change replaces the key");
  },

  async delete(c, id) {
    await adminApiKeys.delete(c, id);
    knownAdminApiKeys(c).remove(id);
  },
});
