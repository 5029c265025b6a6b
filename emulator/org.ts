import { z } from "zod";

// Residency values the official `openai` package declares as `ProjectResidency`.
const RESIDENCIES = [
  "GLOBAL", "US_STORAGE_PROCESSING", "EU_STORAGE_PROCESSING", "JP_STORAGE", "JP_STORAGE_PROCESSING",
  "KR_STORAGE", "CA_STORAGE", "SG_STORAGE", "IN_STORAGE", "IN_STORAGE_PROCESSING", "AU_STORAGE",
  "AU_STORAGE_PROCESSING", "GB_STORAGE", "AE_STORAGE", "AE_STORAGE_PROCESSING",
] as const;

// Data retention types the official `openai` package declares.
const RETENTION_TYPES = [
  "organization_default", "none", "zero_data_retention", "modified_abuse_monitoring",
  "enhanced_zero_data_retention", "enhanced_modified_abuse_monitoring",
] as const;

const INVITE_LIFETIME_S = 7 * 24 * 60 * 60;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The state file is checked against these schemas, so a hand-edited or foreign file is refused
// instead of half-loaded; the stored objects are already in API shape.
const projectSchema = z.object({
  id: z.string(),
  object: z.literal("organization.project"),
  name: z.string(),
  created_at: z.number(),
  archived_at: z.number().nullable(),
  status: z.enum(["active", "archived"]),
  external_key_id: z.string().nullable(),
  residency: z.enum(RESIDENCIES).optional(),
});
const modelPermissionsSchema = z.object({
  object: z.literal("project.model_permissions"),
  mode: z.enum(["allow_list", "deny_list"]),
  model_ids: z.array(z.string()),
});
const spendAlertSchema = z.object({
  id: z.string(),
  object: z.literal("project.spend_alert"),
  threshold_amount: z.number(),
  currency: z.literal("USD"),
  interval: z.literal("month"),
  notification_channel: z.object({
    type: z.literal("email"),
    recipients: z.array(z.string()),
    subject_prefix: z.string().nullable(),
  }),
});
const dataRetentionSchema = z.object({ object: z.literal("project.data_retention"), type: z.enum(RETENTION_TYPES) });
const inviteSchema = z.object({
  id: z.string(),
  object: z.literal("organization.invite"),
  email: z.string(),
  role: z.enum(["reader", "owner"]),
  // "expired" is never stored: it is derived from expires_at when the invite is read.
  status: z.enum(["pending", "accepted"]),
  created_at: z.number(),
  expires_at: z.number(),
  accepted_at: z.number().nullable(),
  projects: z.array(z.object({ id: z.string(), role: z.enum(["member", "owner"]) })),
});
const orgStateSchema = z.object({
  defaultProjectId: z.string(),
  projects: z.array(projectSchema),
  modelPermissions: z.record(z.string(), modelPermissionsSchema),
  spendAlerts: z.record(z.string(), z.array(spendAlertSchema)),
  dataRetention: z.record(z.string(), dataRetentionSchema),
  invites: z.array(inviteSchema),
});

/** The whole org as stored in the state file. */
export type OrgState = z.infer<typeof orgStateSchema>;
/** A project in API shape. */
export type Project = z.infer<typeof projectSchema>;
/** A spend alert in API shape. */
export type SpendAlert = z.infer<typeof spendAlertSchema>;
/** An invite in API shape, with `expired` derived at read time. */
export type Invite = Omit<z.infer<typeof inviteSchema>, "status"> & { status: "pending" | "accepted" | "expired" };
/** One page of a list endpoint. */
export interface List<T> { object: "list"; data: T[]; first_id: string | null; last_id: string | null; has_more: boolean }

/** An OpenAI-shaped API error; the server turns it into `{"error": {...}}` with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** Validates parsed state-file JSON, throwing an Error that says what is wrong with it. */
export function parseOrgState(value: unknown): OrgState {
  const result = orgStateSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`it does not hold an emulator org (${issue.path.join(".") || "top level"}: ${issue.message})`);
  }
  return result.data;
}

/** A small deterministic PRNG (mulberry32), so a seed reproduces ids and fault decisions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Body = Record<string, unknown>;

const now = () => Math.floor(Date.now() / 1000);
const invalid = (param: string, expectation: string) =>
  new ApiError(400, `Invalid value for '${param}': ${expectation}.`, param);

function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rejects anything that is not an object holding only `allowed` keys, as the real API does. */
function fields(value: unknown, allowed: string[], parent?: string): Body {
  if (!isObject(value)) {
    throw parent ? invalid(parent, "expected an object") : new ApiError(400, "The request body must be a JSON object.");
  }
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    const param = parent ? `${parent}.${unknown}` : unknown;
    throw new ApiError(400, `Unrecognized request argument supplied: ${param}`, param);
  }
  return value;
}

