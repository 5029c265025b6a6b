import { ConfigurationError } from "./errors";
import { Limiter } from "./limiter";
import { type ListRequest, type PageOptions, paginate } from "./list";
import { forgetListed } from "./listed";
import { ApiPath } from "./path";
import { type RetryPolicy, backoff, withRetries } from "./retry";
import { type ClientOptions, clientSettings } from "./settings";
import { type ApiRequest, Transport } from "./transport";
import { packageVersion } from "./version";

// Every client file imports these with the client: `import { type AdminClient, apiPath } from "./http"`.
export { ApiPath, apiPath } from "./path";
export type { ApiRequest } from "./transport";

/**
 * The admin API client: one instance per credentials, sharing the process-wide pool and limiter of its origin.
 * Retries, cooldown and pagination live here; callers never loop or sleep. The parts, one job each: settings.ts
 * (options and their checks), transport.ts (one attempt: pool, answer size, error bodies, redaction), retry.ts (the
 * policy and retry-after), limiter.ts (pacing by endpoint), list.ts (the paginator), path.ts (paths that know their
 * template).
 */
export class AdminClient {
  private readonly transport: Transport;
  private readonly retry: RetryPolicy;
  private readonly baseUrlSetting: string | undefined;

  constructor(opts: ClientOptions) {
    const s = clientSettings(opts);
    this.retry = s.retry;
    this.baseUrlSetting = opts.baseUrlSetting;
    this.transport = new Transport({
      url: s.url,
      loopback: s.loopback,
      adminKey: s.adminKey,
      timeoutMs: s.timeoutMs,
      limiter: Limiter.forOrigin(s.url.origin, opts),
      headers: {
        "user-agent": `pulumi-openai-admin/${packageVersion()}`,
        accept: "application/json",
        ...(s.organization ? { "openai-organization": s.organization } : {}),
      },
    });
  }

  /** True when this client was made with `key` (lets a cache notice a changed key without copying it). */
  hasKey(key: string): boolean {
    return this.transport.hasKey(key.trim());
  }

  /**
   * Sends one call, retrying as its {@link ApiRequest.idempotent} flag allows within the retry
   * policy's attempts and wait budget, and parses the answer. The error that ends the call is the
   * last one, with its class, and the number of attempts.
   */
  async request<T>(req: ApiRequest<T>): Promise<T> {
    if (!(req.path instanceof ApiPath)) {
      // A path that does not know its template would be paced as an endpoint of its own (limiter.ts).
      throw new ConfigurationError(`${req.method} ${String(req.path)}: a request path must be made with apiPath\`...\`; nothing was sent`);
    }
    if (req.method === "GET") return this.send(req);
    try {
      return await this.send(req);
    } finally {
      // Once a write has landed (or may have), no read may answer from a listing made before it. Dropped here
      // rather than when it is sent, so that a listing begun while it was in flight is not kept either.
      forgetListed();
    }
  }

  /** Iterates every item of a list call across its pages (list.ts); a list that ends abnormally is an error. */
  paginate<T>(req: ListRequest<T>, opts: PageOptions = {}): AsyncGenerator<T> {
    return paginate(this, req, opts);
  }

  /** Removes the key, and anything shaped like an OpenAI key, from text bound for a message. */
  redact(text: string): string {
    return this.transport.redact(text);
  }

  /** Text from the server made fit for a message: redacted, one line, at most `max` characters. */
  scrub(text: string, max: number): string {
    return this.transport.scrub(text, max);
  }

  private async send<T>(req: ApiRequest<T>): Promise<T> {
    const pacing = { backoff: (strike: number) => backoff(this.retry, strike), maxHoldMs: this.retry.maxWaitMs };
    const ok = await withRetries(req, this.retry, () => this.transport.attempt(req, pacing), this.baseUrlSetting);
    return this.transport.parse(req, ok.status, ok.body, ok.requestId);
  }
}
