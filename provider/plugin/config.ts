/**
 * The provider plugin's config: the `openai:*` stack keys (or an explicit provider's arguments),
 * described for the package schema and checked by CheckConfig before any request is made.
 * The values themselves are resolved by `credentials.ts`, as on the dynamic path.
 */
import { CONFIG_KEYS, settingProblem } from "../credentials";
import type { CheckFailure, Props } from "../handler";
import { unwrapSecrets } from "./secrets";

type ConfigKey = (typeof CONFIG_KEYS)[number];

interface ConfigVariable {
  type: "string" | "integer";
  description: string;
  secret?: true;
}

/** Every config key the provider reads; keyed by CONFIG_KEYS, so a new key cannot be left out of the schema. */
export const CONFIG_SPEC: Record<ConfigKey, ConfigVariable> = {
  adminKey: {
    type: "string",
    secret: true,
    description: "An organization admin key (platform.openai.com/settings/organization/admin-keys). Default: $OPENAI_ADMIN_KEY.",
  },
  baseUrl: { type: "string", description: "Where the Administration API is. Default: $OPENAI_BASE_URL, else https://api.openai.com/v1." },
  organization: { type: "string", description: "Sent as `OpenAI-Organization` when set. Default: $OPENAI_ORG_ID." },
  maxRetries: { type: "integer", description: "Retries of a failed call (429, 408, 5xx, network). Default 8." },
  maxConcurrency: { type: "integer", description: "API calls in flight at once. Default 8." },
  requestsPerMinute: {
    type: "integer",
    description: "Start at most this many calls a minute, even before any 429. Default 0 (paced only once a 429 shows the limit).",
  },
  timeoutMs: { type: "integer", description: "Per-attempt timeout in milliseconds. Default 30000." },
  allowInsecureHttp: {
    type: "string",
    description: "`true` allows plain http:// to a host beyond this machine (an emulator on a private network). Default: $OPENAI_ADMIN_ALLOW_INSECURE_HTTP, else false.",
  },
  lostCreateWaitMs: {
    type: "integer",
    description: "How long a create whose answer was lost looks for what it made before sending it again, in milliseconds. Default 20000.",
  },
};

// Keys the engine itself adds to a provider's inputs.
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** CheckConfig: every problem with the provider's config, each naming the key and the rule. */
export function checkConfig(news: Props): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [key, raw] of Object.entries(unwrapSecrets(news) as Props)) {
    if (ENGINE_KEYS.has(key) || raw === undefined || raw === null) continue;
    const spec = (CONFIG_SPEC as Record<string, ConfigVariable | undefined>)[key];
    if (!spec) {
      failures.push({ property: key, reason: `is not a setting of the openai provider (known: ${CONFIG_KEYS.join(", ")})` });
    } else if (typeof raw !== "string" && !(spec.type === "integer" && typeof raw === "number")) {
      failures.push({ property: key, reason: spec.type === "integer" ? "must be a whole number" : "must be a string" });
    } else {
      // The same rules as the dynamic path's; a value is never quoted (it may be a secret in the wrong key).
      const reason = settingProblem(key as ConfigKey, String(raw));
      if (reason) failures.push({ property: key, reason });
    }
  }
  return failures;
}

/**
 * The config getter `credentials.configure` takes, over plain values keyed without the namespace
 * (`PULUMI_CONFIG`, Configure's args) or with it (Configure's variables: `openai:config:adminKey`).
 */
export function configSource(values: Props): { get(key: string): string | undefined } {
  const plain = unwrapSecrets(values) as Props;
  const byKey = new Map<string, string>();
  for (const [k, v] of Object.entries(plain)) {
    if (v === undefined || v === null) continue;
    byKey.set(k.split(":").pop() as string, typeof v === "string" ? v : JSON.stringify(v));
  }
  return { get: (key) => byKey.get(key.replace(/^openai:/, "")) };
}

/** The config the engine put in the plugin's environment: the stack's `openai:*` keys, namespace removed. */
export function pulumiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Props {
  if (!env.PULUMI_CONFIG) return {};
  try {
    return JSON.parse(env.PULUMI_CONFIG) as Props;
  } catch {
    throw new Error("PULUMI_CONFIG is not JSON: the plugin was not started by the Pulumi engine as expected");
  }
}