function required(body: Body, key: string, param = key): unknown {
  if (body[key] === undefined || body[key] === null) {
    throw new ApiError(400, `Missing required parameter: '${param}'.`, param);
  }
  return body[key];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], param: string): T {
  if (!allowed.includes(value as T)) throw invalid(param, `expected one of ${allowed.join(", ")}`);
  return value as T;
}

function nullableString(value: unknown, param: string): string | null | undefined {
  if (value === undefined || value === null || typeof value === "string") return value;
  throw invalid(param, "expected a string or null");
}

function projectName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid("name", "expected a non-empty string");
  if (value.length > 255) throw invalid("name", "expected at most 255 characters");
  return value;
}

function limitOf(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null) return 20;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw invalid("limit", "expected an integer between 1 and 100");
  return limit;
}

/** Cursor paging as the API does it: `after`/`before` name an id; an unknown cursor gives an empty page. */
function page<T extends { id: string }>(items: T[], query: URLSearchParams): List<T> {
  const limit = limitOf(query);
  const after = query.get("after");
  const before = query.get("before");
  const afterIndex = after === null ? -1 : items.findIndex((item) => item.id === after);
  const start = after === null ? 0 : afterIndex < 0 ? items.length : afterIndex + 1;
  const end = before === null ? items.length : Math.max(0, items.findIndex((item) => item.id === before));
  const window = items.slice(start, Math.max(start, end));
  // Paging backwards from `before` wants the items just before the cursor, not the first ones.
  const data = before !== null && after === null ? window.slice(-limit) : window.slice(0, limit);
  return { object: "list", data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: window.length > limit };
}

function spendAlertFields(body: unknown): Omit<SpendAlert, "id" | "object"> {
  const b = fields(body, ["threshold_amount", "currency", "interval", "notification_channel"]);
  const threshold = required(b, "threshold_amount");
  if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
    throw invalid("threshold_amount", "expected a positive integer number of cents");
  }
  oneOf(required(b, "currency"), ["USD"], "currency");
  oneOf(required(b, "interval"), ["month"], "interval");
  const channel = fields(required(b, "notification_channel"), ["type", "recipients", "subject_prefix"], "notification_channel");
  oneOf(required(channel, "type", "notification_channel.type"), ["email"], "notification_channel.type");
  const recipients = required(channel, "recipients", "notification_channel.recipients");
  if (!Array.isArray(recipients) || recipients.length === 0 || !recipients.every((r) => typeof r === "string" && EMAIL.test(r))) {
    throw invalid("notification_channel.recipients", "expected a non-empty list of email addresses");
  }
  return {
    threshold_amount: threshold,
    currency: "USD",
    interval: "month",
    notification_channel: {
      type: "email",
      recipients: [...recipients],
      subject_prefix: nullableString(channel.subject_prefix, "notification_channel.subject_prefix") ?? null,
    },
  };
}

function freshState(random: () => number): OrgState {
  const id = `proj_${randomId(random)}`;
  const project: Project = {
    id, object: "organization.project", name: "Default project", created_at: now(),
    archived_at: null, status: "active", external_key_id: null,
  };
  return { defaultProjectId: id, projects: [project], modelPermissions: {}, spendAlerts: {}, dataRetention: {}, invites: [] };
}

function randomId(random: () => number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 24 }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

/**
 * The org's objects and the rules the real service enforces on them. Methods take the parsed
 * request (body or query) and either return the response body or throw an {@link ApiError}.
 */
export class Org {
  private state: OrgState;

  /**
   * @param random source of ids (seeded for deterministic tests)
   * @param state a previously saved org, else a fresh one holding only the default project
   * @param onChange called with the whole state after every mutation (the state file hook)
   */
  constructor(
    private readonly random: () => number,
    state?: OrgState,
    private readonly onChange: (state: OrgState) => void = () => undefined,
  ) {
    this.state = state ?? freshState(random);
  }

  /** The state to persist. */
  snapshot(): OrgState {
    return this.state;
  }

  /** Everything the org holds, in API shapes, archived projects included. */
  dump() {
    const { projects, modelPermissions, spendAlerts, dataRetention, invites } = this.state;
    return { projects, modelPermissions, spendAlerts, dataRetention, invites: invites.map(inviteView) };
  }

