import { randomBytes } from "node:crypto";
import * as http from "node:http";
import { z } from "zod";
import { ApiError, Org } from "./org";

/** What {@link createEmulatorServer} needs. */
export interface ServerConfig {
  org: Org;
  adminKey: string;
  organization: string;
  /** Drives probabilistic faults; seeded for deterministic tests. */
  random: () => number;
}

interface Reply { status: number; body: unknown; headers?: Record<string, string> }
interface LogEntry { method: string; path: string; query: string; status: number; at: number; ms: number }
type Params = { org: Org; ids: string[]; query: URLSearchParams; body: unknown };
type Handler = (p: Params) => unknown;

const FAULT_KINDS = ["429", "500", "502", "503", "latency", "drop_before", "drop_after"] as const;
const faultSchema = z
  .strictObject({
    method: z.string().transform((m) => m.toUpperCase()).optional(),
    path: z.string().startsWith("/").optional(),
    fault: z.enum(FAULT_KINDS),
    count: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
    retryAfter: z.number().nonnegative().optional(),
    retryAfterMs: z.number().nonnegative().optional(),
    latencyMs: z.number().nonnegative().optional(),
  })
  .refine((f) => f.fault !== "latency" || f.latencyMs !== undefined, { message: "latency needs latencyMs", path: ["latencyMs"] });
type FaultRule = z.infer<typeof faultSchema> & { id: string };

const rateLimitSchema = z.strictObject({
  limit: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  retryAfter: z.boolean().default(true),
});
type RateLimit = z.infer<typeof rateLimitSchema> & { admitted: number[] };

const SERVER_ERRORS: Record<string, string> = {
  "500": "The server had an error while processing your request. Sorry about that!",
  "502": "Bad gateway.",
  "503": "The server is overloaded or not ready yet.",
};

const PROJECT = "/organization/projects/([^/]+)";
// Paths are matched without the /v1 prefix, in the same form the request log records them.
const ROUTE_TABLE: Array<[string, Record<string, Handler>]> = [
  ["/organization/projects", {
    GET: ({ org, query }) => org.listProjects(query),
    POST: ({ org, body }) => org.createProject(body),
  }],
  [PROJECT, {
    GET: ({ org, ids: [p] }) => org.getProject(p),
    POST: ({ org, ids: [p], body }) => org.updateProject(p, body),
  }],
  [`${PROJECT}/archive`, { POST: ({ org, ids: [p] }) => org.archiveProject(p) }],
  [`${PROJECT}/model_permissions`, {
    GET: ({ org, ids: [p] }) => org.getModelPermissions(p),
    POST: ({ org, ids: [p], body }) => org.setModelPermissions(p, body),
    DELETE: ({ org, ids: [p] }) => org.deleteModelPermissions(p),
  }],
  [`${PROJECT}/spend_alerts`, {
    GET: ({ org, ids: [p], query }) => org.listSpendAlerts(p, query),
    POST: ({ org, ids: [p], body }) => org.createSpendAlert(p, body),
  }],
  [`${PROJECT}/spend_alerts/([^/]+)`, {
    GET: ({ org, ids: [p, a] }) => org.getSpendAlert(p, a),
    POST: ({ org, ids: [p, a], body }) => org.updateSpendAlert(p, a, body),
    DELETE: ({ org, ids: [p, a] }) => org.deleteSpendAlert(p, a),
  }],
  [`${PROJECT}/data_retention`, {
    GET: ({ org, ids: [p] }) => org.getDataRetention(p),
    POST: ({ org, ids: [p], body }) => org.setDataRetention(p, body),
  }],
  ["/organization/invites", {
    GET: ({ org, query }) => org.listInvites(query),
    POST: ({ org, body }) => org.createInvite(body),
  }],
  ["/organization/invites/([^/]+)", {
    GET: ({ org, ids: [i] }) => org.getInvite(i),
    DELETE: ({ org, ids: [i] }) => org.deleteInvite(i),
  }],
];
const ROUTES = ROUTE_TABLE.map(([path, methods]) => [new RegExp(`^${path}$`), methods] as const);

function errorReply(status: number, message: string, type: string, param: string | null = null, code: string | null = null): Reply {
  return { status, body: { error: { message, type, param, code } } };
}

