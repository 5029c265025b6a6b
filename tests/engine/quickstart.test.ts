import { describeLifecycle } from "../support/lifecycle";
import { requireRealEngine } from "./support";

requireRealEngine();

// The example a user copies first, through the whole lifecycle the demo shows, with the real engine.
describeLifecycle("quickstart", ["cli"]);
