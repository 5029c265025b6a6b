import { describeLifecycle } from "../support/lifecycle";
import { requireRealEngine } from "./support";

requireRealEngine();

// The example with components (a team per component), through the whole lifecycle, with the real engine.
describeLifecycle("teams", ["cli"]);
