import { dataRetention } from "./data-retention";
import { invites } from "./invites";
import { modelPermissions } from "./model-permissions";
import { projects } from "./projects";
import type { Family } from "./router";
import { spendAlerts } from "./spend-alerts";

/**
 * Every object family the emulator serves, one line each (see `router.ts` for what a family is).
 * Projects come first: a fresh org's default project is made before the others' parts.
 */
export const FAMILIES: Family[] = [
  projects,
  modelPermissions,
  spendAlerts,
  dataRetention,
  invites,
];
