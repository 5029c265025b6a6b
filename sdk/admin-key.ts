import * as pulumi from "@pulumi/pulumi";

/**
 * Refuses an `openai:adminKey` set without `--secret`. The engine keeps the whole stack config as the inputs of
 * the dynamic resources' default provider in the state (pulumi/pulumi pkg/resource/deploy/target.go
 * `GetPackageConfig`): encrypted when the value is a secret, in plain text when it is not.
 */
export function refusePlainAdminKey(): void {
  // isConfigSecret is internal to @pulumi/pulumi; without it (an older or newer runtime) nothing is refused.
  const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  if (!isConfigSecret || pulumi.runtime.getConfig("openai:adminKey") === undefined || isConfigSecret("openai:adminKey")) return;
  throw new Error(
    "openai:adminKey is set in plain text, so Pulumi would store it in plain text in the state (as an input of " +
      "the default provider). Set it as a secret: `pulumi config set --secret openai:adminKey <key>`, " +
      "or use the OPENAI_ADMIN_KEY environment variable, which never reaches the state.",
  );
}
