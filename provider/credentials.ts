import { AdminClient, ConfigurationError } from "./client";

/** Stack config keys this package reads (all under the `openai` namespace). */
export const CONFIG_KEYS = [
  "adminKey",
  "baseUrl",
  "organization",
  "maxRetries",
  "maxConcurrency",
  "requestsPerMinute",
  "timeoutMs",
  "lostCreateWaitMs",
] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

// Filled by `configure` inside the plugin process, from the stack config the engine sends.
let stackConfig: Partial<Record<ConfigKey, string>> = {};
let cached: { fingerprint: string; client: AdminClient } | undefined;

/** Takes the `openai:*` stack config; called by the shim's `configure` once per provider. */
export function configure(config: { get(key: string): string | undefined }): void {
  const next: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = config.get(`openai:${key}`);
    if (value !== undefined && value !== "") next[key] = value;
  }
  stackConfig = next;
}

/**
 * The client for the current settings: stack config first, then the environment variables the
 * official `openai` SDK uses, then the public endpoint. Resolved on every call and never stored
 * anywhere but this process's memory.
 */
export function getClient(): AdminClient {
  const env = process.env;
  const adminKey = stackConfig.adminKey ?? env.OPENAI_ADMIN_KEY;
  if (!adminKey) {
    throw new ConfigurationError(
      "no OpenAI admin key: set it with `pulumi config set --secret openai:adminKey <key>` " +
        "or in the OPENAI_ADMIN_KEY environment variable (an organization admin key, from " +
        "platform.openai.com/settings/organization/admin-keys)",
    );
  }
  const settings = {
    baseUrl: stackConfig.baseUrl ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL,
    organization: stackConfig.organization ?? env.OPENAI_ORG_ID,
    maxConcurrency: number("maxConcurrency"),
    requestsPerMinute: number("requestsPerMinute"),
    timeoutMs: number("timeoutMs"),
  };
  const maxRetries = number("maxRetries");
  const fingerprint = JSON.stringify({ ...settings, maxRetries });
  if (cached?.fingerprint !== fingerprint || !cached.client.hasKey(adminKey)) {
    cached = { fingerprint, client: new AdminClient({ ...settings, adminKey, retry: maxRetries === undefined ? {} : { maxRetries } }) };
  }
  return cached.client;
}

/** `openai:lostCreateWaitMs`: how long a create whose answer was lost looks for what it made before sending again. */
export function lostCreateWaitMs(): number | undefined {
  return number("lostCreateWaitMs");
}

function number(key: ConfigKey): number | undefined {
  const raw = stackConfig[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ConfigurationError(`openai:${key} must be a non-negative number, got "${raw}"`);
  return n;
}
