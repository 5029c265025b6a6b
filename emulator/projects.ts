import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import type { Family } from "./router";
import { fields, invalid, nullableString, oneOf, required } from "./validate";

// Residency values the official `openai` package declares as `ProjectResidency`.
const RESIDENCIES = [
  "GLOBAL", "US_STORAGE_PROCESSING", "EU_STORAGE_PROCESSING", "JP_STORAGE", "JP_STORAGE_PROCESSING",
  "KR_STORAGE", "CA_STORAGE", "SG_STORAGE", "IN_STORAGE", "IN_STORAGE_PROCESSING", "AU_STORAGE",
  "AU_STORAGE_PROCESSING", "GB_STORAGE", "AE_STORAGE", "AE_STORAGE_PROCESSING",
] as const;

const projectSchema = z.object({
  id: z.string(),
  object: z.literal("organization.project"),
  name: z.string(),
  created_at: z.number(),
  archived_at: z.number().nullable(),
  status: z.enum(["active", "archived"]),
  external_key_id: z.string().nullable(),
  residency: z.enum(RESIDENCIES).optional(),
});
const shape = { defaultProjectId: z.string(), projects: z.array(projectSchema) };

/** A project in API shape. */
export type Project = z.infer<typeof projectSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

function projectName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid("name", "expected a non-empty string");
  if (value.length > 255) throw invalid("name", "expected at most 255 characters");
  return value;
}

function newProject(org: Org, name: string): Project {
  return {
    id: org.newId("proj_"), object: "organization.project", name, created_at: org.now(),
    archived_at: null, status: "active", external_key_id: null,
  };
}

/** The project with this id, archived or not, if there is one. */
export const findProject = (org: Org, id: unknown): Project | undefined => own(org).projects.find((p) => p.id === id);
/** Every project, archived or not (the usage family gives each one synthetic usage). */
export const allProjects = (org: Org): readonly Project[] => own(org).projects;

/** The project with this id, archived or not; 404 if there is none. */
export function getProject(org: Org, id: string): Project {
  const project = findProject(org, id);
  if (!project) throw new ApiError(404, `No project found with id '${id}'.`);
  return project;
}

/**
 * The project, if it may be changed: an archived project cannot be, and the default project's own
 * fields cannot be updated ("update"), though its settings can ("modify").
 */
export function writableProject(org: Org, id: string, verb: "update" | "modify"): Project {
  const project = getProject(org, id);
  if (project.status === "archived") throw new ApiError(400, `Cannot ${verb} an archived project.`);
  if (verb === "update" && id === own(org).defaultProjectId) throw new ApiError(400, "Cannot modify the default project.");
  return project;
}

/** The project every org has and invites join when they name none. */
export const defaultProjectId = (org: Org) => own(org).defaultProjectId;

/** The projects; a project is archived, never deleted. */
export const projects: Family = {
  state: shape,
  fresh(org) {
    const project = newProject(org, "Default project");
    return { defaultProjectId: project.id, projects: [project] };
  },
  dump: (org) => ({ projects: own(org).projects }),
  routes: {
    "GET /organization/projects": ({ org, query }) => {
      const all = query.get("include_archived") === "true";
      return org.page(own(org).projects.filter((p) => all || p.status === "active"), query);
    },
    "POST /organization/projects": ({ org, body }) => {
      const b = fields(body, ["name", "external_key_id", "residency", "geography"]);
      const name = projectName(required(b, "name"));
      const external = nullableString(b.external_key_id, "external_key_id") ?? null;
      nullableString(b.geography, "geography");
      const residency = b.residency == null ? undefined : oneOf(b.residency, RESIDENCIES, "residency");
      // Everything is checked before an id is drawn, so a refused create leaves the id sequence alone.
      const project: Project = { ...newProject(org, name), external_key_id: external, ...(residency && { residency }) };
      own(org).projects.push(project);
      return project;
    },
    "GET /organization/projects/{project_id}": ({ org, params }) => getProject(org, params.project_id),
    "POST /organization/projects/{project_id}": ({ org, params, body }) => {
      const project = writableProject(org, params.project_id, "update");
      const b = fields(body, ["name", "external_key_id", "geography"]);
      if (b.name != null) project.name = projectName(b.name);
      const external = nullableString(b.external_key_id, "external_key_id");
      if (external !== undefined) project.external_key_id = external;
      nullableString(b.geography, "geography");
      return project;
    },
    "POST /organization/projects/{project_id}/archive": ({ org, params }) => {
      const project = getProject(org, params.project_id);
      if (project.id === own(org).defaultProjectId) throw new ApiError(400, "Cannot archive the default project.");
      if (project.status === "active") {
        project.status = "archived";
        project.archived_at = org.now();
      }
      return project;
    },
  },
};