  /** Replaces everything with a fresh org holding only the default project. */
  reset(): void {
    this.state = freshState(this.random);
    this.changed();
  }

  listProjects(query: URLSearchParams): List<Project> {
    const all = query.get("include_archived") === "true";
    return page(this.state.projects.filter((p) => all || p.status === "active"), query);
  }

  createProject(body: unknown): Project {
    const b = fields(body, ["name", "external_key_id", "residency", "geography"]);
    const name = projectName(required(b, "name"));
    const external = nullableString(b.external_key_id, "external_key_id") ?? null;
    nullableString(b.geography, "geography");
    const residency = b.residency == null ? undefined : oneOf(b.residency, RESIDENCIES, "residency");
    const project: Project = {
      id: this.newId("proj_"), object: "organization.project", name, created_at: now(),
      archived_at: null, status: "active", external_key_id: external,
      ...(residency && { residency }),
    };
    this.state.projects.push(project);
    this.changed();
    return project;
  }

  getProject(id: string): Project {
    const project = this.state.projects.find((p) => p.id === id);
    if (!project) throw new ApiError(404, `No project found with id '${id}'.`);
    return project;
  }

  updateProject(id: string, body: unknown): Project {
    const project = this.writableProject(id, "update");
    const b = fields(body, ["name", "external_key_id", "geography"]);
    if (b.name != null) project.name = projectName(b.name);
    const external = nullableString(b.external_key_id, "external_key_id");
    if (external !== undefined) project.external_key_id = external;
    nullableString(b.geography, "geography");
    this.changed();
    return project;
  }

  archiveProject(id: string): Project {
    const project = this.getProject(id);
    if (id === this.state.defaultProjectId) throw new ApiError(400, "Cannot archive the default project.");
    if (project.status === "active") {
      project.status = "archived";
      project.archived_at = now();
      this.changed();
    }
    return project;
  }

  getModelPermissions(projectId: string) {
    this.getProject(projectId);
    // Nothing denied is what "no restriction" looks like on the real service.
    return this.state.modelPermissions[projectId] ?? { object: "project.model_permissions", mode: "deny_list", model_ids: [] };
  }

  setModelPermissions(projectId: string, body: unknown) {
    this.writableProject(projectId, "modify");
    const b = fields(body, ["mode", "model_ids"]);
    const mode = oneOf(required(b, "mode"), ["allow_list", "deny_list"], "mode");
    const ids = required(b, "model_ids");
    if (!Array.isArray(ids) || !ids.every((m) => typeof m === "string" && m !== "")) {
      throw invalid("model_ids", "expected a list of non-empty model ids");
    }
    const permissions = { object: "project.model_permissions" as const, mode, model_ids: [...ids] };
    this.state.modelPermissions[projectId] = permissions;
    this.changed();
    return permissions;
  }

  deleteModelPermissions(projectId: string) {
    this.getProject(projectId);
    delete this.state.modelPermissions[projectId];
    this.changed();
    return { object: "project.model_permissions.deleted", deleted: true };
  }

  listSpendAlerts(projectId: string, query: URLSearchParams): List<SpendAlert> {
    this.getProject(projectId);
    const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
    const alerts = [...(this.state.spendAlerts[projectId] ?? [])];
    return page(order === "asc" ? alerts : alerts.reverse(), query);
  }

  createSpendAlert(projectId: string, body: unknown): SpendAlert {
    this.writableProject(projectId, "modify");
    const alert: SpendAlert = { id: this.newId("alert_"), object: "project.spend_alert", ...spendAlertFields(body) };
    (this.state.spendAlerts[projectId] ??= []).push(alert);
    this.changed();
    return alert;
  }

  getSpendAlert(projectId: string, alertId: string): SpendAlert {
    this.getProject(projectId);
    const alert = this.state.spendAlerts[projectId]?.find((a) => a.id === alertId);
    if (!alert) throw new ApiError(404, `No spend alert found with id '${alertId}'.`);
    return alert;
  }

  updateSpendAlert(projectId: string, alertId: string, body: unknown): SpendAlert {
    this.writableProject(projectId, "modify");
    const alert = Object.assign(this.getSpendAlert(projectId, alertId), spendAlertFields(body));
    this.changed();
    return alert;
  }

  deleteSpendAlert(projectId: string, alertId: string) {
    const alert = this.getSpendAlert(projectId, alertId);
    this.state.spendAlerts[projectId] = this.state.spendAlerts[projectId].filter((a) => a !== alert);
    this.changed();
    return { id: alertId, object: "project.spend_alert.deleted", deleted: true };
  }

