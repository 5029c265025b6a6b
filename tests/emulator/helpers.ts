import OpenAI from "openai";
import type { Emulator } from "../../emulator";

/** A parsed answer from the emulator. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Tests poke at arbitrary response shapes; typing each one would only restate the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The server root (control calls live beside /v1, not under it). */
export const rootOf = (emu: Emulator) => emu.url.replace(/\/v1$/, "");

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** Calls a /__emulator control endpoint. */
export async function control(emu: Emulator, method: string, path: string, body?: unknown): Promise<Answer> {
  return answer(await fetch(`${rootOf(emu)}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** Calls the /v1 API with raw HTTP, with the emulator's key unless headers say otherwise. */
export async function api(
  emu: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return answer(await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emu.adminKey}`, "content-type": "application/json", ...options.headers },
    body,
  }));
}

/** The request log without timings, which vary run to run. */
export async function loggedRequests(emu: Emulator): Promise<Array<{ method: string; path: string; query: string; status: number }>> {
  const { body } = await control(emu, "GET", "/requests");
  return body.requests.map(({ method, path, query, status }: Record<string, unknown>) => ({ method, path, query, status }));
}

/** The official client's error of a call that must fail; a call that succeeds fails the test. */
export async function failure(call: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call();
  } catch (e) {
    if (e instanceof OpenAI.APIError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}
