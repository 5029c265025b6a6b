import {
  InternalServerError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  projects,
  type AdminApiError,
} from "../../provider/client";
import { failure, withScriptedClient } from "../support/client";

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const KEY = "sk-admin-fake.echo.key.5566778899";

/** Everything of an error a user or a log could see. */
const visible = (e: AdminApiError) =>
  JSON.stringify({ message: e.message, stack: e.stack, apiError: e.apiError, requestId: e.requestId, all: { ...e } });

const withServer = (
  answer: Parameters<typeof withScriptedClient>[0],
  run: Parameters<typeof withScriptedClient>[1],
  opts: Partial<Parameters<typeof withScriptedClient>[2]> = {},
) => withScriptedClient(answer, run, { adminKey: KEY, retry: FAST, ...opts });

describe("AdminClient error redaction (issue 10, finding 1)", () => {
  test("a key echoed in error.type, code, param and x-request-id reaches no field and no message", async () => {
    await withServer(
      () => ({
        status: 400,
        headers: { "x-request-id": `req_${KEY}` },
        body: { error: { message: "bad", type: `Bearer ${KEY}`, code: KEY, param: "sk-proj-other.token.abcdef" } },
      }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.code).toBe("OPENAI_ADMIN_BAD_REQUEST");
        expect(visible(err)).not.toContain(KEY);
        expect(visible(err)).not.toContain("sk-proj-other.token.abcdef");
        expect(err.message).toContain("[redacted]");
      },
    );
  });

  test("a redirect whose location holds the key does not quote it", async () => {
    await withServer(
      () => ({ status: 307, headers: { location: `https://${KEY}.example.com/v1/x` } }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.message).toMatch(/redirect/);
        expect(visible(err)).not.toContain(KEY);
      },
    );
  });

  test("a bearer credential or key-shaped token is redacted even when it is not this client's key", async () => {
    await withServer(
      () => ({
        status: 401,
        body: { error: { message: "header was Authorization: Bearer opaque-token-0123456789", type: "invalid_request_error", code: "sk-admin-someone.elses.key99" } },
      }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(visible(err)).not.toContain("opaque-token-0123456789");
        expect(visible(err)).not.toContain("someone.elses");
        expect(err.message).toContain("header was Authorization: Bearer [redacted]");
      },
    );
  });
});

describe("AdminClient error bodies are parsed defensively (issue 10, finding 5)", () => {
  test("an error message that is an object is reported with its status, and a 400 on a create is definitive", async () => {
    await withServer(
      () => ({ status: 400, body: { error: { message: { detail: "name too long" }, type: "invalid_request_error" } } }),
      async (c, srv) => {
        const err = await failure(projects.create(c, { name: "x" }));
        expect(err).toMatchObject({ code: "OPENAI_ADMIN_BAD_REQUEST", status: 400, ambiguous: false });
        expect(err.message).toContain("name too long");
        expect(err.message).not.toContain("may have been applied");
        expect(srv.seen).toHaveLength(1);
      },
    );
  });

  test("an error body that is a bare string keeps its text", async () => {
    await withServer(
      () => ({ status: 409, body: { error: "project name is taken" } }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.code).toBe("OPENAI_ADMIN_CONFLICT");
        expect(err.message).toContain("project name is taken");
      },
    );
  });

  test("an error message is cut to a length and loses control characters", async () => {
    await withServer(
      () => ({ status: 400, body: { error: { message: `\u001b[31mred\u0007\r\n${"x".repeat(20_000)}`, type: "t\u0000" } } }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err.message).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(err.message).toContain("red");
        expect(err.message.length).toBeLessThan(1_500);
      },
    );
  });
});

describe("AdminClient error classes (issue 10, finding 10)", () => {
  test("when retries run out, the error keeps its class, its code and the number of attempts", async () => {
    await withServer(
      () => ({ status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "slow down", type: "requests" } } }),
      async (c, srv) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err).toBeInstanceOf(RateLimitError);
        expect(err).toMatchObject({ name: "RateLimitError", code: "OPENAI_ADMIN_RATE_LIMITED", status: 429, attempts: 3 });
        expect(err.message).toContain("gave up after 3 attempts");
        expect(srv.seen).toHaveLength(3);
      },
      { retry: { ...FAST, maxRetries: 2 } },
    );
    await withServer(
      () => ({ status: 503, body: { error: { message: "down", type: "server_error" } } }),
      async (c) => {
        const err = await failure(projects.retrieve(c, "proj_x"));
        expect(err).toBeInstanceOf(InternalServerError);
        expect(err).toMatchObject({ code: "OPENAI_ADMIN_SERVER_ERROR", attempts: 2 });
      },
      { retry: { ...FAST, maxRetries: 1 } },
    );
  });

  test("each error class fixes its own code", () => {
    // Built the way any caller would: the class alone decides the code.
    const make = (C: unknown) => new (C as new (message: string) => AdminApiError)("m");
    expect(make(NotFoundError).code).toBe("OPENAI_ADMIN_NOT_FOUND");
    expect(make(RateLimitError).code).toBe("OPENAI_ADMIN_RATE_LIMITED");
    expect(make(TimeoutError).code).toBe("OPENAI_ADMIN_TIMEOUT");
    expect(make(NotFoundError).message).toBe("m");
  });
});
