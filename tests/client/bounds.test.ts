import * as net from "node:net";
import { z } from "zod";
import { AdminClient, apiPath, invites, listOf, projects, retryAfter } from "../../provider/client";
import { failure, withScriptedClient } from "../support/client";

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const KEY = "sk-admin-fake.bounds.key.1122334455";
const LIST = { object: "list", data: [], has_more: false };
const INVITE = { object: "organization.invite", email: "a@b.co", role: "reader", status: "pending", projects: [] };

const withServer = (
  answer: Parameters<typeof withScriptedClient>[0],
  run: Parameters<typeof withScriptedClient>[1],
  opts: Partial<Parameters<typeof withScriptedClient>[2]> = {},
) => withScriptedClient(answer, run, { adminKey: KEY, retry: FAST, ...opts });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("AdminClient response size (issue 10, finding 4)", () => {
  test("an answer larger than the cap fails clearly, once, and is not read to its end", async () => {
    const huge = JSON.stringify({ ...LIST, data: [], padding: "x".repeat(6 * 1024 * 1024) });
    await withServer(
      () => ({ status: 200, body: huge }),
      async (c, srv) => {
        const err = await failure(projects.list(c).next());
        expect(err.code).toBe("OPENAI_ADMIN_INVALID_RESPONSE");
        expect(err.message).toMatch(/larger than the 4 MiB this client reads/);
        expect(srv.seen).toHaveLength(1);
      },
    );
  });

  test("an error answer larger than the cap still reports its status", async () => {
    await withServer(
      () => ({ status: 404, body: "y".repeat(6 * 1024 * 1024) }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.code).toBe("OPENAI_ADMIN_NOT_FOUND");
        expect(err.message.length).toBeLessThan(1_000);
      },
    );
  });
});

