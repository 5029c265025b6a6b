import * as http from "node:http";
import * as net from "node:net";
import OpenAI from "openai";
import { Emulator, startEmulator } from "../../emulator";
import { MAX_BODY_BYTES } from "../../emulator/http";
import { api, control, loggedRequests, rootOf } from "./helpers";

/** Sends raw bytes and resolves with whatever came back before the server closed or went quiet. */
function raw(emu: Emulator, request: string): Promise<string> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
      // One answer is all these tests want; keep-alive would otherwise hold the socket open.
      if (/\r\n\r\n/.test(text)) socket.end();
    });
    // A server that died or hung answers nothing; fail in seconds rather than at the test timeout.
    socket.setTimeout(5000, () => socket.destroy());
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

/** POSTs `size` bytes in chunks with no content-length, as a streaming client would. */
function chunkedPost(emu: Emulator, path: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${rootOf(emu)}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.adminKey}`, "content-type": "application/json", "transfer-encoding": "chunked" },
    }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const TOO_LARGE = {
  error: { message: expect.stringContaining(`${MAX_BODY_BYTES} bytes`), type: "invalid_request_error", param: null, code: "request_too_large" },
};

describe("emulator server", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ seed: 5 });
  });
  afterAll(() => emu.close());
  beforeEach(() => control(emu, "POST", "/reset"));

  it("answers a request target no URL can be made of with 400 and keeps serving (issue 10 #19)", async () => {
    const answer = await raw(emu, "GET http://[ HTTP/1.1\r\nHost: emulator\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"type":"invalid_request_error"');
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
  });

  it("refuses a /v1 body over the cap with 413 in OpenAI's error shape, and creates nothing (issue 10 #20)", async () => {
    const name = "x".repeat(MAX_BODY_BYTES);
    const answer = await api(emu, "POST", "/organization/projects", { body: { name } });
    expect([answer.status, answer.body]).toEqual([413, TOO_LARGE]);
    expect((await control(emu, "GET", "/org")).body.projects).toHaveLength(1);
    expect((await loggedRequests(emu)).map((r) => r.status)).toEqual([413]);
  });

  it("refuses an oversized body on a key-less control endpoint too, and a chunked one without content-length (issue 10 #20)", async () => {
    const answer = await control(emu, "POST", "/faults", { fault: "500", path: `/${"x".repeat(MAX_BODY_BYTES)}` });
    expect([answer.status, answer.body]).toEqual([413, TOO_LARGE]);
    expect((await control(emu, "GET", "/faults")).body.faults).toEqual([]);

    const chunked = await chunkedPost(emu, "/__emulator/faults", 4 * MAX_BODY_BYTES);
    expect([chunked.status, JSON.parse(chunked.body)]).toEqual([413, TOO_LARGE]);
    expect((await api(emu, "GET", "/organization/projects")).status).toBe(200);
  });

  it("reads a body just under the cap as usual", async () => {
    const answer = await api(emu, "POST", "/organization/projects", { rawBody: JSON.stringify({ name: "ok" }).padEnd(MAX_BODY_BYTES, " ") });
    expect([answer.status, answer.body.name]).toEqual([200, "ok"]);
  });

  it("shows the official client a 413 as an APIError with OpenAI's code", async () => {
    const client = new OpenAI({ adminAPIKey: emu.adminKey, baseURL: emu.url, maxRetries: 0 });
    const error = await client.admin.organization.projects.create({ name: "y".repeat(MAX_BODY_BYTES) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 413, code: "request_too_large", type: "invalid_request_error" });
  });
});
