/**
 * Routing, and how an object family plugs into the emulator.
 *
 * A family is one module (`emulator/spend-alerts.ts`, …) exporting a {@link Family}; it registers
 * with one line in `emulator/families.ts`. The family keeps the rules of its objects beside its routes:
 *
 * - `state`: the state-file keys it owns, each with the zod schema a saved value must satisfy.
 *   A family added later gives its keys a `.default(...)`, so a file saved before it existed loads.
 * - `fresh(org)`: its part of a new (or reset) org, e.g. `{ spendAlerts: {} }`.
 * - `routes`: `"METHOD /path/{param}"` → handler, the path as OpenAI's OpenAPI document writes it,
 *   without `/v1`. That string is also the endpoint the request log and per-endpoint limits use.
 *   A handler gets `{ org, params, query, body }` and returns the response body or throws an
 *   `ApiError` (`./errors`). It reads and changes its state through `org.state` (cast to its own
 *   slice) and never saves: the org persists itself after a call that changed something, and puts
 *   itself back if the call throws halfway or the write fails.
 *   New ids come from `org.newId(prefix)`, times from `org.now()`. Lists page through
 *   `org.page(items, query)`, which also leaves out objects still in the realistic profile's read
 *   lag; a GET answering one object with an `id` in its lag is turned into a 404 by the server.
 *   A create answers 200 with the object, as the real API does.
 * - optional `dump(org)`: its part of `GET /__emulator/org` (default: its state keys as stored);
 *   optional `control`: routes under `/__emulator` (e.g. accepting an invite), same handler shape.
 *
 * Another family's rules are reached through the functions its module exports
 * (e.g. `writableProject(org, id, "modify")` from `./projects`).
 */
import type { z } from "zod";
import type { Org } from "./org";

/** What a route handler receives. */
export interface Call {
  org: Org;
  /** Path parameters by the names in the route's template, already URL-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (`{}` when empty). */
  body: unknown;
}

/** Returns the response body, or throws an `ApiError`. */
export type Handler = (call: Call) => unknown;

/** One API object family: its state, its rules and its routes. See the top of this file. */
export interface Family {
  state: z.ZodRawShape;
  fresh(org: Org): Record<string, unknown>;
  routes: Record<string, Handler>;
  dump?(org: Org): Record<string, unknown>;
  control?: Record<string, Handler>;
}

interface Route {
  method: string;
  /** `"METHOD /path/{param}"`, the endpoint's name in logs and limits. */
  endpoint: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** What a path and method resolve to. */
export type Match =
  | { kind: "found"; endpoint: string; params: Record<string, string>; handler: Handler }
  | { kind: "unknown-path" }
  | { kind: "wrong-method" };

/** Matches request paths against `"METHOD /path/{param}"` routes. */
export class Router {
  private readonly routes: Route[];

  constructor(tables: Array<Record<string, Handler>>) {
    this.routes = tables.flatMap((table) => Object.entries(table)).map(([endpoint, handler]) => {
      const [method, template] = endpoint.split(" ");
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      return { method, endpoint, pattern: new RegExp(`^${source}$`), names, handler };
    });
  }

  match(method: string, path: string): Match {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
      } catch {
        // A malformed escape (`%E0%A4%A`) names no object: the URL is invalid, as the real API says.
        return { kind: "unknown-path" };
      }
      return { kind: "found", endpoint: route.endpoint, params, handler: route.handler };
    }
    return pathKnown ? { kind: "wrong-method" } : { kind: "unknown-path" };
  }
}
