import { describeLifecycle } from "../support/lifecycle";
import { requireRealEngine } from "./support";

requireRealEngine();

// The examples a user copies, through the whole lifecycle the demo shows, with the real engine.
describeLifecycle("quickstart", ["cli"]);
describeLifecycle("teams", ["cli"]);
