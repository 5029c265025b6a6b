import { describeLifecycle } from "../support/lifecycle";

// The real engine takes this example through its lifecycle in tests/engine; the demo falls back to the engine
// stand-in where no Pulumi CLI is built, so the stand-in takes it too.
describeLifecycle("quickstart", ["driver"]);
