import * as os from "node:os";

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 (also IPv4-mapped) and "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

const isWildcard = (host: string) => ["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"].includes(host);
const urlOf = (host: string, port: number) => `http://${host.includes(":") ? `[${host.replace(/^\[|\]$/g, "")}]` : host}:${port}/v1`;

/** Where an emulator listening on `host:port` can be called from. */
export interface Reach {
  /** A URL a client on this machine can use: a wildcard host (`0.0.0.0`, `::`) is not an address to call. */
  url: string;
  /** True when other machines can reach it. */
  beyondLoopback: boolean;
  /** URLs other machines may use (this machine's non-loopback addresses, or the host given). */
  networkUrls: string[];
}

/** @param interfaces this machine's addresses; `os.networkInterfaces()` unless a test gives them */
export function reachOf(host: string, port: number, interfaces = os.networkInterfaces()): Reach {
  if (isLoopback(host)) return { url: urlOf(host, port), beyondLoopback: false, networkUrls: [] };
  if (!isWildcard(host)) return { url: urlOf(host, port), beyondLoopback: true, networkUrls: [urlOf(host, port)] };
  const ipv4Only = host === "0.0.0.0";
  const networkUrls = Object.values(interfaces)
    .flat()
    .filter((a) => a !== undefined && !a.internal && (!ipv4Only || a.family === "IPv4") && !a.address.startsWith("fe80:"))
    .map((a) => urlOf(a!.address, port));
  // A wildcard listens on loopback too, and a loopback URL is one every client accepts over plain http.
  return { url: urlOf(host.includes(":") ? "::1" : "127.0.0.1", port), beyondLoopback: true, networkUrls };
}

/** What to tell someone whose emulator other machines can reach (contract 3: the provider's opt-in). */
export function networkWarning(networkUrls: string[]): string {
  const where = networkUrls.length > 0 ? ` at ${networkUrls.join(", ")}` : "";
  return [
    `Warning: the emulator is reachable from the network${where}, over plain http.`,
    "Control calls (/__emulator/...) need the admin key: Authorization: Bearer <admin key>.",
    "The provider sends the admin key over plain http to a non-loopback host only when allowed:",
    'stack config openai:allowInsecureHttp "true" or OPENAI_ADMIN_ALLOW_INSECURE_HTTP=1.',
    "",
  ].join("\n");
}
