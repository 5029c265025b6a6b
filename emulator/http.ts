import { randomBytes } from "node:crypto";
import type * as http from "node:http";
import { ApiError, Reply } from "./errors";

/**
 * The most a request body may hold: admin bodies are a few hundred bytes, and a server that reads
 * whatever it is sent can be killed by one request.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A body over {@link MAX_BODY_BYTES}: OpenAI's error shape with 413. */
export const bodyTooLarge = () =>
  new ApiError(413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`, null, "request_too_large");

/** Reads the body as text, refusing (413) past {@link MAX_BODY_BYTES} without holding the rest. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) return reject(bodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        // Node discards what is still coming once the answer is sent; nothing more is kept.
        req.removeAllListeners("data");
        req.resume();
        return reject(bodyTooLarge());
      }
      chunks.push(chunk);
    });
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
