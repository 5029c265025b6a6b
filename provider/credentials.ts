import {
  AdminClient,
  ConfigurationError,
  TUNABLES,
  forgetListed,
  baseUrlProblem,
  checkBaseUrl,
  checkToken,
  checkTunable,
  isLoopback,
  tokenProblem,
  tunableProblem,
  type Tunable,
} from "./client";

/** Stack config keys this package reads (all under the `openai` namespace). */
export const CONFIG_KEYS = [
  "adminKey",
  "baseUrl",
  "organization",
  "maxRetries",
  "maxConcurrency",
  "requestsPerMinute",
  "timeoutMs",
  "allowInsecureHttp",
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
  // Other settings are another run, or another org: what was listed for reads may be out of date. The same
  // settings again are this run: the dynamic-provider host configures once per resource type, as each type's first
  // call comes, which would otherwise drop a listing in the middle of a refresh.
  if (JSON.stringify(next) !== JSON.stringify(stackConfig)) forgetListed();
  stackConfig = next;
}

/** Where the admin key and organization in force come from, for messages (never their values). */
export interface SettingSources {
  /** `stack config (openai:adminKey)` or `OPENAI_ADMIN_KEY`; undefined when there is no key. */
  key?: string;
  /** True when the key comes from stack config while OPENAI_ADMIN_KEY is set too. */
  keyOverridesEnv: boolean;
  /** `openai:organization` or `OPENAI_ORG_ID`; undefined when no organization is set. */
  organization?: string;
}

/** Names where each credential in force comes from. */
export function settingSources(): SettingSources {
  const env = process.env;
  const envKey = !!env.OPENAI_ADMIN_KEY?.trim();
  const configKey = !!stackConfig.adminKey?.trim();
  return {
    key: configKey ? "stack config (openai:adminKey)" : envKey ? "OPENAI_ADMIN_KEY" : undefined,
    keyOverridesEnv: configKey && envKey,
    organization: stackConfig.organization ? "openai:organization" : env.OPENAI_ORG_ID ? "OPENAI_ORG_ID" : undefined,
  };
}

/** The message for a missing admin key, or undefined when one is set. Certain once `configure` ran. */
export function missingKeyMessage(): string | undefined {
  if (settingSources().key) return undefined;
  return (
    "no OpenAI admin key: set it with `pulumi config set --secret openai:adminKey <key>` " +
    "or in the OPENAI_ADMIN_KEY environment variable (an organization admin key, from " +
    "platform.openai.com/settings/organization/admin-keys)"
  );
}

// OpenAI's own API hosts: api.openai.com and its regional names (eu.api.openai.com).
const OPENAI_HOST = /^([a-z0-9-]+\.)?api\.openai\.com$/i;

/**
 * The client for the current settings: stack config first, then the environment variables the
 * official `openai` SDK uses, then the public endpoint. Resolved on every call and never stored
 * anywhere but this process's memory.
 *
 * The admin key goes only to OpenAI's API, to this machine, or to a base URL set explicitly in
 * stack config: `OPENAI_BASE_URL` is shared with the `openai` SDK and often names an inference
 * proxy, which must never receive an organization admin key.
 */
