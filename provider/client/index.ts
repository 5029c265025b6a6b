export * from "./errors";
export * from "./http";
export * from "./limiter";
export * from "./projects";
export * from "./model-permissions";
export * from "./spend-alerts";
export * from "./data-retention";
export * from "./invites";
