/**
 * ProjectServiceAccount: a project's service account and the API key made with it.
 * - id: the service account id. Replaces on: `projectId`, `keyExpiresInSeconds` (a new account, and
 *   so a new key: the way to rotate it).
 * - create: refused before any write when the project already has an account of the same name (unless
 *   `allowDuplicateName`), from one listing of the project's accounts per process; then one POST, which
 *   answers the key's value once; plus one POST of the role when `role` is `owner` (a new account is
 *   always `member`; if that POST fails the new account is deleted, so the next `up` cannot make a second;
 *   if that delete fails too, the error names the account left live with its key).
 * - update: one POST of name and role.
 * - The key (`apiKey`) is a secret output (its zod field's `.meta({ secret: true })`: the generated SDK class adds it to additionalSecretOutputs). The
 *   API never shows it again, so read carries it over from state; an adopted account has none.
 * - delete: DELETE, which revokes its keys too. 404 on read (account or project gone): gone.
 * - create after an ambiguous failure: only a new account of the name (not there before the create)
 *   is adopted; its key's value was lost with the answer, so a new key is made for it and the lost one
 *   revoked. Nothing is made twice and no key that nobody holds stays valid.
 * - adopt ({ import: "<projectId>/<serviceAccountId>" }, or the id with `projectId`): the run's listing (client/listed.ts), else one GET; no key.
 */
import { z } from "zod";
import {
  type AdminClient,
  type ProjectServiceAccount,
  type ServiceAccountApiKey,
  SERVICE_ACCOUNT_ROLES,
  projectApiKeys,
  serviceAccounts,
  withContext,
} from "../client";
import { projectId, documented, scopedImportId, objectName } from "../fields";
import { defineResource } from "../handler";
import { type Collection, childCollection, guardedCreate } from "../lookup";

// The words of the TSDoc npm run generate writes into sdk/project-service-account.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the account.",
  "name": "The account's name. Updated in place.",
  "role": "`member` or `owner` of the project. Default `member`. Updated in place.",
  "keyExpiresInSeconds": "Seconds until the account's key expires; omitted, it does not expire (unless an organization policy says otherwise). Changing it replaces the account, and so makes a new key.",
  "allowDuplicateName": "Make the account even when the project has one of the same name (names are not unique). Default false: such a create is refused before any write. Read only by the create; changing it shows no diff.",
  "(class)": "A project service account and the API key made with it. `apiKey` is a secret output: OpenAI shows the key once, at creation, so it is kept in (encrypted) state across refreshes. To rotate the key, replace the resource (`pulumi up --replace <urn>`): the old account is deleted first, then the new one is made with a new key, so what uses the key sees a short gap. Deleting it deletes the account and its keys. Adopt an existing account with `{ import: \"<projectId>/<serviceAccountId>\" }` (its key stays unknown: `apiKey` is null). A create is refused, before any write, when the project has an account of the same name, unless `allowDuplicateName` is set."
};

export const ProjectServiceAccountInputs = documented(DOCS, z.strictObject({
  projectId,
  name: objectName.max(255, "must be at most 255 characters"),
  role: z.enum(SERVICE_ACCOUNT_ROLES, { error: `must be one of ${SERVICE_ACCOUNT_ROLES.join(", ")}` }).default("member"),
  keyExpiresInSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .positive("must be more than 0 seconds")
    .nullish()
    .transform((v) => v ?? null),
  /** Make the account even when the project has one of the same name (names are not unique). */
  allowDuplicateName: z.boolean({ error: "must be true or false" }).optional(),
}));
export type ProjectServiceAccountInputs = z.infer<typeof ProjectServiceAccountInputs>;

/** What state holds for a service account. `apiKey` is secret in every language; null when adopted (the API shows a key's value once). */
export const ProjectServiceAccountOutputs = z.object({
  serviceAccountId: z.string().describe("The service account id, also the resource id."),
  projectId: z.string(),
  name: z.string(),
  role: z.string(),
  createdAt: z.number().describe("Unix seconds."),
  keyExpiresInSeconds: z.number().nullable(),
  apiKeyId: z.string().nullable().describe("The id of the key made with the account; null for an adopted account."),
  apiKey: z
    .string()
    .nullable()
    .meta({ secret: true, description: "The key itself. Secret. Null for an adopted account (its key was shown to whoever made it)." }),
  apiKeyExpiresAt: z.number().nullable().describe("Unix seconds, or null when the key does not expire."),
});
export type ProjectServiceAccountOutputs = z.infer<typeof ProjectServiceAccountOutputs>;

/** An account, with the key made with it when it comes from a create. */
type Made = ProjectServiceAccount & { api_key?: ServiceAccountApiKey | null };
type Key = Pick<ProjectServiceAccountOutputs, "apiKeyId" | "apiKey" | "apiKeyExpiresAt">;
const NO_KEY: Key = { apiKeyId: null, apiKey: null, apiKeyExpiresAt: null };

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

function keyOf(k: ServiceAccountApiKey | null | undefined): Key {
  return k ? { apiKeyId: k.id, apiKey: k.value, apiKeyExpiresAt: k.expires_at ?? null } : NO_KEY;
}

