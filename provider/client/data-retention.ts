import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

export const RETENTION_TYPES = [
  "organization_default",
  "none",
  "zero_data_retention",
  "modified_abuse_monitoring",
  "enhanced_zero_data_retention",
  "enhanced_modified_abuse_monitoring",
] as const;
export type RetentionType = (typeof RETENTION_TYPES)[number];

/** A project's data retention setting. The API names it `retention_type` going in and `type` coming out. */
export const ProjectDataRetention = z.object({
  object: z.literal("project.data_retention"),
  type: z.enum(RETENTION_TYPES),
});
export type ProjectDataRetention = z.infer<typeof ProjectDataRetention>;

export interface DataRetentionUpdateParams {
  retention_type: RetentionType;
}

/** Calls on `/organization/projects/{id}/data_retention`. */
export const dataRetention = {
  retrieve: (c: AdminClient, projectId: string) =>
    c.request({
      method: "GET",
      path: apiPath`/organization/projects/${projectId}/data_retention`,
      schema: ProjectDataRetention,
      idempotent: true,
    }),
  update: (c: AdminClient, projectId: string, body: DataRetentionUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/data_retention`,
      body,
      schema: ProjectDataRetention,
      idempotent: true,
    }),
};
