import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** Residency regions a project can be created in (the official SDK's `ProjectResidency`). */
export const PROJECT_RESIDENCIES = [
  "GLOBAL",
  "US_STORAGE_PROCESSING",
  "EU_STORAGE_PROCESSING",
  "JP_STORAGE",
  "JP_STORAGE_PROCESSING",
  "KR_STORAGE",
  "CA_STORAGE",
  "SG_STORAGE",
  "IN_STORAGE",
  "IN_STORAGE_PROCESSING",
  "AU_STORAGE",
  "AU_STORAGE_PROCESSING",
  "GB_STORAGE",
  "AE_STORAGE",
  "AE_STORAGE_PROCESSING",
] as const;

/** An organization project. Projects are archived, never deleted. */
export const Project = z.object({
  id: z.string(),
  object: z.literal("organization.project"),
  name: z.string().nullish(),
  /** Unix seconds. */
  created_at: z.number(),
  /** Unix seconds, or null while active. */
  archived_at: z.number().nullish(),
  status: z.string().nullish(),
  external_key_id: z.string().nullish(),
  residency: z.string().nullish(),
});
export type Project = z.infer<typeof Project>;

export interface ProjectCreateParams {
  name: string;
  external_key_id?: string | null;
  residency?: (typeof PROJECT_RESIDENCIES)[number];
}

export interface ProjectUpdateParams {
  name?: string;
  external_key_id?: string | null;
}

/** Calls on `/organization/projects`. */
export const projects = {
  create: (c: AdminClient, body: ProjectCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/projects`, body, schema: Project, idempotent: false }),
  retrieve: (c: AdminClient, id: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${id}`, schema: Project, idempotent: true }),
  update: (c: AdminClient, id: string, body: ProjectUpdateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${id}`, body, schema: Project, idempotent: true }),
  archive: (c: AdminClient, id: string) =>
    c.request({ method: "POST", path: apiPath`/organization/projects/${id}/archive`, schema: Project, idempotent: true }),
  list: (c: AdminClient, opts: { includeArchived?: boolean } = {}) =>
    c.paginate({
      path: apiPath`/organization/projects`,
      query: { include_archived: opts.includeArchived },
      schema: listOf(Project),
    }),
  /** The project, archived or not, from the run's listing of every project; else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) =>
    fromListing(c, "/organization/projects?include_archived=true", () => projects.list(c, { includeArchived: true }), id, () => projects.retrieve(c, id)),
};
