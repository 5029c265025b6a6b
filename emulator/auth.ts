import type { IncomingHttpHeaders } from "node:http";
import { errorReply, Reply } from "./errors";

/** Who may call: the one admin key, and the organization an `OpenAI-Organization` header must name. */
export interface Credentials {
  adminKey: string;
  organization: string;
}

/** The 401 OpenAI answers for these headers, or undefined when they pass. */
export function authError(headers: IncomingHttpHeaders, credentials: Credentials): Reply | undefined {
  const header = headers.authorization;
  // Messages never quote the presented key: it may be someone's real key sent to the wrong place.
  if (!header) {
    return errorReply(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error");
  }
  if (header !== `Bearer ${credentials.adminKey}`) {
    return errorReply(401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
  }
  const organization = headers["openai-organization"];
  if (organization !== undefined && organization !== credentials.organization) {
    return errorReply(401, "OpenAI-Organization header should match organization for API key.", "invalid_request_error", null, "mismatched_organization");
  }
  return undefined;
}