  getDataRetention(projectId: string) {
    this.getProject(projectId);
    return this.state.dataRetention[projectId] ?? { object: "project.data_retention", type: "organization_default" };
  }

  setDataRetention(projectId: string, body: unknown) {
    this.writableProject(projectId, "modify");
    const b = fields(body, ["retention_type"]);
    const type = oneOf(required(b, "retention_type"), RETENTION_TYPES, "retention_type");
    const retention = { object: "project.data_retention" as const, type };
    this.state.dataRetention[projectId] = retention;
    this.changed();
    return retention;
  }

  listInvites(query: URLSearchParams): List<Invite> {
    return page(this.state.invites.map(inviteView), query);
  }

  createInvite(body: unknown): Invite {
    const b = fields(body, ["email", "role", "projects"]);
    const email = required(b, "email");
    if (typeof email !== "string" || !EMAIL.test(email)) throw invalid("email", "expected an email address");
    const role = oneOf(required(b, "role"), ["reader", "owner"], "role");
    const projects = b.projects === undefined
      // Omitting `projects` keeps the legacy behaviour of inviting into the default project.
      ? [{ id: this.state.defaultProjectId, role: "member" as const }]
      : this.inviteProjects(b.projects);
    const created = now();
    const invite: Invite = {
      id: this.newId("invite-"), object: "organization.invite", email, role, status: "pending",
      created_at: created, expires_at: created + INVITE_LIFETIME_S, accepted_at: null, projects,
    };
    this.state.invites.push({ ...invite, status: "pending" });
    this.changed();
    return invite;
  }

  getInvite(id: string): Invite {
    return inviteView(this.storedInvite(id));
  }

  deleteInvite(id: string) {
    const invite = this.storedInvite(id);
    if (invite.status === "accepted") throw new ApiError(400, "Cannot delete an accepted invite.");
    this.state.invites = this.state.invites.filter((i) => i !== invite);
    this.changed();
    return { id, object: "organization.invite.deleted", deleted: true };
  }

  /** What the invited person clicking the link does. */
  acceptInvite(id: string): Invite {
    const invite = this.storedInvite(id);
    invite.status = "accepted";
    invite.accepted_at = now();
    this.changed();
    return inviteView(invite);
  }

  /** Moves the expiry into the past, so tests need not wait seven days. */
  expireInvite(id: string): Invite {
    const invite = this.storedInvite(id);
    invite.expires_at = now() - 1;
    this.changed();
    return inviteView(invite);
  }

  private writableProject(id: string, verb: "update" | "modify"): Project {
    const project = this.getProject(id);
    if (project.status === "archived") throw new ApiError(400, `Cannot ${verb} an archived project.`);
    if (verb === "update" && id === this.state.defaultProjectId) throw new ApiError(400, "Cannot modify the default project.");
    return project;
  }

  private inviteProjects(value: unknown): Invite["projects"] {
    if (!Array.isArray(value)) throw invalid("projects", "expected a list of {id, role}");
    return value.map((entry: unknown) => {
      if (!isObject(entry) || Object.keys(entry).some((key) => key !== "id" && key !== "role")) {
        throw invalid("projects", "expected a list of {id, role}");
      }
      const project = this.state.projects.find((p) => p.id === entry.id);
      if (!project || project.status !== "active" || project.id === this.state.defaultProjectId) {
        throw invalid("projects", `'${String(entry.id)}' is not an active, non-default project`);
      }
      return { id: project.id, role: oneOf(entry.role, ["member", "owner"], "projects") };
    });
  }

  private storedInvite(id: string) {
    const invite = this.state.invites.find((i) => i.id === id);
    if (!invite) throw new ApiError(404, `No invite found with id '${id}'.`);
    return invite;
  }

  private newId(prefix: string): string {
    const taken = new Set<string>([
      ...this.state.projects.map((p) => p.id),
      ...this.state.invites.map((i) => i.id),
      ...Object.values(this.state.spendAlerts).flat().map((a) => a.id),
    ]);
    // A restart with the same seed replays the same sequence, so skip ids a saved org already uses.
    for (;;) {
      const id = prefix + randomId(this.random);
      if (!taken.has(id)) return id;
    }
  }

  private changed(): void {
    this.onChange(this.state);
  }
}

function inviteView(invite: z.infer<typeof inviteSchema>): Invite {
  const expired = invite.status === "pending" && invite.expires_at < now();
  return { ...invite, status: expired ? "expired" : invite.status };
}