/** One project's service accounts, as this process knows them. */
export function knownServiceAccounts(c: AdminClient, projectId: string): Collection<Made> {
  return childCollection(c, { under: "Project", id: projectId, name: "service_accounts" }, () => serviceAccounts.list(c, projectId));
}

/** Gives an account whose first key's value was lost a key someone holds, and revokes the lost one. */
async function replaceLostKey(c: AdminClient, inputs: ProjectServiceAccountInputs, account: ProjectServiceAccount): Promise<ServiceAccountApiKey> {
  const expiry = inputs.keyExpiresInSeconds === null ? {} : { expires_in_seconds: inputs.keyExpiresInSeconds };
  const key = await serviceAccounts.createApiKey(c, inputs.projectId, account.id, { name: "Secret key", ...expiry });
  for await (const k of projectApiKeys.list(c, inputs.projectId)) {
    if (k.owner.service_account?.id === account.id && k.id !== key.id) await projectApiKeys.delete(c, inputs.projectId, k.id);
  }
  return key;
}

export const projectServiceAccount = defineResource<ProjectServiceAccountInputs, ProjectServiceAccountOutputs>({
  type: "ProjectServiceAccount",
  inputs: ProjectServiceAccountInputs,
  importId: scopedImportId("ProjectServiceAccount", "projectId", "<projectId>/<serviceAccountId>"),
  outputs: ProjectServiceAccountOutputs,
  replaceOn: ["projectId", "keyExpiresInSeconds"],
  deletesFirst: true,
  importIdForm: "<projectId>/<serviceAccountId>",
  lives: { path: "/organization/projects/{projectId}/service_accounts", under: "Project" },
  createOnly: ["allowDuplicateName"],
  describe: (props) => `service account "${String(props.name ?? "?")}" of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const expiry = inputs.keyExpiresInSeconds === null ? {} : { expires_in_seconds: inputs.keyExpiresInSeconds };
    const accounts = knownServiceAccounts(c, inputs.projectId);
    const made = await guardedCreate<Made>({
      type: "ProjectServiceAccount",
      collection: accounts,
      what: `service account "${inputs.name}" of project ${inputs.projectId}`,
      duplicates: (x) => x.name === inputs.name,
      describe: (x) => `a service account named "${x.name}" (${x.id})`,
      importId: (x) => `${inputs.projectId}/${x.id}`,
      optOut: "set allowDuplicateName: true on the ProjectServiceAccount",
      allowDuplicate: inputs.allowDuplicateName === true,
      matches: (x) => x.name === inputs.name,
      create: () => serviceAccounts.create(c, inputs.projectId, { name: inputs.name, ...expiry }),
      retrieve: (id) => serviceAccounts.retrieve(c, inputs.projectId, id),
    });
    // Only a create's own answer carries the key: an account found after a lost answer needs a new one.
    const key = keyOf(made.api_key === undefined ? await replaceLostKey(c, inputs, made) : made.api_key);
    let account: ProjectServiceAccount = made;
    if (inputs.role !== made.role) {
      try {
        account = await serviceAccounts.update(c, inputs.projectId, made.id, { role: inputs.role });
      } catch (e) {
        // A failed step leaves no state: an account kept now would be made again by the next `up`.
        try {
          await serviceAccounts.delete(c, inputs.projectId, made.id);
        } catch (cleanup) {
          // Its key was answered only to this create, which is failing: say so rather than leave a key nobody holds unnoticed.
          throw withContext(
            e,
            `the new account ${made.id} could not be removed (${cleanup instanceof Error ? cleanup.message : String(cleanup)}): ` +
              `it and its API key are still live, and the key's value is not kept anywhere: delete the account ` +
              `(the project's service accounts in the OpenAI dashboard) before running again`,
          );
        }
        accounts.remove(made.id);
        throw e;
      }
    }
    return { id: made.id, outs: outputs(inputs.projectId, account, key, inputs.keyExpiresInSeconds) };
  },

  async adopt(c, id, inputs) {
    // `<projectId>/<serviceAccountId>` names both; a bare id takes the project from the inputs.
    const [project, accountId] = id.includes("/") ? id.split("/", 2) : [inputs.projectId, id];
    const a = await serviceAccounts.retrieveListed(c, project, accountId);
    // The key's lifetime cannot be read back: the program's value is taken as it stands.
    // `pulumi import` gives no inputs: then none (an undefined output fails the plugin's answer to the engine).
    return { id: a.id, outs: outputs(project, a, NO_KEY, inputs.keyExpiresInSeconds ?? null) };
  },

  async read(c, id, outs) {
    return outputs(outs.projectId, await serviceAccounts.retrieveListed(c, outs.projectId, id), outs, outs.keyExpiresInSeconds ?? null);
  },

  async update(c, id, olds, inputs) {
    const a = await serviceAccounts.update(c, olds.projectId, id, { name: inputs.name, role: inputs.role });
    knownServiceAccounts(c, olds.projectId).put(a);
    return outputs(olds.projectId, a, olds, inputs.keyExpiresInSeconds);
  },

  async delete(c, id, outs) {
    await serviceAccounts.delete(c, outs.projectId, id);
    knownServiceAccounts(c, outs.projectId).remove(id);
  },
});
