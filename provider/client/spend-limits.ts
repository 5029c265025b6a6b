import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

/** A hard spend limit, of the organization or of one project: one per owner, set and replaced whole. */
function spendLimit<O extends string>(object: O) {
  return z.object({
    object: z.literal(object),
    /** Cents. */
    threshold_amount: z.number(),
    currency: z.string(),
    interval: z.string(),
    enforcement: z.object({ status: z.string() }),
  });
}
export const OrganizationSpendLimit = spendLimit("organization.spend_limit");
export type OrganizationSpendLimit = z.infer<typeof OrganizationSpendLimit>;
export const ProjectSpendLimit = spendLimit("project.spend_limit");
export type ProjectSpendLimit = z.infer<typeof ProjectSpendLimit>;

export const OrganizationSpendLimitDeleted = z.object({ object: z.literal("organization.spend_limit.deleted"), deleted: z.boolean() });
export const ProjectSpendLimitDeleted = z.object({ object: z.literal("project.spend_limit.deleted"), deleted: z.boolean() });

/** The whole body of a set: the API creates or replaces the limit. */
export interface SpendLimitUpdateParams {
  /** Cents. */
  threshold_amount: number;
  currency: "USD";
  interval: "month";
}

/** Calls on `/organization/spend_limit` and `/organization/projects/{id}/spend_limit`. */
export const spendLimits = {
  retrieveOrganization: (c: AdminClient) =>
    c.request({ method: "GET", path: apiPath`/organization/spend_limit`, schema: OrganizationSpendLimit, idempotent: true }),
  setOrganization: (c: AdminClient, body: SpendLimitUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/spend_limit`, body, schema: OrganizationSpendLimit, idempotent: true }),
  deleteOrganization: (c: AdminClient) =>
    c.request({ method: "DELETE", path: apiPath`/organization/spend_limit`, schema: OrganizationSpendLimitDeleted, idempotent: true }),
  retrieveProject: (c: AdminClient, projectId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/spend_limit`, schema: ProjectSpendLimit, idempotent: true }),
  setProject: (c: AdminClient, projectId: string, body: SpendLimitUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${projectId}/spend_limit`, body, schema: ProjectSpendLimit, idempotent: true }),
  deleteProject: (c: AdminClient, projectId: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/projects/${projectId}/spend_limit`, schema: ProjectSpendLimitDeleted, idempotent: true }),
};
