import { E2E_ADMIN_KEY, Lifecycle, STEP_TITLES, type EngineKind, type ExampleName } from "../../harness/lifecycle";

// Fake too, and different: a refused key must not show up in the error either.
const REFUSED_KEY = "sk-admin-refused.e2e.key";

/**
 * The end-to-end suite of one example: the steps of the lifecycle through an engine (the real CLI in the
 * real-engine suite, the plugin driver where only it can go), then a search of everything the run wrote or
 * printed for the admin key.
 */
export function describeLifecycle(example: ExampleName, engines: EngineKind[]): void {
  describe.each(engines)(`the ${example} example through the %s`, (kind) => {
    let life: Lifecycle;

    beforeAll(async () => {
      life = await Lifecycle.start(example, kind);
    });
    afterAll(() => life?.close());

    STEP_TITLES.forEach((title, index) => {
      test(title, async () => {
        await life.run(index);
      });
    });

    test("an up with a refused key fails with a message that says what to do", async () => {
      await life.engine.setConfig({ "openai:adminKey": REFUSED_KEY, "openai:baseUrl": life.emulator.url });
      // After destroy, the up must make the program's objects again: its first call is refused.
      await expect(life.act("up", () => life.engine.up())).rejects.toThrow(/admin key was refused/);
    });

    test("no state, config, output or error of the run holds either admin key", () => {
      // The search means something only if it covered the state with the serialized providers in it.
      expect(life.artifacts.some((a) => a.text.includes("__provider"))).toBe(true);
      expect(life.artifacts.some((a) => a.what === "the error of up")).toBe(true);
      for (const key of [E2E_ADMIN_KEY, REFUSED_KEY]) {
        expect(life.artifacts.filter((a) => a.text.includes(key)).map((a) => a.what)).toEqual([]);
      }
    });
  });
}
