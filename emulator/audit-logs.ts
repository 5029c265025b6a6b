import { z } from "zod";
import { findProject } from "./projects";
import type { Org } from "./org";
import type { Family } from "./router";
import { OWNER_ID, findUser, findUserByEmail } from "./users";
import { fields, invalid, required } from "./validate";

// Entries are stored in API shape; the details sit under a key named after the entry's type.
const entrySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  effective_at: z.number(),
  project: z.object({ id: z.string(), name: z.string() }).optional(),
  actor: z.object({}).loose(),
});
const shape = { auditLogs: z.array(entrySchema).default([]) };
type Entry = z.infer<typeof entrySchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

// Every call through the emulator is made with its admin key, which belongs to the org's owner.
function ownerActor(org: Org, email?: string) {
  const user = email === undefined ? findUser(org, OWNER_ID) : findUserByEmail(org, email);
  return { type: "api_key", api_key: { id: "key_emulator", type: "user", user: { id: user?.id ?? OWNER_ID, email: email ?? user?.email ?? "owner@example.com" } } };
}

/** Records what a call did, as the real audit log would: `details.id` names the object it was about. */
export function audit(org: Org, type: string, details: { id: string } & Record<string, unknown>, projectId?: string): void {
  const project = projectId === undefined ? undefined : findProject(org, projectId);
  own(org).auditLogs.push({
    id: org.newId("audit_log-"), type, effective_at: org.now(),
    ...(project && { project: { id: project.id, name: project.name } }),
    actor: ownerActor(org), [type]: details,
  });
}

function integer(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(key, "expected a Unix timestamp in seconds");
  return Number(raw);
}

const listOf = (query: URLSearchParams, key: string) => [...query.getAll(`${key}[]`), ...query.getAll(key)];

function actorMatches(entry: Entry, ids: string[], emails: string[]): boolean {
  const apiKey = (entry.actor as { api_key?: { id?: string; user?: { id?: string; email?: string }; service_account?: { id?: string } } }).api_key;
  const session = (entry.actor as { session?: { user?: { id?: string; email?: string } } }).session;
  const user = apiKey?.user ?? session?.user;
  const actorIds = [apiKey?.id, user?.id, apiKey?.service_account?.id].filter(Boolean);
  return (ids.length === 0 || actorIds.some((id) => ids.includes(id as string))) && (emails.length === 0 || emails.includes(user?.email ?? ""));
}

/** The audit log: written by the other families' calls, read newest first with the documented filters. */
export const auditLogs: Family = {
  state: shape,
  fresh: () => ({ auditLogs: [] }),
  routes: {
    "GET /organization/audit_logs": ({ org, query }) => {
      const gt = integer(query, "effective_at[gt]");
      const gte = integer(query, "effective_at[gte]");
      const lt = integer(query, "effective_at[lt]");
      const lte = integer(query, "effective_at[lte]");
      const projects = listOf(query, "project_ids");
      const types = listOf(query, "event_types");
      const actorIds = listOf(query, "actor_ids");
      const actorEmails = listOf(query, "actor_emails");
      const resources = listOf(query, "resource_ids");
      const matching = own(org).auditLogs.filter((e) =>
        (gt === undefined || e.effective_at > gt) && (gte === undefined || e.effective_at >= gte) &&
        (lt === undefined || e.effective_at < lt) && (lte === undefined || e.effective_at <= lte) &&
        (projects.length === 0 || projects.includes(e.project?.id ?? "")) &&
        (types.length === 0 || types.includes(e.type)) &&
        (resources.length === 0 || resources.includes(String((e[e.type] as { id?: unknown } | undefined)?.id ?? ""))) &&
        actorMatches(e, actorIds, actorEmails));
      return org.page([...matching].reverse(), query);
    },
  },
  control: {
    /** Adds an entry as if something had happened at `effective_at` (default now), by `actor_email` (default the owner). */
    "POST /__emulator/audit_logs": ({ org, body }) => {
      const b = fields(body, ["type", "effective_at", "project_id", "actor_email", "details"]);
      const type = required(b, "type");
      if (typeof type !== "string") throw invalid("type", "expected an event type");
      const details = fields(required(b, "details"), Object.keys((b.details ?? {}) as object), "details");
      if (typeof details.id !== "string") throw invalid("details.id", "expected the id of the object the event is about");
      const project = typeof b.project_id === "string" ? findProject(org, b.project_id) : undefined;
      const entry: Entry = {
        id: org.newId("audit_log-"), type, effective_at: typeof b.effective_at === "number" ? b.effective_at : org.now(),
        ...(project && { project: { id: project.id, name: project.name } }),
        actor: ownerActor(org, typeof b.actor_email === "string" ? b.actor_email : undefined), [type]: details,
      };
      // Kept in time order, as the real log is.
      const all = own(org).auditLogs;
      all.splice(all.filter((e) => e.effective_at <= entry.effective_at).length, 0, entry);
      return entry;
    },
  },
};
