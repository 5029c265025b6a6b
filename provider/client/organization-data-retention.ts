import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

/** Retention types an organization can be set to (a subset of a project's: no default to inherit, no `none`). */
export const ORGANIZATION_RETENTION_TYPES = [
  "zero_data_retention",
  "modified_abuse_monitoring",
  "enhanced_zero_data_retention",
  "enhanced_modified_abuse_monitoring",
] as const;
export type OrganizationRetentionType = (typeof ORGANIZATION_RETENTION_TYPES)[number];

/** The organization's data retention. `retention_type` going in, `type` coming out, as for a project. */
export const OrganizationDataRetention = z.object({
  object: z.literal("organization.data_retention"),
  type: z.enum(ORGANIZATION_RETENTION_TYPES),
});
export type OrganizationDataRetention = z.infer<typeof OrganizationDataRetention>;

/** Calls on `/organization/data_retention`. */
export const organizationDataRetention = {
  retrieve: (c: AdminClient) =>
    c.request({ method: "GET", path: apiPath`/organization/data_retention`, schema: OrganizationDataRetention, idempotent: true }),
  update: (c: AdminClient, body: { retention_type: OrganizationRetentionType }) =>
    c.request({ method: "POST", path: apiPath`/organization/data_retention`, body, schema: OrganizationDataRetention, idempotent: true }),
};