function apiErrorReply(e: ApiError): Reply {
  return errorReply(e.status, e.message, e.status >= 500 ? "server_error" : "invalid_request_error", e.param, e.code);
}

function rateLimitReply(headers: Record<string, string>): Reply {
  const message = "Rate limit reached for requests. Please try again later.";
  return { ...errorReply(429, message, "requests", null, "rate_limit_exceeded"), headers };
}

/** `*` matches one segment, `**` any rest (including none). */
function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split("/");
  const have = path.split("/");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "**") return true;
    if (i >= have.length || (want[i] !== "*" && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
  }
}

function send(res: http.ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "x-request-id": `req_${randomBytes(16).toString("hex")}`,
    ...reply.headers,
  });
  res.end(JSON.stringify(reply.body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP side of the emulator: the /v1 API (with rate limit, fault rules and auth in front of
 * it) and the unauthenticated /__emulator control endpoints tests use to steer and inspect it.
 */
export function createEmulatorServer(config: ServerConfig): http.Server {
  const { org } = config;
  let log: LogEntry[] = [];
  let faults: FaultRule[] = [];
  let rateLimit: RateLimit | null = null;
  let nextFaultId = 1;

  function rateLimited(): Reply | undefined {
    if (!rateLimit) return undefined;
    const now = Date.now();
    const { windowMs } = rateLimit;
    rateLimit.admitted = rateLimit.admitted.filter((t) => now - t < windowMs);
    if (rateLimit.admitted.length < rateLimit.limit) {
      rateLimit.admitted.push(now);
      return undefined;
    }
    const waitMs = rateLimit.admitted[0] + windowMs - now;
    return rateLimitReply(rateLimit.retryAfter
      ? { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))), "retry-after-ms": String(waitMs) }
      : {});
  }

  /**
   * Fires matching rules in order: latencies add up, the first other rule that fires decides.
   * A rule with both `count` and `probability` fires at random until it has fired `count` times.
   */
  function pickFault(method: string, path: string): { latencyMs: number; rule?: FaultRule } {
    let latencyMs = 0;
    let rule: FaultRule | undefined;
    for (const candidate of faults) {
      if (candidate.method !== undefined && candidate.method !== method) continue;
      if (candidate.path !== undefined && !pathMatches(candidate.path, path)) continue;
      if (candidate.probability !== undefined && config.random() >= candidate.probability) continue;
      if (candidate.count !== undefined) candidate.count--;
      if (candidate.fault !== "latency") {
        rule = candidate;
        break;
      }
      latencyMs += candidate.latencyMs ?? 0;
    }
    faults = faults.filter((f) => f.count !== 0);
    return { latencyMs, rule };
  }

  function faultReply(rule: FaultRule): Reply {
    if (rule.fault !== "429") return errorReply(Number(rule.fault), SERVER_ERRORS[rule.fault], "server_error");
    const headers: Record<string, string> = {};
    if (rule.retryAfter !== undefined) headers["retry-after"] = String(rule.retryAfter);
    if (rule.retryAfterMs !== undefined) headers["retry-after-ms"] = String(rule.retryAfterMs);
    return rateLimitReply(headers);
  }

  function authError(req: http.IncomingMessage): Reply | undefined {
    const header = req.headers.authorization;
    // Messages never quote the presented key: it may be someone's real key sent to the wrong place.
    if (!header) {
      return errorReply(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error");
    }
    if (header !== `Bearer ${config.adminKey}`) {
      return errorReply(401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
    }
    const organization = req.headers["openai-organization"];
    if (organization !== undefined && organization !== config.organization) {
      return errorReply(401, "OpenAI-Organization header should match organization for API key.", "invalid_request_error", null, "mismatched_organization");
    }
    return undefined;
  }

  async function route(req: http.IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Reply> {
    const found = ROUTES.map(([pattern, methods]) => ({ match: pattern.exec(path), methods })).find((r) => r.match);
    if (!found?.match) return errorReply(404, `Invalid URL (${method} /v1${path})`, "invalid_request_error");
    const handler = found.methods[method];
    if (!handler) return errorReply(405, `Invalid method for URL (${method} /v1${path})`, "invalid_request_error");
    try {
      const ids = found.match.slice(1).map(decodeURIComponent);
      const body = parseJson(await readBody(req));
      return { status: 200, body: handler({ org, ids, query, body }) };
    } catch (e) {
      if (e instanceof ApiError) return apiErrorReply(e);
      if (e instanceof URIError) return errorReply(404, `Invalid URL (${method} /v1${path})`, "invalid_request_error");
      throw e;
    }
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const path = url.pathname.slice("/v1".length);
    const entry: LogEntry = { method, path, query: url.search.slice(1), status: 0, at: Date.now(), ms: 0 };
    log.push(entry);
    const started = performance.now();
    // `null` means drop the connection without answering; the log records that as status 0.
    const finish = (reply: Reply | null) => {
      entry.ms = Math.round(performance.now() - started);
      if (reply) {
        entry.status = reply.status;
        send(res, reply);
      } else {
        req.socket.destroy();
      }
    };

    const limited = rateLimited();
    if (limited) return finish(limited);
    const { latencyMs, rule } = pickFault(method, path);
    if (latencyMs > 0) await sleep(latencyMs);
    if (rule?.fault === "drop_before") return finish(null);
    if (rule && rule.fault !== "drop_after") return finish(faultReply(rule));
    const reply = authError(req) ?? (await route(req, method, path, url.searchParams));
    finish(rule ? null : reply);
  }

  function parseControl<T>(schema: z.ZodType<T>, body: unknown): T {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const param = issue.path.join(".") || null;
    throw new ApiError(400, param ? `${param}: ${issue.message}` : issue.message, param);
  }

  async function control(req: http.IncomingMessage, method: string, path: string): Promise<Reply> {
    const body = parseJson(await readBody(req));
    const invite = /^\/__emulator\/invites\/([^/]+)\/(accept|expire)$/.exec(path);
    const inviteId = invite?.[1] ?? "";
    const call = invite ? `${method} /__emulator/invites/{id}/${invite[2]}` : `${method} ${path}`;
    const ok = { status: 200, body: { ok: true } };
    switch (call) {
      case "GET /__emulator/requests":
        return { status: 200, body: { requests: log } };
      case "DELETE /__emulator/requests":
        log = [];
        return ok;
      case "GET /__emulator/org":
        return { status: 200, body: org.dump() };
      case "POST /__emulator/reset":
        org.reset();
        log = [];
        faults = [];
        rateLimit = null;
        return ok;
      case "POST /__emulator/invites/{id}/accept":
        return { status: 200, body: org.acceptInvite(inviteId) };
      case "POST /__emulator/invites/{id}/expire":
        return { status: 200, body: org.expireInvite(inviteId) };
      case "POST /__emulator/faults": {
        const id = `fault_${nextFaultId++}`;
        faults.push({ ...parseControl(faultSchema, body), id });
        return { status: 200, body: { id } };
      }
      case "GET /__emulator/faults":
        return { status: 200, body: { faults } };
      case "DELETE /__emulator/faults":
        faults = [];
        return ok;
      case "PUT /__emulator/rate-limit":
        rateLimit = { ...parseControl(rateLimitSchema, body), admitted: [] };
        return ok;
      case "DELETE /__emulator/rate-limit":
        rateLimit = null;
        return ok;
      default:
        return errorReply(404, `Unknown emulator control call: ${method} ${path}`, "invalid_request_error");
    }
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    let handling: Promise<void>;
    if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) {
      handling = api(req, res, url);
    } else if (url.pathname.startsWith("/__emulator/")) {
      handling = control(req, method, url.pathname)
        .catch((e: unknown) => {
          if (e instanceof ApiError) return apiErrorReply(e);
          throw e;
        })
        .then((reply) => send(res, reply));
    } else {
      send(res, errorReply(404, `Invalid URL (${method} ${url.pathname})`, "invalid_request_error"));
      return;
    }
    // A bug must show up as a 500 that names it, not as a hung request.
    handling.catch((e: unknown) => {
      if (!res.headersSent) send(res, errorReply(500, `Emulator error: ${String(e)}`, "server_error"));
    });
  });
}
