import * as net from "node:net";
import { startEmulator, type Emulator } from "../../emulator";
import { AdminClient, apiPath, invites, isAdminError, projects, retryAfter, type AdminApiError } from "../../provider/client";
import { EmulatorControl as Control } from "../../emulator";
import { scriptedServer } from "../support/scripted-server";

const FAST = { baseDelayMs: 20, maxDelayMs: 100 };
let emu: Emulator;
let ctl: Control;
// Each test gets its own origin's limiter only if it uses its own server; the emulator's is shared,
// so tests that slow it down reset it by making a fresh client with fresh limits.
const client = (over: Partial<ConstructorParameters<typeof AdminClient>[0]> = {}) =>
  new AdminClient({ baseUrl: emu.url, adminKey: emu.adminKey, retry: FAST, maxConcurrency: 8, ...over });

beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
  ctl = new Control(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => ctl.reset());

const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error("expected a failure");
  },
  (e: AdminApiError) => e,
);

describe("AdminClient retries", () => {
  test.each(["500", "502", "503"] as const)("a GET answered %s is retried until it succeeds", async (fault) => {
    await ctl.addFault({ method: "GET", path: "/organization/projects", fault, count: 2 });
    const page = [];
    for await (const p of projects.list(client())) page.push(p);
    expect(page).toHaveLength(1);
    expect((await ctl.requests()).map((r) => r.status)).toEqual([Number(fault), Number(fault), 200]);
  });

  test("a 429 is retried after the retry-after-ms it names", async () => {
    await ctl.addFault({ path: "/organization/projects", fault: "429", count: 1, retryAfterMs: 300 });
    const started = Date.now();
    await projects.create(client(), { name: "after-429" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await ctl.requests()).map((r) => r.status)).toEqual([429, 200]);
  });

  test("a create refused with 429 is sent again, and makes one project", async () => {
    await ctl.addFault({ method: "POST", path: "/organization/projects", fault: "429", count: 2 });
    await projects.create(client(), { name: "refused-twice" });
    expect((await ctl.org()).projects.filter((p) => p.name === "refused-twice")).toHaveLength(1);
  });

  test.each(["500", "502", "503", "drop_after", "drop_before"] as const)(
    "a create that fails with %s after it was sent is not retried and is marked ambiguous",
    async (fault) => {
      await ctl.addFault({ method: "POST", path: "/organization/projects", fault, count: 1 });
      const err = await failure(projects.create(client(), { name: "maybe" }));
      expect(err.ambiguous).toBe(true);
      expect(err.message).toContain("may have been applied");
      expect((await ctl.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
    },
  );

  test("a 409 is an answer, not a reason to retry", async () => {
    const srv = await scriptedServer(() => ({ status: 409, body: { error: { message: "conflict", type: "invalid_request_error", code: "conflict", param: null } } }));
    try {
      const c = new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake", retry: FAST });
      const err = await failure(projects.retrieve(c, "proj_1"));
      expect(err.code).toBe("OPENAI_ADMIN_CONFLICT");
      expect(srv.seen).toHaveLength(1);
    } finally {
      await srv.close();
    }
  });

  test("a create that never reached the server (connection refused) is retried", async () => {
    const port = await freePort();
    const c = new AdminClient({ baseUrl: `http://127.0.0.1:${port}/v1`, adminKey: emu.adminKey, retry: { baseDelayMs: 200, maxDelayMs: 400 } });
    const pending = projects.create(c, { name: "late-server" });
    await new Promise((r) => setTimeout(r, 150));
    const late = await startEmulator({ port, adminKey: emu.adminKey });
    try {
      const p = await pending;
      expect(p.name).toBe("late-server");
      expect(await new Control(late.url).calls()).toEqual(["POST /organization/projects"]);
    } finally {
      await late.close();
    }
  });

  test("retries stop at maxRetries with a message that says so", async () => {
    await ctl.addFault({ method: "GET", fault: "503" });
    const err = await failure(projects.retrieve(client({ retry: { ...FAST, maxRetries: 2 } }), "proj_x"));
    expect(err.code).toBe("OPENAI_ADMIN_SERVER_ERROR");
    expect(err.message).toContain("gave up after 3 attempts");
    expect(await ctl.requests()).toHaveLength(3);
  });

  test("a slow answer times out and an idempotent call is retried", async () => {
    await ctl.addFault({ method: "GET", fault: "latency", latencyMs: 1500, count: 1 });
    const p = await projects.list(client({ timeoutMs: 300 })).next();
    expect(p.done).toBe(false);
    const err = await (async () => {
      await ctl.addFault({ method: "GET", fault: "latency", latencyMs: 1500 });
      return failure(projects.retrieve(client({ timeoutMs: 200, retry: { ...FAST, maxRetries: 0 } }), "proj_x"));
    })();
    expect(err.code).toBe("OPENAI_ADMIN_TIMEOUT");
    expect(err.message).toContain("timed out after 200 ms");
  });
});

describe("AdminClient limits", () => {
  test("a 429 without retry-after cools down every request to its endpoint, and no request to another (issue 12)", async () => {
    const srv = await scriptedServer((_req, n) =>
      n === 1
        ? { status: 429, body: { error: { message: "slow down", type: "requests", code: "rate_limit_exceeded", param: null } } }
        : { status: 200, body: { object: "list", data: [], has_more: false } },
    );
    try {
      // Backoff 200–400 ms after the refusal.
      const c = new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake", retry: { baseDelayMs: 400, maxDelayMs: 400 } });
      const first = projects.list(c).next();
      // The next request goes out once the refusal is back: one sent while the first was still in flight could not
      // have been held, and on a busy machine 50 ms was not always enough for the 429 to arrive.
      while (srv.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      const sameEndpoint = projects.list(c).next();
      const otherEndpoint = invites.list(c).next();
      await Promise.all([first, sameEndpoint, otherEndpoint]);
      const rateLimitedAt = srv.seen[0].at;
      const at = (path: string) => srv.seen.slice(1).filter((s) => s.url.includes(path)).map((s) => s.at - rateLimitedAt);
      // The retried request and the other one to the same endpoint waited for the backoff; the invite list did not.
      expect(at("/organization/projects")).toHaveLength(2);
      expect(at("/organization/projects").every((ms) => ms >= 190)).toBe(true);
      expect(at("/organization/invites")).toHaveLength(1);
      expect(at("/organization/invites")[0]).toBeLessThan(190);
    } finally {
      await srv.close();
    }
  });

  test("a burst against a rate limit waits its turn instead of spending every request's retries", async () => {
    await ctl.setRateLimit(3, 300, true);
    const c = client({ retry: { ...FAST, maxRetries: 2 } });
    await Promise.all(Array.from({ length: 15 }, (_, i) => projects.create(c, { name: `burst-${i}` })));
    const statuses = (await ctl.requests()).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    // The opening burst is refused; it teaches the pace, and after it the limit is hit at most once more
    // (the pace tries a little faster after a stretch of requests taken, to find a raised limit).
    const paced = statuses.slice(statuses.indexOf(429));
    expect(paced.slice(paced.indexOf(200)).filter((s) => s === 429).length).toBeLessThanOrEqual(1);
  });

  test("no more than maxConcurrency requests are in flight", async () => {
    const srv = await scriptedServer(() => ({ status: 200, delayMs: 50, body: { object: "list", data: [], has_more: false } }));
    try {
      const c = new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake", maxConcurrency: 2 });
      await Promise.all(Array.from({ length: 8 }, () => projects.list(c).next()));
      expect(srv.seen).toHaveLength(8);
      expect(srv.maxInFlight()).toBe(2);
    } finally {
      await srv.close();
    }
  });

  test("retry-after is read as ms, seconds or an HTTP date, and clamped", () => {
    expect(retryAfter({ "retry-after-ms": "250" }, 10_000)).toBe(250);
    expect(retryAfter({ "retry-after": "2" }, 10_000)).toBe(2000);
    const date = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfter({ "retry-after": date }, 60_000)).toBeGreaterThan(3000);
    expect(retryAfter({ "retry-after": "600" }, 10_000)).toBe(10_000);
    expect(retryAfter({}, 10_000)).toBeUndefined();
  });
});

describe("AdminClient pagination", () => {
  test("iterates hundreds of objects across pages of 100", async () => {
    const c = client();
    await Promise.all(Array.from({ length: 250 }, (_, i) => projects.create(c, { name: `p${i}` })));
    await ctl.clearRequests();
    const names = [];
    for await (const p of projects.list(c)) names.push(p.name);
    expect(names).toHaveLength(251);
    expect(new Set(names).size).toBe(251);
    expect((await ctl.requests()).map((r) => r.query)).toEqual([
      "limit=100",
      expect.stringMatching(/^limit=100&after=proj_/),
      expect.stringMatching(/^limit=100&after=proj_/),
    ]);
  });
});

describe("AdminClient errors", () => {
  test("a 404 carries method, path, status, OpenAI's error fields and the request id", async () => {
    const err = await failure(projects.retrieve(client(), "proj_nope"));
    expect(isAdminError(err, "OPENAI_ADMIN_NOT_FOUND")).toBe(true);
    expect(err).toMatchObject({ name: "NotFoundError", method: "GET", path: "/organization/projects/proj_nope", status: 404 });
    expect(err.apiError?.type).toBe("invalid_request_error");
    expect(err.requestId).toMatch(/^req_/);
    expect(err.message).toContain(`[request id ${err.requestId}]`);
  });

  test("a 400 names the parameter the API refused", async () => {
    const err = await failure(projects.create(client(), { name: "" }));
    expect(err).toMatchObject({ code: "OPENAI_ADMIN_BAD_REQUEST", status: 400, ambiguous: false });
    expect(err.apiError?.param).toBe("name");
    expect(err.message).toContain("param name");
  });

  test("a wrong key is a 401 whose error never contains the key", async () => {
    const key = "sk-admin-fake.wrong.key.1234567890";
    const err = await failure(projects.retrieve(client({ adminKey: key }), "proj_x"));
    expect(err.code).toBe("OPENAI_ADMIN_AUTHENTICATION");
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(key);
  });

  test("a key echoed back by the server is redacted from the message", async () => {
    const key = "sk-admin-fake.echoed.back.0987654321";
    const srv = await scriptedServer(() => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error", code: "invalid_api_key", param: null } },
    }));
    try {
      const err = await failure(projects.retrieve(new AdminClient({ baseUrl: srv.url, adminKey: key }), "proj_x"));
      expect(err.message).toContain("Incorrect API key provided");
      expect(`${err.message} ${err.stack} ${JSON.stringify(err.apiError)}`).not.toContain(key);
      expect(srv.seen[0].headers.authorization).toBe(`Bearer ${key}`);
    } finally {
      await srv.close();
    }
  });

  test("an answer of the wrong shape is an invalid-response error naming the field", async () => {
    const srv = await scriptedServer(() => ({ status: 200, body: { object: "organization.project", name: "x", created_at: "yesterday" } }));
    try {
      const err = await failure(projects.retrieve(new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake" }), "proj_x"));
      expect(err.code).toBe("OPENAI_ADMIN_INVALID_RESPONSE");
      expect(err.message).toMatch(/id: .*created_at: /);
    } finally {
      await srv.close();
    }
  });

  test("sends the User-Agent, the organization header and JSON", async () => {
    const srv = await scriptedServer(() => ({ status: 200, body: { object: "list", data: [], has_more: false } }));
    try {
      await projects.list(new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake", organization: "org-123" })).next();
      expect(srv.seen[0].headers["user-agent"]).toMatch(/^pulumi-openai-admin\/\d+\.\d+\.\d+/);
      expect(srv.seen[0].headers["openai-organization"]).toBe("org-123");
    } finally {
      await srv.close();
    }
  });
});

describe("AdminClient safety", () => {
  test("refuses plain http to anything but loopback", () => {
    expect(() => new AdminClient({ baseUrl: "http://api.example.com/v1", adminKey: "k" })).toThrow(/plain http:\/\/ to a host that is not this machine/);
    expect(() => new AdminClient({ baseUrl: "http://localhost:1/v1", adminKey: "k" })).not.toThrow();
    expect(() => new AdminClient({ baseUrl: "http://[::1]:1/v1", adminKey: "k" })).not.toThrow();
    expect(() => new AdminClient({ baseUrl: "https://api.openai.com/v1", adminKey: "k" })).not.toThrow();
  });

  test("does not follow a redirect to another origin", async () => {
    const other = await scriptedServer(() => ({ status: 200, body: {} }));
    const srv = await scriptedServer(() => ({ status: 307, headers: { location: `${other.url}/organization/projects/proj_x` } }));
    try {
      const err = await failure(projects.retrieve(new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake" }), "proj_x"));
      expect(err.message).toMatch(/redirect .* not followed/);
      expect(other.seen).toHaveLength(0);
    } finally {
      await Promise.all([srv.close(), other.close()]);
    }
  });

  test("escapes path parameters and refuses . and ..", () => {
    expect(apiPath`/organization/projects/${"a/b?c"}`).toMatchObject({ path: "/organization/projects/a%2Fb%3Fc", template: "/organization/projects/{}", params: ["a/b?c"] });
    expect(() => apiPath`/organization/projects/${".."}`).toThrow(/invalid id/);
    expect(() => apiPath`/organization/projects/${""}`).toThrow(/invalid id/);
  });

  test("the key is not visible on the client object", () => {
    const c = new AdminClient({ baseUrl: "https://api.openai.com/v1", adminKey: "sk-admin-hidden-value-123456" });
    expect(JSON.stringify(c)).not.toContain("sk-admin-hidden-value-123456");
    expect(require("node:util").inspect(c, { depth: 5 })).not.toContain("sk-admin-hidden-value-123456");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
