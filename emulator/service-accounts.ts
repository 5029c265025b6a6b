import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./errors";
import { audit } from "./audit-logs";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { findUser } from "./users";
import { fields, invalid, oneOf, required } from "./validate";

const accountSchema = z.object({
  id: z.string(),
  object: z.literal("organization.project.service_account"),
  name: z.string(),
  role: z.enum(["owner", "member", "none"]),
  created_at: z.number(),
});
// A key is stored redacted: its value is answered once, at creation, and never kept.
const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  redacted_value: z.string(),
  created_at: z.number(),
  last_used_at: z.number().nullable(),
  expires_at: z.number().nullable(),
  owner: z.object({ type: z.enum(["user", "service_account"]), id: z.string() }),
  // Set by an update; the API never shows a key's scopes back.
  scopes: z.array(z.string()).optional(),
});
const shape = {
  serviceAccounts: z.record(z.string(), z.array(accountSchema)).default({}),
  projectApiKeys: z.record(z.string(), z.array(keySchema)).default({}),
};
type Account = z.infer<typeof accountSchema>;
type Key = z.infer<typeof keySchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

const PATH = "/organization/projects/{project_id}/service_accounts";
const KEYS = "/organization/projects/{project_id}/api_keys";

const accounts = (org: Org, projectId: string) => (own(org).serviceAccounts[projectId] ??= []);
const keys = (org: Org, projectId: string) => (own(org).projectApiKeys[projectId] ??= []);

function account(org: Org, projectId: string, id: string): Account {
  const found = own(org).serviceAccounts[projectId]?.find((a) => a.id === id);
  if (!found) throw new ApiError(404, `No service account found with id '${id}'.`);
  return found;
}

function expiresIn(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw invalid("expires_in_seconds", "expected a positive integer");
  return value;
}

/** Makes a key for an account; the only time its value exists is in the answer. */
function newKey(org: Org, projectId: string, owner: Account, name: string, expiresInSeconds: number | undefined) {
  // Random bytes, not the seeded stream: a seed must never make a key someone could predict.
  const value = `sk-svcacct-${randomBytes(24).toString("base64url")}`;
  const created = org.now();
  const stored: Key = {
    id: org.newId("key_"), name, redacted_value: `sk-svcacct-...${value.slice(-4)}`, created_at: created,
    last_used_at: null, expires_at: expiresInSeconds === undefined ? null : created + expiresInSeconds,
    owner: { type: "service_account", id: owner.id },
  };
  keys(org, projectId).push(stored);
  audit(org, "api_key.created", { id: stored.id, data: { scopes: [] } }, projectId);
  return {
    object: "organization.project.service_account.api_key", id: stored.id, name, value,
    created_at: created, expires_at: stored.expires_at,
  };
}

function keyView(org: Org, projectId: string, k: Key) {
  const sa = k.owner.type === "service_account" ? own(org).serviceAccounts[projectId]?.find((a) => a.id === k.owner.id) : undefined;
  const user = k.owner.type === "user" ? findUser(org, k.owner.id) : undefined;
  return {
    object: "organization.project.api_key", id: k.id, name: k.name, redacted_value: k.redacted_value,
    created_at: k.created_at, last_used_at: k.last_used_at, expires_at: k.expires_at,
    owner_project_access: ownerHasAccess(org, projectId, k) ? "active" : "inactive",
    owner: sa
      ? { type: "service_account", service_account: { id: sa.id, name: sa.name, created_at: sa.created_at, role: sa.role } }
      : { type: "user", user: { id: k.owner.id, email: user?.email ?? "", name: user?.name ?? "", created_at: user?.added_at ?? 0, role: "member" } },
  };
}

/** A service account always reaches its project; a person only while a member of it. */
function ownerHasAccess(org: Org, projectId: string, k: Key): boolean {
  if (k.owner.type === "service_account") return true;
  const members = (org.state as { projectUsers?: Record<string, { user_id: string }[]> }).projectUsers?.[projectId] ?? [];
  return members.some((m) => m.user_id === k.owner.id);
}

