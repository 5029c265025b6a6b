import type { ProfileSettings, ProfileState } from "./profile";

/** One /v1 request in the emulator's log. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** METHOD + path template, e.g. "POST /organization/projects/{project_id}/spend_alerts"; null for an unknown path. */
  endpoint: string | null;
  query: string;
  status: number;
  /** When the request arrived, in ms since the epoch. */
  at: number;
  /** How long the answer took, in ms. */
  ms: number;
}

export interface FaultRule {
  method?: string;
  path?: string;
  fault: "429" | "500" | "502" | "503" | "latency" | "drop_before" | "drop_after";
  count?: number;
  probability?: number;
  retryAfter?: number;
  retryAfterMs?: number;
  latencyMs?: number;
}

/** What `GET /__emulator/requests` answers: the log, and how many older entries it no longer holds. */
export interface RequestLogPage {
  requests: LoggedRequest[];
  dropped: number;
}

/** A client of the emulator's `/__emulator/` control endpoints, for tests, the demo and users' own CI. */
export class EmulatorControl {
  private readonly root: string;
  /**
   * @param baseUrl the emulator's `/v1` URL
   * @param adminKey sent on every control call; needed when the emulator listens beyond loopback
   */
  constructor(baseUrl: string, private readonly adminKey?: string) {
    this.root = baseUrl.replace(/\/v1\/?$/, "") + "/__emulator";
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.adminKey !== undefined) headers.authorization = `Bearer ${this.adminKey}`;
    const res = await fetch(this.root + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /__emulator${path}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The log and its dropped count, as the emulator answers. */
  requestLog = () => this.call<RequestLogPage>("GET", "/requests");
  /** Every logged request; throws if the log dropped entries, since a short log would miscount calls. */
  async requests(): Promise<LoggedRequest[]> {
    const { requests, dropped } = await this.requestLog();
    if (dropped > 0) {
      throw new Error(`the emulator's request log dropped its ${dropped} oldest entries: clear it between measurements or raise requestLogLimit`);
    }
    return requests;
  }
  /** The log as "METHOD /path" lines, which reads well in an assertion. */
  async calls(): Promise<string[]> {
    return (await this.requests()).map((r) => `${r.method} ${r.path}`);
  }
  clearRequests = () => this.call("DELETE", "/requests");
  reset = () => this.call("POST", "/reset");
  org = () => this.call<OrgDump>("GET", "/org");
  /** The customer's cloud stops letting OpenAI use `value` (a role ARN, key, bucket…): validating a config naming it fails. */
  makeUnreachable = (value: string) => this.call("POST", "/unreachable", { value });
  acceptInvite = (id: string) => this.call("POST", `/invites/${id}/accept`);
  /** Someone joins the organization, as accepting an invite would; answers the member. */
  addUser = (user: { email: string; name?: string; role?: "owner" | "reader" }) => this.call<{ id: string; email: string }>("POST", "/users", user);
  expireInvite = (id: string) => this.call("POST", `/invites/${id}/expire`);
  /** A person's own key in a project, as the dashboard makes one; answers the key as listings show it. */
  addUserKey = (projectId: string, userId: string) => this.call<{ id: string }>("POST", `/projects/${projectId}/user_api_keys`, { user_id: userId });
  addFault = (rule: FaultRule) => this.call<{ id: string }>("POST", "/faults", rule);
  clearFaults = () => this.call("DELETE", "/faults");
  setRateLimit = (limit: number, windowMs: number, retryAfter = true) =>
    this.call("PUT", "/rate-limit", { limit, windowMs, retryAfter });
  clearRateLimit = () => this.call("DELETE", "/rate-limit");
  /** Puts a profile in force (e.g. `{ profile: "real", readLagMs: 200 }`) and answers it with every number filled in. */
  setProfile = (settings: ProfileSettings) => this.call<ProfileState>("PUT", "/profile", settings);
  /** Back to the lenient default profile. */
  clearProfile = () => this.call<ProfileState>("DELETE", "/profile");
  profile = () => this.call<ProfileState>("GET", "/profile");
  /** Records usage (or, with kind `costs`, a cost line) as the usage and costs endpoints will count it; see `emulator/usage.ts`. */
  recordUsage = (record: { kind: string; at?: number; project_id?: string } & Record<string, unknown>) => this.call("POST", "/usage", record);
  /** No usage at all from now on: recorded figures gone and synthetic ones off, so a test can record exact ones. */
  clearUsage = () => this.call("DELETE", "/usage");
}

export interface OrgDump {
  projects: Array<Record<string, unknown> & { id: string; name: string; status: string }>;
  modelPermissions: Record<string, { mode: string; model_ids: string[] }>;
  spendAlerts: Record<string, Array<Record<string, unknown> & { id: string; threshold_amount: number }>>;
  dataRetention: Record<string, { type: string }>;
  invites: Array<Record<string, unknown> & { id: string; email: string; status: string }>;
  users: Array<{ id: string; email: string; name: string | null; role: string }>;
  projectUsers: Record<string, Array<{ user_id: string; role: string }>>;
  serviceAccounts: Record<string, Array<{ id: string; name: string; role: string }>>;
  projectApiKeys: Record<string, Array<{ id: string; owner: { type: string; id: string } }>>;
  rateLimits: Record<string, Record<string, Record<string, number>>>;
  adminApiKeys: Array<{ id: string; name: string | null }>;
  organizationSpendLimit: { threshold_amount: number } | null;
  projectSpendLimits: Record<string, { threshold_amount: number }>;
  organizationSpendAlerts: Array<{ id: string; threshold_amount: number }>;
  organizationDataRetention: string | null;
  groups: Array<{ id: string; name: string }>;
  groupMembers: Record<string, string[]>;
  roles: Array<{ id: string; name: string; permissions: string[]; predefined_role: boolean }>;
  externalKeys: Array<Record<string, unknown> & { id: string; name: string; type: string }>;
  unreachable: string[];
  externalStorage: Array<Record<string, unknown> & { id: string; project_id: string; status: string; provider: Record<string, unknown> & { type: string } }>;
  workloadIdentityProviders: Array<Record<string, unknown> & { id: string; name: string; issuer: string; audience: string }>;
  federationRules: Record<string, Array<Record<string, unknown> & { id: string; service_account_id: string; name: string | null }>>;
  certificates: Array<{ id: string; name: string | null; active: boolean; valid_at: number; expires_at: number }>;
  projectCertificates: Record<string, string[]>;
  hostedToolPermissions: Record<string, Record<string, { enabled: boolean }>>;
  serviceTierSettings: Record<string, { default: string; enabled_tiers: string | string[] }>;
  usage: { synthetic: boolean; records: Array<{ kind: string; at: number; dims: Record<string, string | boolean | null>; metrics: Record<string, number> }> };
}
