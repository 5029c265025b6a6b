import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Roles a service account can be given by an update; a new one is always `member`. */
export const SERVICE_ACCOUNT_ROLES = ["member", "owner"] as const;
export type ServiceAccountRole = (typeof SERVICE_ACCOUNT_ROLES)[number];

/** A project's service account, as every call but create answers it (no key). */
export const ProjectServiceAccount = z.object({
  id: z.string(),
  object: z.literal("organization.project.service_account"),
  name: z.string(),
  role: z.enum(["owner", "member", "none"]),
  /** Unix seconds. */
  created_at: z.number(),
});
export type ProjectServiceAccount = z.infer<typeof ProjectServiceAccount>;

/** A service account's API key as it is answered once, with its value. */
export const ServiceAccountApiKey = z.object({
  id: z.string(),
  object: z.literal("organization.project.service_account.api_key"),
  name: z.string(),
  value: z.string(),
  /** Unix seconds. */
  created_at: z.number(),
  /** Unix seconds, or null when the key does not expire. */
  expires_at: z.number().nullish(),
});
export type ServiceAccountApiKey = z.infer<typeof ServiceAccountApiKey>;

/** What a create answers: the account and, the only time it is ever shown, its key. */
export const ServiceAccountCreateResponse = ProjectServiceAccount.extend({
  role: z.enum(["member", "none"]),
  api_key: ServiceAccountApiKey.nullable(),
});
export type ServiceAccountCreateResponse = z.infer<typeof ServiceAccountCreateResponse>;

export const ServiceAccountDeleted = z.object({
  id: z.string(),
  object: z.literal("organization.project.service_account.deleted"),
  deleted: z.boolean(),
});

export interface ServiceAccountCreateParams {
  name: string;
  /** Seconds until the first key expires; omitted, the key does not expire unless a policy says so. */
  expires_in_seconds?: number;
}

export interface ServiceAccountUpdateParams {
  name?: string;
  role?: ServiceAccountRole;
}

export interface ServiceAccountApiKeyCreateParams {
  name?: string;
  expires_in_seconds?: number;
}

/** Calls on `/organization/projects/{id}/service_accounts`. */
export const serviceAccounts = {
  create: (c: AdminClient, projectId: string, body: ServiceAccountCreateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/service_accounts`,
      body,
      schema: ServiceAccountCreateResponse,
      idempotent: false,
    }),
  retrieve: (c: AdminClient, projectId: string, id: string) =>
    c.request({
      method: "GET",
      path: apiPath`/organization/projects/${projectId}/service_accounts/${id}`,
      schema: ProjectServiceAccount,
      idempotent: true,
    }),
  update: (c: AdminClient, projectId: string, id: string, body: ServiceAccountUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/service_accounts/${id}`,
      body,
      schema: ProjectServiceAccount,
      idempotent: true,
    }),
  delete: (c: AdminClient, projectId: string, id: string) =>
    c.request({
      method: "DELETE",
      path: apiPath`/organization/projects/${projectId}/service_accounts/${id}`,
      schema: ServiceAccountDeleted,
      idempotent: true,
    }),
  list: (c: AdminClient, projectId: string) =>
    c.paginate({ path: apiPath`/organization/projects/${projectId}/service_accounts`, schema: listOf(ProjectServiceAccount) }),
  /** The account from the run's listing of its project's accounts; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, projectId: string, id: string) =>
    fromListing(c, apiPath`/organization/projects/${projectId}/service_accounts`, () => serviceAccounts.list(c, projectId), id, () =>
      serviceAccounts.retrieve(c, projectId, id),
    ),
  /** Makes another key for an account; its value is answered once, like the first one. */
  createApiKey: (c: AdminClient, projectId: string, id: string, body: ServiceAccountApiKeyCreateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/service_accounts/${id}/api_keys`,
      body,
      schema: ServiceAccountApiKey,
      idempotent: false,
    }),
};