describe("AdminClient requests that cannot be formed (issue 10, finding 7)", () => {
  test("an admin key with a trailing newline is trimmed and works", async () => {
    await withServer(
      () => ({ status: 200, body: LIST }),
      async (c, srv) => {
        await expect(projects.list(c).next()).resolves.toMatchObject({ done: true });
        expect(srv.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
      },
      { adminKey: `${KEY}\n` },
    );
  });

  test("an organization id with a trailing newline is trimmed too", async () => {
    await withServer(
      () => ({ status: 200, body: LIST }),
      async (c, srv) => {
        await projects.list(c).next();
        expect(srv.seen[0].headers["openai-organization"]).toBe("org-123");
      },
      { organization: "org-123\n" },
    );
  });

  test("a key with a line break inside is refused at once, without quoting it", () => {
    const bad = "sk-admin-fake\nsecond.line.123456";
    let message = "";
    try {
      new AdminClient({ baseUrl: "https://api.openai.com/v1", adminKey: bad });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/admin key .*(space|line break)/);
    expect(message).not.toContain("second.line");
  });

  test("a request that cannot be formed is not retried and not marked ambiguous", async () => {
    await withServer(
      () => ({ status: 200, body: {} }),
      async (c, srv) => {
        const err = await failure(c.request({ method: "POST", path: apiPath`/organization/projects/a b`, schema: z.any(), idempotent: false }));
        expect(err).toMatchObject({ code: "OPENAI_ADMIN_CONFIGURATION", ambiguous: false });
        expect(err.message).toMatch(/could not be sent/);
        expect(err.attempts).toBe(1);
        expect(srv.seen).toHaveLength(0);
      },
    );
  });
  test("a body that cannot be serialized is not sent, not retried and not marked ambiguous", async () => {
    await withServer(
      () => ({ status: 200, body: {} }),
      async (c, srv) => {
        const err = await failure(c.request({ method: "POST", path: apiPath`/organization/projects`, body: { n: BigInt(1) }, schema: z.any(), idempotent: false }));
        expect(err).toMatchObject({ code: "OPENAI_ADMIN_CONFIGURATION", ambiguous: false });
        expect(err.message).toMatch(/could not be formed/);
        expect(srv.seen).toHaveLength(0);
      },
    );
  });
});

describe("AdminClient connection refused on loopback (issue 10, finding 8)", () => {
  test("fails after a few quick attempts, with the default policy, saying what was tried", async () => {
    const port = await freePort();
    const c = new AdminClient({ baseUrl: `http://127.0.0.1:${port}/v1`, adminKey: KEY });
    const err = await failure(projects.retrieve(c, "proj_x"));
    expect(err.code).toBe("OPENAI_ADMIN_CONNECTION");
    expect(err.attempts).toBe(4);
    expect(err.message).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(err.message).toMatch(/nothing listens there; tried 4 times/);
  }, 20_000);
});

describe("AdminClient host not found (a sibling of finding 8)", () => {
  test("a host name that does not resolve fails after a few quick attempts, saying so", async () => {
    const c = new AdminClient({ baseUrl: "https://nothing-here.invalid/v1", adminKey: KEY });
    const err = await failure(projects.retrieve(c, "proj_x"));
    expect(err.code).toBe("OPENAI_ADMIN_CONNECTION");
    expect(err.attempts).toBe(4);
    expect(err.message).toMatch(/the host nothing-here\.invalid was not found .*tried 4 times/);
  }, 20_000);
});

describe("AdminClient waits (issue 10, finding 9)", () => {
  test("retry-after accepts only what the standard allows: digits, or an HTTP date", () => {
    expect(retryAfter({ "retry-after": "0x10" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "1e3" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "-1" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "2.5" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "Infinity" })).toBeUndefined();
    expect(retryAfter({ "retry-after-ms": "0x10" })).toBeUndefined();
    expect(retryAfter({ "retry-after-ms": "1e9" })).toBeUndefined();
    expect(retryAfter({ "retry-after": "7" })).toBe(7000);
    expect(retryAfter({ "retry-after-ms": "125.5" })).toBe(125.5);
    const date = new Date(Date.now() + 30_000).toUTCString();
    expect(retryAfter({ "retry-after": date })).toBeGreaterThan(25_000);
    expect(retryAfter({ "retry-after": "tomorrow 12:00" })).toBeUndefined();
  });

  test("a call stops once its waits would pass the wait budget, and says so", async () => {
    await withServer(
      () => ({ status: 429, headers: { "retry-after-ms": "150" }, body: { error: { message: "slow down", type: "requests" } } }),
      async (c, srv) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.code).toBe("OPENAI_ADMIN_RATE_LIMITED");
        // 150 + 150 fit the 400 ms budget; a third wait would not.
        expect(srv.seen).toHaveLength(3);
        expect(err.message).toMatch(/gave up after 3 attempts: .*0\.4 s wait budget/);
      },
      { retry: { ...FAST, maxWaitMs: 400 } },
    );
  });

  test("a retry-after longer than the whole budget ends the call at once", async () => {
    await withServer(
      () => ({ status: 429, headers: { "retry-after": "86400" }, body: { error: { message: "come back tomorrow", type: "requests" } } }),
      async (c, srv) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(srv.seen).toHaveLength(1);
        expect(err.message).toMatch(/asked to wait 86400 s/);
      },
    );
  }, 10_000);
});

describe("AdminClient lists that end abnormally (issue 9)", () => {
  const page = (over: object) => ({ status: 200, body: { object: "list", data: [{ id: "invite-1", ...INVITE }], first_id: "invite-1", ...over } });

  test("has_more with no cursor is an error, not a short list", async () => {
    await withServer(
      () => page({ last_id: null, has_more: true }),
      async (c) => {
        const err = await failure(all(invites.list(c)));
        expect(err.code).toBe("OPENAI_ADMIN_INVALID_RESPONSE");
        expect(err.message).toMatch(/has_more but no last_id/);
      },
    );
  });

  test("a repeated cursor is an error, not a short list", async () => {
    await withServer(
      () => page({ last_id: "invite-1", has_more: true }),
      async (c, srv) => {
        const err = await failure(all(invites.list(c)));
        expect(err.message).toMatch(/repeated the cursor "invite-1"/);
        expect(srv.seen).toHaveLength(2);
      },
    );
  });

  test("a list still going at the page cap is an error, not a short list", async () => {
    await withServer(
      (_req, n) => page({ last_id: `invite-${n}`, has_more: true }),
      async (c, srv) => {
        const err = await failure(all(c.paginate({ path: apiPath`/organization/invites`, schema: listOf(z.any()) }, { maxPages: 3 })));
        expect(err.message).toMatch(/more than 3 pages/);
        expect(srv.seen).toHaveLength(3);
      },
    );
  });

  test("a list that ends normally is read to its end", async () => {
    await withServer(
      (_req, n) => page({ last_id: `invite-${n}`, has_more: n < 3 }),
      async (c) => {
        expect(await all(invites.list(c))).toHaveLength(3);
      },
    );
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
