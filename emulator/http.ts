import { randomBytes } from "node:crypto";
import type * as http from "node:http";
import { ApiError, Reply } from "./errors";

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** An empty body reads as `{}`, as the real API treats a bodiless POST. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
  }
}

export function send(res: http.ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "x-request-id": `req_${randomBytes(16).toString("hex")}`,
    ...reply.headers,
  });
  res.end(JSON.stringify(reply.body));
}
