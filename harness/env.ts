/**
 * The caller's environment without its OpenAI settings: a key, base URL or organization in it must not stand in for
 * what a test or program sets. `OPENAI_ADMIN_PACE_FILE` stays: it says where this machine keeps learned paces (the
 * tests turn it off, tests/support/pace-file.ts), not which org to talk to.
 */
export function withoutOpenAISettings(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k === "OPENAI_ADMIN_PACE_FILE" || !k.startsWith("OPENAI_")));
}
