import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

// Only in the official SDK (openai 7.60.0); OpenAI's OpenAPI description has no such endpoint yet.
/** The tiers a project's requests may default to. */
export const DEFAULT_SERVICE_TIERS = ["standard", "fast", "scale"] as const;
/** The tiers a project may enable beyond Standard. */
export const OPTIONAL_SERVICE_TIERS = ["flex", "fast", "ultrafast"] as const;

/** A project's default service tier and the optional tiers it may use (`"all"`: every tier, future ones too). */
export const ProjectServiceTierSettings = z.object({
  object: z.literal("project.service_tier_settings"),
  default: z.enum(DEFAULT_SERVICE_TIERS),
  enabled_tiers: z.union([z.literal("all"), z.array(z.enum(OPTIONAL_SERVICE_TIERS))]),
});
export type ProjectServiceTierSettings = z.infer<typeof ProjectServiceTierSettings>;

/** At least one field; a field left out keeps its value. */
export type ServiceTierSettingUpdateParams = Partial<Pick<ProjectServiceTierSettings, "default" | "enabled_tiers">>;

/** Calls on `/organization/projects/{id}/service_tier_settings`. */
export const serviceTierSettings = {
  retrieve: (c: AdminClient, projectId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/service_tier_settings`, schema: ProjectServiceTierSettings, idempotent: true }),
  update: (c: AdminClient, projectId: string, body: ServiceTierSettingUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/service_tier_settings`,
      body,
      schema: ProjectServiceTierSettings,
      idempotent: true,
    }),
};