function storedKey(org: Org, projectId: string, id: string): Key {
  const found = own(org).projectApiKeys[projectId]?.find((k) => k.id === id);
  if (!found) throw new ApiError(404, `No API key found with id '${id}'.`);
  return found;
}

/** Service accounts of a project and the project's API keys (a service account's keys are among them). */
export const serviceAccounts: Family = {
  state: shape,
  fresh: () => ({ serviceAccounts: {}, projectApiKeys: {} }),
  dump: (org) => ({ serviceAccounts: own(org).serviceAccounts, projectApiKeys: own(org).projectApiKeys }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      return org.page(own(org).serviceAccounts[project_id] ?? [], query);
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, ["name", "create_service_account_only", "expires_in_seconds"]);
      const name = required(b, "name");
      if (typeof name !== "string" || name.trim() === "") throw invalid("name", "expected a non-empty string");
      const only = b.create_service_account_only ?? false;
      if (typeof only !== "boolean") throw invalid("create_service_account_only", "expected a boolean");
      const expires = expiresIn(b.expires_in_seconds);
      if (only && expires !== undefined) throw invalid("expires_in_seconds", "must be null when create_service_account_only is true");
      const sa: Account = { id: org.newId("svc_acct_"), object: "organization.project.service_account", name, role: only ? "none" : "member", created_at: org.now() };
      accounts(org, project_id).push(sa);
      audit(org, "service_account.created", { id: sa.id, data: { role: sa.role } }, project_id);
      return { ...sa, api_key: only ? null : newKey(org, project_id, sa, "Secret key", expires) };
    },
    [`GET ${PATH}/{service_account_id}`]: ({ org, params: { project_id, service_account_id } }) => {
      getProject(org, project_id);
      return account(org, project_id, service_account_id);
    },
    [`POST ${PATH}/{service_account_id}`]: ({ org, params: { project_id, service_account_id }, body }) => {
      writableProject(org, project_id, "modify");
      const sa = account(org, project_id, service_account_id);
      const b = fields(body, ["name", "role"]);
      if (b.name !== undefined) {
        if (typeof b.name !== "string" || b.name.trim() === "") throw invalid("name", "expected a non-empty string");
        sa.name = b.name;
      }
      if (b.role !== undefined) {
        if (b.role !== "member" && b.role !== "owner") throw invalid("role", "expected one of member, owner");
        sa.role = b.role;
      }
      audit(org, "service_account.updated", { id: sa.id, changes_requested: b }, project_id);
      return sa;
    },
    [`DELETE ${PATH}/{service_account_id}`]: ({ org, params: { project_id, service_account_id } }) => {
      writableProject(org, project_id, "modify");
      const sa = account(org, project_id, service_account_id);
      own(org).serviceAccounts[project_id] = accounts(org, project_id).filter((a) => a !== sa);
      own(org).projectApiKeys[project_id] = keys(org, project_id).filter((k) => k.owner.id !== sa.id);
      audit(org, "service_account.deleted", { id: sa.id }, project_id);
      return { object: "organization.project.service_account.deleted", id: sa.id, deleted: true };
    },
    [`POST ${PATH}/{service_account_id}/api_keys`]: ({ org, params: { project_id, service_account_id }, body }) => {
      writableProject(org, project_id, "modify");
      const sa = account(org, project_id, service_account_id);
      const b = fields(body, ["name", "expires_in_seconds", "scopes"]);
      if (b.name !== undefined && typeof b.name !== "string") throw invalid("name", "expected a string");
      if (b.scopes !== undefined && !(Array.isArray(b.scopes) && b.scopes.every((s) => typeof s === "string"))) {
        throw invalid("scopes", "expected a list of strings");
      }
      return newKey(org, project_id, sa, (b.name as string | undefined) ?? "Secret key", expiresIn(b.expires_in_seconds));
    },
    [`GET ${KEYS}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      // Without the filter the API applies its membership rules, "which may exclude some enabled keys": here, the
      // keys whose owner has no access to the project are left out, as with `active`.
      const access = oneOf(query.get("owner_project_access") ?? "active", ["active", "inactive", "any"], "owner_project_access");
      const listed = (own(org).projectApiKeys[project_id] ?? []).filter((k) => access === "any" || ownerHasAccess(org, project_id, k) === (access === "active"));
      return org.page(listed.map((k) => keyView(org, project_id, k)), query);
    },
    [`GET ${KEYS}/{api_key_id}`]: ({ org, params: { project_id, api_key_id } }) => {
      getProject(org, project_id);
      return keyView(org, project_id, storedKey(org, project_id, api_key_id));
    },
    // Only in the official SDK (openai 7.60.0), not in OpenAI's OpenAPI description: scopes and expiry, together.
    [`POST ${KEYS}/{api_key_id}`]: ({ org, params: { project_id, api_key_id }, body }) => {
      writableProject(org, project_id, "modify");
      const key = storedKey(org, project_id, api_key_id);
      const b = fields(body, ["scopes", "expires_in_seconds"]);
      if (b.scopes === undefined && b.expires_in_seconds === undefined) {
        throw new ApiError(400, "Provide at least one of 'scopes' or 'expires_in_seconds'.");
      }
      // "neither field accepts null"
      if (b.scopes !== undefined && !(Array.isArray(b.scopes) && b.scopes.every((s) => typeof s === "string"))) {
        throw invalid("scopes", "expected a list of strings");
      }
      if (b.expires_in_seconds !== undefined && (typeof b.expires_in_seconds !== "number" || !Number.isInteger(b.expires_in_seconds) || b.expires_in_seconds < 1)) {
        throw invalid("expires_in_seconds", "expected a positive integer");
      }
      if (key.expires_at !== null && key.expires_at <= org.now()) throw new ApiError(400, "Expired API keys cannot be updated.");
      // Both changes are saved together: nothing above wrote.
      if (b.scopes !== undefined) key.scopes = [...(b.scopes as string[])];
      if (b.expires_in_seconds !== undefined) key.expires_at = org.now() + (b.expires_in_seconds as number);
      audit(org, "api_key.updated", { id: key.id, changes_requested: b }, project_id);
      return keyView(org, project_id, key);
    },
    [`DELETE ${KEYS}/{api_key_id}`]: ({ org, params: { project_id, api_key_id } }) => {
      getProject(org, project_id);
      const key = storedKey(org, project_id, api_key_id);
      own(org).projectApiKeys[project_id] = keys(org, project_id).filter((k) => k !== key);
      audit(org, "api_key.deleted", { id: key.id }, project_id);
      return { object: "organization.project.api_key.deleted", id: key.id, deleted: true };
    },
  },
  control: {
    /**
     * A person makes a key of their own in a project, as the dashboard lets them (the Administration API cannot):
     * the key stays when they leave the project, which `owner_project_access` tells apart.
     */
    "POST /__emulator/projects/{project_id}/user_api_keys": ({ org, params: { project_id }, body }) => {
      getProject(org, project_id);
      const userId = required(fields(body, ["user_id"]), "user_id");
      if (typeof userId !== "string" || !findUser(org, userId)) throw invalid("user_id", "expected the id of a member of the organization");
      const value = `sk-proj-${randomBytes(24).toString("base64url")}`;
      const stored: Key = {
        id: org.newId("key_"), name: "Personal key", redacted_value: `sk-proj-...${value.slice(-4)}`, created_at: org.now(),
        last_used_at: null, expires_at: null, owner: { type: "user", id: userId },
      };
      keys(org, project_id).push(stored);
      return keyView(org, project_id, stored);
    },
  },
};
