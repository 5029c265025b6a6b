import { describeLifecycle } from "../support/lifecycle";

describeLifecycle("quickstart");
