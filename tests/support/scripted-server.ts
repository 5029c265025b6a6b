import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** What a scripted server saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts, for the few client behaviours the
 * emulator cannot show (a repeated cursor, a redirect, a malformed body, in-flight counting).
 */
export async function scriptedServer(
  answer: (req: Seen, n: number) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number },
): Promise<{ url: string; seen: Seen[]; maxInFlight(): number; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() };
      seen.push(s);
      const a = answer(s, seen.length);
      setTimeout(() => {
        inFlight--;
        res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
        res.end(a.body === undefined ? "" : typeof a.body === "string" ? a.body : JSON.stringify(a.body));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
