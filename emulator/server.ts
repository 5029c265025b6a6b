import * as http from "node:http";
import { authError, Credentials } from "./auth";
import { applyProfile, controlRoutes, Runtime } from "./control";
import { apiErrorReply, ApiError, errorReply, invalidUrl, rateLimitReply, Reply } from "./errors";
import { faultReply, FaultRules } from "./faults";
import { parseJson, readBody, send } from "./http";
import type { Org } from "./org";
import { EndpointLimits, ProfileSettings, resolveProfile } from "./profile";
import { RequestLog } from "./request-log";
import { Family, Handler, Router } from "./router";

/** What {@link createEmulatorServer} needs. */
export interface ServerConfig extends Credentials {
  org: Org;
  families: Family[];
  /** Drives probabilistic faults; seeded for deterministic tests. */
  random: () => number;
  /** Milliseconds since the epoch for rate windows; `Date.now` unless a test fakes it. */
  clock?: () => number;
  /** How many request-log entries to keep; default 100,000. */
  requestLogLimit?: number;
  /** Control endpoints answer only with the admin key (always so beyond loopback). */
  controlNeedsKey?: boolean;
  /** The profile to start with; default "default". */
  profile?: ProfileSettings;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `project.spend_alert` → "spend alert", as the API's not-found messages name objects. */
const kindOf = (object: unknown) => (typeof object === "string" ? object.split(".").at(-1)!.replace(/_/g, " ") : "object");

/**
 * Runs a matched handler; anything but a GET may change the org, which then persists. Every create
 * answers 200, as the real API does. A GET of an object still in its read lag answers 404.
 */
async function dispatch(req: http.IncomingMessage, org: Org, handler: Handler, params: Record<string, string>, query: URLSearchParams): Promise<Reply> {
  try {
    const body = parseJson(await readBody(req));
    const call = () => handler({ org, params, query, body });
    if (req.method !== "GET") return { status: 200, body: org.change(call) };
    const result = call() as { id?: unknown; object?: unknown };
    if (typeof result?.id === "string" && org.isYoung(result.id)) {
      throw new ApiError(404, `No ${kindOf(result.object)} found with id '${result.id}'.`);
    }
    return { status: 200, body: result };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const reply = apiErrorReply(e);
    // The rest of an oversized body is not worth receiving: close instead of draining it for keep-alive.
    return e.status === 413 ? { ...reply, headers: { connection: "close" } } : reply;
  }
}

/**
 * The HTTP side of the emulator: the /v1 API (rate limit, fault rules and auth in front of the
 * families' routes) and the /__emulator control endpoints, which need the key only when asked to
 * (on loopback they stay key-less, so a test can steer the emulator without knowing its key).
 */
export function createEmulatorServer(config: ServerConfig): http.Server {
  const { org } = config;
  const clock = config.clock ?? Date.now;
  const rt: Runtime = {
    org, log: new RequestLog(config.requestLogLimit), faults: new FaultRules(config.random), rateLimit: null,
    profile: resolveProfile({ profile: "default" }), endpointLimits: new EndpointLimits(null, clock), clock,
  };
  applyProfile(rt, config.profile ?? { profile: "default" });
  const api = new Router(config.families.map((f) => f.routes));
  const control = new Router([controlRoutes(rt), ...config.families.map((f) => f.control ?? {})]);

  function rateLimited(): Reply | undefined {
    const waitMs = rt.rateLimit?.window.admit();
    if (waitMs === undefined) return undefined;
    return rateLimitReply(rt.rateLimit?.retryAfter
      ? { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))), "retry-after-ms": String(waitMs) }
      : {});
  }

  async function serveApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const path = url.pathname.slice("/v1".length);
    const match = api.match(method, path);
    const endpoint = match.kind === "found" ? match.endpoint : null;
    const entry = rt.log.add({ method, path, endpoint, query: url.search.slice(1), status: 0, at: rt.clock(), ms: 0 });
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

    // The real API's per-endpoint refusals carry no retry hint at all.
    const limited = rateLimited() ?? (endpoint && !rt.endpointLimits.admit(endpoint) ? rateLimitReply() : undefined);
    if (limited) return finish(limited);
    const { latencyMs, rule } = rt.faults.pick(method, path);
    if (latencyMs > 0) await sleep(latencyMs);
    if (rule?.fault === "drop_before") return finish(null);
    if (rule && rule.fault !== "drop_after") return finish(faultReply(rule));
    let reply = authError(req.headers, config);
    if (!reply) {
      if (match.kind === "unknown-path") reply = invalidUrl(method, `/v1${path}`);
      else if (match.kind === "wrong-method") reply = errorReply(405, `Invalid method for URL (${method} /v1${path})`, "invalid_request_error");
      else reply = await dispatch(req, org, match.handler, match.params, url.searchParams);
    }
    finish(rule ? null : reply);
  }

  async function serveControl(req: http.IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Reply> {
    const refused = config.controlNeedsKey ? authError(req.headers, config) : undefined;
    if (refused) return refused;
    const match = control.match(method, path);
    if (match.kind !== "found") {
      return errorReply(404, `Unknown emulator control call: ${method} ${path}`, "invalid_request_error");
    }
    return dispatch(req, org, match.handler, match.params, query);
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://emulator");
    } catch {
      // A target no URL can be made of (`GET http://[`) names nothing the emulator serves.
      return send(res, errorReply(400, "Invalid URL: the request target could not be parsed.", "invalid_request_error"));
    }
    if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) return serveApi(req, res, url);
    if (url.pathname.startsWith("/__emulator/")) return send(res, await serveControl(req, method, url.pathname, url.searchParams));
    send(res, invalidUrl(method, url.pathname));
  }

  return http.createServer((req, res) => {
    // No request may take the process down (an in-memory org would be lost): a bug answers 500 naming it.
    serve(req, res).catch((e: unknown) => {
      try {
        if (!res.headersSent) send(res, errorReply(500, `Emulator error: ${String(e)}`, "server_error"));
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });
}
