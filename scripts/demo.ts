/**
 * `npm run demo`: takes examples/quickstart through its whole life against an emulator on a free port, with
 * no OpenAI account and no key in the environment, printing what each step did to the org. Exits non-zero
 * when a step did not do what it says.
 */
import * as path from "path";
import { repoRoot } from "../harness/install";
import { Lifecycle, STEP_TITLES } from "../harness/lifecycle";
import { pulumiCliDir } from "../harness/real-engine";
import { formatStep } from "../harness/view";

const COUNT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

async function main(): Promise<number> {
  const cli = pulumiCliDir();
  const kind = cli ? "cli" : "driver";
  if (cli) {
    console.log(`Taking the steps through the real Pulumi CLI in ${cli} (the program run inline by the Automation API).`);
  } else {
    console.log(
      "No Pulumi CLI (none built by `bash scripts/pulumi-cli.sh`, none on PATH): taking the steps through the plugin driver " +
        "(the program under pulumi.runtime.setMocks, each resource through the real dynamic-provider plugin).",
    );
  }
  const life = await Lifecycle.start("quickstart", kind, "demo-quickstart");
  console.log(`Emulator at ${life.emulator.url}; program in ${path.relative(repoRoot(), life.programDir)}; state in ${life.stateDir}`);
  console.log("The admin key reaches the provider only as the secret stack config value openai:adminKey.");
  try {
    for (let i = 0; i < STEP_TITLES.length; i++) console.log(formatStep(i, await life.run(i)));
  } catch (err) {
    console.error(`\n✗ ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await life.close();
  }
  console.log(`\nAll ${COUNT[STEP_TITLES.length] ?? STEP_TITLES.length} steps did what they say.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
