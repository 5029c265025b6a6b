/** The entry `provider-plugin/pulumi-resource-openai` runs: the engine's arguments, then the plugin's gRPC server. */
import { serve } from "./server";

serve(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
