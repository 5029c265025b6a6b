import * as http from "node:http";
import { authError, Credentials } from "./auth";
import { controlRoutes, Runtime } from "./control";
import { apiErrorReply, ApiError, errorReply, invalidUrl, rateLimitReply, Reply } from "./errors";
import { faultReply, FaultRules } from "./faults";
import { parseJson, readBody, send } from "./http";
import type { Org } from "./org";
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a matched handler; anything but a GET may change the org, which then persists. */
async function dispatch(req: http.IncomingMessage, org: Org, handler: Handler, params: Record<string, string>, query: URLSearchParams): Promise<Reply> {
  try {
    const body = parseJson(await readBody(req));
    const call = () => handler({ org, params, query, body });
    return { status: 200, body: req.method === "GET" ? call() : org.change(call) };
  } catch (e) {
    if (e instanceof ApiError) return apiErrorReply(e);
    throw e;
  }
}

/**
 * The HTTP side of the emulator: the /v1 API (rate limit, fault rules and auth in front of the
 * families' routes) and the unauthenticated /__emulator control endpoints.
 */
export function createEmulatorServer(config: ServerConfig): http.Server {
  const { org } = config;
  const rt: Runtime = { org, log: new RequestLog(), faults: new FaultRules(config.random), rateLimit: null, clock: config.clock ?? Date.now };
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
    const entry = rt.log.add({ method, path, query: url.search.slice(1), status: 0, at: Date.now(), ms: 0 });
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
    const { latencyMs, rule } = rt.faults.pick(method, path);
    if (latencyMs > 0) await sleep(latencyMs);
    if (rule?.fault === "drop_before") return finish(null);
    if (rule && rule.fault !== "drop_after") return finish(faultReply(rule));
    let reply = authError(req.headers, config);
    if (!reply) {
      const match = api.match(method, path);
      if (match.kind === "unknown-path") reply = invalidUrl(method, `/v1${path}`);
      else if (match.kind === "wrong-method") reply = errorReply(405, `Invalid method for URL (${method} /v1${path})`, "invalid_request_error");
      else reply = await dispatch(req, org, match.handler, match.params, url.searchParams);
    }
    finish(rule ? null : reply);
  }

  async function serveControl(req: http.IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Reply> {
    const match = control.match(method, path);
    if (match.kind !== "found") {
      return errorReply(404, `Unknown emulator control call: ${method} ${path}`, "invalid_request_error");
    }
    return dispatch(req, org, match.handler, match.params, query);
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    let handling: Promise<void>;
    if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) {
      handling = serveApi(req, res, url);
    } else if (url.pathname.startsWith("/__emulator/")) {
      handling = serveControl(req, method, url.pathname, url.searchParams).then((reply) => send(res, reply));
    } else {
      send(res, invalidUrl(method, url.pathname));
      return;
    }
    // A bug must show up as a 500 that names it, not as a hung request.
    handling.catch((e: unknown) => {
      if (!res.headersSent) send(res, errorReply(500, `Emulator error: ${String(e)}`, "server_error"));
    });
  });
}
