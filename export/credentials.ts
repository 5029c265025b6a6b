/**
 * The export's client and its messages. The export runs outside any stack, so it reads only the environment
 * (the names the official `openai` SDK uses) and its own `--base-url`, and every hint names those, never a
 * `pulumi config` setting it cannot read. The rules are the provider's: the key goes only to OpenAI's API, to
 * this machine, or to a URL given explicitly.
 */
import { AdminClient, type AdminApiError, ConfigurationError, baseUrlProblem, checkBaseUrl, checkToken, isAdminError } from "../provider/client";
import { chooseBaseUrl } from "../provider/credentials";

/** The client for the environment and `--base-url`; throws a {@link ConfigurationError} saying what to set. */
export function exportClient(opts: { baseUrl?: string }, env: NodeJS.ProcessEnv = process.env): AdminClient {
  const rawKey = env.OPENAI_ADMIN_KEY ?? "";
  if (rawKey.trim() === "") {
    throw new ConfigurationError(
      "no OpenAI admin key: set the OPENAI_ADMIN_KEY environment variable to an organization admin key " +
        "(from platform.openai.com/settings/organization/admin-keys); the export does not read `pulumi config`",
    );
  }
  const adminKey = checkToken(rawKey, "OPENAI_ADMIN_KEY", "an admin key");
  const insecure = (env.OPENAI_ADMIN_ALLOW_INSECURE_HTTP ?? "").trim().toLowerCase();
  const allowInsecureHttp = insecure === "1" || insecure === "true";
  const organization = env.OPENAI_ORG_ID?.trim() ? checkToken(env.OPENAI_ORG_ID, "OPENAI_ORG_ID", "an organization id") : undefined;
  // The export reads no stack config: a connection failure's advice names its own flag.
  return new AdminClient({ baseUrl: baseUrl(opts.baseUrl, env, allowInsecureHttp), adminKey, organization, baseUrlSetting: "--base-url or OPENAI_BASE_URL" });
}

function baseUrl(flag: string | undefined, env: NodeJS.ProcessEnv, allowInsecureHttp: boolean): string {
  return chooseBaseUrl({
    explicit: flag === undefined ? undefined : { raw: flag, setting: "--base-url" },
    env,
    allowInsecureHttp,
    check: checked,
    elsewhere: "To export through that host, name it explicitly: openai-admin-export --base-url <url>",
  });
}

function checked(raw: string, setting: string, allowInsecureHttp: boolean): URL {
  // The client's own wording of this refusal names a stack setting; the export reads only the environment.
  if (baseUrlProblem(raw, allowInsecureHttp) && !baseUrlProblem(raw, true)) {
    throw new ConfigurationError(
      `${setting} uses plain http:// to a host that is not this machine, which would send the admin key unencrypted: ` +
        "use https://, or, for a host on a private network, set OPENAI_ADMIN_ALLOW_INSECURE_HTTP=1",
    );
  }
  return checkBaseUrl(raw, setting, allowInsecureHttp);
}

/** A failure of the export in words a person can act on: the client's message, then what to do. */
export function explain(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = e instanceof Error ? e.message : String(e);
  if (!isAdminError(e)) return message;
  const hint = hintFor(e, env);
  return hint ? `${message}. ${hint}` : message;
}

function hintFor(e: AdminApiError, env: NodeJS.ProcessEnv): string {
  switch (e.code) {
    case "OPENAI_ADMIN_AUTHENTICATION":
      if (e.apiError?.code === "mismatched_organization" && env.OPENAI_ORG_ID) {
        return "The admin key belongs to another organization than the one OPENAI_ORG_ID names: fix or unset OPENAI_ORG_ID (the key alone selects its organization).";
      }
      return "The admin key was refused (it came from OPENAI_ADMIN_KEY): set OPENAI_ADMIN_KEY to an organization admin key (a project API key will not do).";
    case "OPENAI_ADMIN_PERMISSION_DENIED":
      return "The admin key may not do this: use an admin key of an organization owner, and check OPENAI_ORG_ID.";
    case "OPENAI_ADMIN_RATE_LIMITED":
      return "OpenAI kept rate-limiting the export's calls: run it again later.";
    default:
      return e.status !== undefined && e.status >= 500 ? "OpenAI had a server error: run the export again." : "";
  }
}
