/**
 * ProjectServiceAccount: a project's service account and the API key made with it.
 * - id: the service account id. Replaces on: `projectId`, `keyExpiresInSeconds` (a new account, and
 *   so a new key: the way to rotate it).
 * - create: one POST, which answers the key's value once; plus one POST of the role when `role` is
 *   `owner` (a new account is always `member`). update: one POST of name and role.
 * - The key (`apiKey`) is a secret output (the SDK class marks it with additionalSecretOutputs). The
 *   API never shows it again, so read carries it over from state; an adopted account has none.
 * - delete: DELETE, which revokes its keys too. 404 on read (account or project gone): gone.
 * - create after an ambiguous failure: the account the lost call made (same name, made since the call
 *   began, newest) is adopted; its key's value was lost with the answer, so a new key is made for it
 *   and the lost one revoked. Nothing is made twice and no key nobody holds stays valid.
 */
import { z } from "zod";
import {
  type AdminClient,
  type ProjectServiceAccount,
  type ServiceAccountCreateResponse,
  SERVICE_ACCOUNT_ROLES,
  createOnce,
  projectApiKeys,
  serviceAccounts,
} from "../client";
import { projectId } from "../fields";
import { defineResource } from "../handler";

export const ProjectServiceAccountInputs = z.strictObject({
  projectId,
  name: z.string({ error: "is required and must be a string" }).trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  role: z.enum(SERVICE_ACCOUNT_ROLES, { error: `must be one of ${SERVICE_ACCOUNT_ROLES.join(", ")}` }).default("member"),
  keyExpiresInSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .positive("must be more than 0 seconds")
    .nullish()
    .transform((v) => v ?? null),
});
export type ProjectServiceAccountInputs = z.infer<typeof ProjectServiceAccountInputs>;

/** What state holds for a service account. `apiKey` is secret. */
export interface ProjectServiceAccountOutputs extends Record<string, unknown> {
  serviceAccountId: string;
  projectId: string;
  name: string;
  role: string;
  /** Unix seconds. */
  createdAt: number;
  keyExpiresInSeconds: number | null;
  /** The key made with the account; null when adopted (the API shows a key's value once). */
  apiKeyId: string | null;
  /** Secret. */
  apiKey: string | null;
  /** Unix seconds, or null when the key does not expire. */
  apiKeyExpiresAt: number | null;
}

/** An account with the key made with it. */
type Made = ProjectServiceAccount & { api_key: ServiceAccountCreateResponse["api_key"] };
type Key = Pick<ProjectServiceAccountOutputs, "apiKeyId" | "apiKey" | "apiKeyExpiresAt">;

// The mapping from API object to outputs, written once; the key comes from the create or from state.
function outputs(projectId: string, a: ProjectServiceAccount, key: Key, keyExpiresInSeconds: number | null): ProjectServiceAccountOutputs {
  return {
    serviceAccountId: a.id,
    projectId,
    name: a.name,
    role: a.role,
    createdAt: a.created_at,
    keyExpiresInSeconds,
    apiKeyId: key.apiKeyId,
    apiKey: key.apiKey,
    apiKeyExpiresAt: key.apiKeyExpiresAt,
  };
}

function keyOf(k: ServiceAccountCreateResponse["api_key"]): Key {
  return { apiKeyId: k?.id ?? null, apiKey: k?.value ?? null, apiKeyExpiresAt: k?.expires_at ?? null };
}

// Clock skew allowance when matching an account made by a lost create.
const SKEW_SECONDS = 120;

/** Finds the account a lost create made and gives it a key that someone holds. */
async function recoverLost(c: AdminClient, inputs: ProjectServiceAccountInputs, since: number): Promise<Made | undefined> {
  let found: ProjectServiceAccount | undefined;
  for await (const a of serviceAccounts.list(c, inputs.projectId)) {
    if (a.name === inputs.name && a.created_at >= since - SKEW_SECONDS && (!found || a.created_at >= found.created_at)) found = a;
  }
  if (!found) return undefined;
  const expiry = inputs.keyExpiresInSeconds === null ? {} : { expires_in_seconds: inputs.keyExpiresInSeconds };
  const key = await serviceAccounts.createApiKey(c, inputs.projectId, found.id, { name: "Secret key", ...expiry });
  for await (const k of projectApiKeys.list(c, inputs.projectId)) {
    if (k.owner.service_account?.id === found.id && k.id !== key.id) await projectApiKeys.delete(c, inputs.projectId, k.id);
  }
  return { ...found, api_key: key };
}

export const projectServiceAccount = defineResource<ProjectServiceAccountInputs, ProjectServiceAccountOutputs>({
  type: "ProjectServiceAccount",
  inputs: ProjectServiceAccountInputs,
  replaceOn: ["projectId", "keyExpiresInSeconds"],
  describe: (props) => `service account "${String(props.name ?? "?")}" of project ${String(props.projectId ?? "?")}`,

  async create(c, inputs) {
    const since = Math.floor(Date.now() / 1000);
    const expiry = inputs.keyExpiresInSeconds === null ? {} : { expires_in_seconds: inputs.keyExpiresInSeconds };
    const made = await createOnce<Made>(
      () => serviceAccounts.create(c, inputs.projectId, { name: inputs.name, ...expiry }),
      () => recoverLost(c, inputs, since),
    );
    const key = keyOf(made.api_key);
    let account: ProjectServiceAccount = made;
    if (inputs.role !== made.role) {
      try {
        account = await serviceAccounts.update(c, inputs.projectId, made.id, { role: inputs.role });
      } catch (e) {
        // A failed step leaves no state: an account kept now would be made again by the next `up`.
        await serviceAccounts.delete(c, inputs.projectId, made.id).catch(() => undefined);
        throw e;
      }
    }
    return { id: made.id, outs: outputs(inputs.projectId, account, key, inputs.keyExpiresInSeconds) };
  },

  async read(c, id, outs) {
    return outputs(outs.projectId, await serviceAccounts.retrieve(c, outs.projectId, id), outs, outs.keyExpiresInSeconds ?? null);
  },

  async update(c, id, olds, inputs) {
    const a = await serviceAccounts.update(c, olds.projectId, id, { name: inputs.name, role: inputs.role });
    return outputs(olds.projectId, a, olds, inputs.keyExpiresInSeconds);
  },

  async delete(c, id, outs) {
    await serviceAccounts.delete(c, outs.projectId, id);
  },
});
