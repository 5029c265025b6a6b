/** A client of the emulator's `/__emulator/` control endpoints, for tests, the demo and users' own CI. */
export interface LoggedRequest {
  method: string;
  path: string;
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

export class EmulatorControl {
  private readonly root: string;
  constructor(baseUrl: string) {
    this.root = baseUrl.replace(/\/v1\/?$/, "") + "/__emulator";
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.root + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /__emulator${path}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.call<{ requests: LoggedRequest[] }>("GET", "/requests")).requests;
  }
  /** The log as "METHOD /path" lines, which reads well in an assertion. */
  async calls(): Promise<string[]> {
    return (await this.requests()).map((r) => `${r.method} ${r.path}`);
  }
  clearRequests = () => this.call("DELETE", "/requests");
  reset = () => this.call("POST", "/reset");
  org = () => this.call<OrgDump>("GET", "/org");
  acceptInvite = (id: string) => this.call("POST", `/invites/${id}/accept`);
  /** Someone joins the organization, as accepting an invite would; answers the member. */
  addUser = (user: { email: string; name?: string; role?: "owner" | "reader" }) => this.call<{ id: string; email: string }>("POST", "/users", user);
  expireInvite = (id: string) => this.call("POST", `/invites/${id}/expire`);
  addFault = (rule: FaultRule) => this.call<{ id: string }>("POST", "/faults", rule);
  clearFaults = () => this.call("DELETE", "/faults");
  setRateLimit = (limit: number, windowMs: number, retryAfter = true) =>
    this.call("PUT", "/rate-limit", { limit, windowMs, retryAfter });
  clearRateLimit = () => this.call("DELETE", "/rate-limit");
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
}
