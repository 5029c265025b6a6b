import { describeLifecycle } from "../support/lifecycle";

describeLifecycle("teams");