export function getClient(): AdminClient {
  const env = process.env;
  const missing = missingKeyMessage();
  if (missing) throw new ConfigurationError(missing);
  const keySetting = stackConfig.adminKey?.trim() ? "openai:adminKey" : "OPENAI_ADMIN_KEY";
  const adminKey = checkToken((stackConfig.adminKey?.trim() ? stackConfig.adminKey : env.OPENAI_ADMIN_KEY) ?? "", keySetting, "an admin key");
  const allowInsecureHttp = flag(stackConfig.allowInsecureHttp, "openai:allowInsecureHttp") || flag(env.OPENAI_ADMIN_ALLOW_INSECURE_HTTP, "OPENAI_ADMIN_ALLOW_INSECURE_HTTP");
  const baseUrl = resolveBaseUrl(allowInsecureHttp);
  const orgSetting = stackConfig.organization ? "openai:organization" : "OPENAI_ORG_ID";
  const rawOrg = stackConfig.organization ?? env.OPENAI_ORG_ID;
  const organization = rawOrg === undefined ? undefined : checkToken(rawOrg, orgSetting, "an organization id") || undefined;
  const settings = {
    baseUrl,
    organization,
    allowInsecureHttp,
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

/**
 * `openai:lostCreateWaitMs`: how long the API may hide an object it just made. A create whose answer was lost
 * looks for what it made this long before sending again; a read of an object made moments ago retries a 404
 * this long before answering "gone".
 */
export function lostCreateWaitMs(): number | undefined {
  return number("lostCreateWaitMs");
}

function resolveBaseUrl(allowInsecureHttp: boolean): string {
  return chooseBaseUrl({
    explicit: stackConfig.baseUrl === undefined ? undefined : { raw: stackConfig.baseUrl, setting: "openai:baseUrl" },
    env: process.env,
    allowInsecureHttp,
    check: checkBaseUrl,
    elsewhere: "To manage the organization through that host, set it for this stack: `pulumi config set openai:baseUrl <url>`",
  });
}

/** How a tool chooses the API's address; the provider and the export differ only in their setting's name and hints. */
export interface BaseUrlChoice {
  /** The tool's own setting (a stack setting, a flag), taken as given: naming a host there is explicit. */
  explicit?: { raw: string; setting: string };
  env: NodeJS.ProcessEnv;
  allowInsecureHttp: boolean;
  /** The URL check with the tool's wording of its refusals. */
  check: (raw: string, setting: string, allowInsecureHttp: boolean) => URL;
  /** What to do to use a host OPENAI_BASE_URL names that is neither OpenAI's nor this machine. */
  elsewhere: string;
}

/**
 * The API's address: the explicit setting, else OPENAI_BASE_URL only where it names OpenAI's API or this machine,
 * else OpenAI's. That variable is shared with the openai SDK and often points at an inference proxy, so the admin key
 * goes to another host only when a person names it in this tool's own setting.
 */
export function chooseBaseUrl(choice: BaseUrlChoice): string {
  if (choice.explicit) return choice.check(choice.explicit.raw, choice.explicit.setting, choice.allowInsecureHttp).href;
  const fromEnv = choice.env.OPENAI_BASE_URL;
  if (fromEnv === undefined || fromEnv.trim() === "") return DEFAULT_BASE_URL;
  const url = choice.check(fromEnv, "OPENAI_BASE_URL", choice.allowInsecureHttp);
  if (!(url.protocol === "https:" && OPENAI_HOST.test(url.hostname)) && !isLoopback(url.hostname)) {
    throw new ConfigurationError(
      "OPENAI_BASE_URL names a host that is neither OpenAI's API nor this machine, so the admin key is not sent there: " +
        `that variable is shared with the openai SDK and often points at an inference proxy. ${choice.elsewhere}`,
    );
  }
  return url.href;
}

/**
 * What is wrong with the value of one config key, judged alone (the http policy of a base URL also
 * depends on openai:allowInsecureHttp, and is checked when the client is made), or undefined.
 * The one set of rules for the dynamic path and the provider plugin's CheckConfig.
 */
export function settingProblem(key: ConfigKey, raw: string): string | undefined {
  if (key in TUNABLES) return tunableProblem(key as Tunable, toNumber(raw));
  if (key === "baseUrl") return baseUrlProblem(raw, true);
  if (key === "allowInsecureHttp") return flagValue(raw) === undefined ? FLAG_RULE : undefined;
  return tokenProblem(raw, key === "adminKey" ? "an admin key" : "an organization id");
}

function number(key: ConfigKey & Tunable): number | undefined {
  const raw = stackConfig[key];
  return raw === undefined ? undefined : checkTunable(key, toNumber(raw), `openai:${key}`);
}

function toNumber(raw: string): number {
  return raw.trim() === "" ? NaN : Number(raw);
}

const FLAG_RULE = "must be true or false (or 1 or 0)";

function flagValue(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  return v === "" || v === "false" || v === "0" ? false : v === "true" || v === "1" ? true : undefined;
}

function flag(raw: string | undefined, setting: string): boolean {
  const value = raw === undefined ? false : flagValue(raw);
  if (value === undefined) throw new ConfigurationError(`${setting} ${FLAG_RULE}`);
  return value;
}
