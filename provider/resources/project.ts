/**
 * Project: an organization project.
 * - replaces on: `residency` (fixed at creation); and when refresh finds the project archived.
 * - delete: archives (projects are never deleted); an already archived project counts as done.
 * - read: the run's listing of every project, archived ones too (client/listed.ts); one missing from it is read
 *   by its own GET, whose 404 means gone.
 * - create: refused before any write when an active project of the same name exists, unless
 *   `allowDuplicateName`; after an ambiguous failure, adopts only a new active project matching every input.
 * - adopt ({ import: "proj_…" }): read the same way; an archived project is refused. The default project can be
 *   adopted; the API refuses to archive it, so its delete leaves it with a warning and drops it from state.
 */
import { z } from "zod";
import { type AdminClient, type Project, PROJECT_RESIDENCIES, isAdminError, projects } from "../client";
import { objectName } from "../fields";
import { defineResource } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";
import { warn } from "../warn";

// The words of the TSDoc npm run generate writes into sdk/project.ts, and of the plugin's schema in every language.
export const ProjectInputs = z.strictObject({
  name: objectName
    // The API counts UTF-16 code units (an emoji is two); zod's own `.max` counts code points.
    .refine((v) => v.length <= 255, "must be at most 255 characters (an emoji counts as 2)")
    .describe("The project's name, shown in reports, kept exactly as written (outer spaces too). 1 to 255 characters, not all spaces. Changing it renames the project in place."),
  externalKeyId: z.string({ error: "must be a string" }).min(1, "must not be empty").nullish().transform((v) => v ?? null)
    .describe("The external (customer-managed) key id to associate. Removing it clears it. Updated in place."),
  residency: z.enum(PROJECT_RESIDENCIES, { error: `must be one of ${PROJECT_RESIDENCIES.join(", ")}` }).meta({ title: "ProjectResidency" }).optional()
    .describe("Data residency, fixed at creation: changing it replaces the project. Unset: the API's choice, never diffed."),
  allowDuplicateName: z.boolean({ error: "must be true or false" }).optional()
    .describe("Make the project even when an active project of the same name exists (names are not unique). Default false: such a create is refused before any write. Read only by the create; changing it shows no diff."),
}).describe(
  "An OpenAI organization project. Replaced when `residency` changes, or when a refresh finds the project archived outside Pulumi. Deleting it archives the project: OpenAI never deletes projects.",
);
export type ProjectInputs = z.infer<typeof ProjectInputs>;

/** What state holds for a project. */
export const ProjectOutputs = z.object({
  projectId: z.string().describe("The project id (`proj_…`), also the resource id."),
  name: z.string(),
  externalKeyId: z.string().nullable(),
  residency: z.string().nullable(),
  status: z.string().describe("`active` or `archived`."),
  createdAt: z.number().describe("Unix seconds."),
  archivedAt: z.number().nullable().describe("Unix seconds, or null while active."),
});
export type ProjectOutputs = z.infer<typeof ProjectOutputs>;

export function projectOutputs(p: Project): ProjectOutputs {
  return {
    projectId: p.id,
    name: p.name ?? "",
    externalKeyId: p.external_key_id ?? null,
    residency: p.residency ?? null,
    status: p.status ?? (p.archived_at ? "archived" : "active"),
    createdAt: p.created_at,
    archivedAt: p.archived_at ?? null,
  };
}

/** The org's projects (active ones: the only kind a create could duplicate), as this process knows them. */
export function knownProjects(c: AdminClient): Collection<Project> {
  return collection(c, "projects", () => projects.list(c));
}

function isActive(p: Project): boolean {
  return projectOutputs(p).status === "active";
}

export const project = defineResource<ProjectInputs, ProjectOutputs>({
  type: "Project",
  inputs: ProjectInputs,
  outputs: ProjectOutputs,
  replaceOn: ["residency"],
  deletesFirst: true,
  importIdForm: "proj_…",
  lives: { path: "/organization/projects" },
  unmanagedWhenUnset: ["residency"],
  createOnly: ["allowDuplicateName"],
  replaceOnDrift: (outs) => (outs.status === "archived" ? ["status"] : []),
  refuseAdoption: (outs) =>
    outs.status === "active" ? undefined : `project "${outs.name}" is archived, and an archived project can never be changed again`,
  describe: (props) => `project "${String(props.name ?? props.projectId ?? "?")}"`,

  async create(c, inputs) {
    const p = await guardedCreate({
      type: "Project",
      collection: knownProjects(c),
      what: `project "${inputs.name}"`,
      duplicates: (x) => isActive(x) && x.name === inputs.name,
      describe: (x) => `an active project named "${x.name}" (${x.id})`,
      importId: (x) => x.id,
      optOut: "set allowDuplicateName: true on the Project",
      allowDuplicate: inputs.allowDuplicateName === true,
      matches: (x) =>
        isActive(x) &&
        x.name === inputs.name &&
        (x.external_key_id ?? null) === inputs.externalKeyId &&
        (inputs.residency === undefined || x.residency === inputs.residency),
      create: () =>
        projects.create(c, {
          name: inputs.name,
          ...(inputs.externalKeyId ? { external_key_id: inputs.externalKeyId } : {}),
          ...(inputs.residency ? { residency: inputs.residency } : {}),
        }),
      retrieve: (id) => projects.retrieve(c, id),
    });
    return { id: p.id, outs: projectOutputs(p) };
  },

  async read(c, id) {
    return projectOutputs(await projects.retrieveListed(c, id));
  },

  async update(c, id, _olds, inputs) {
    const p = await projects.update(c, id, { name: inputs.name, external_key_id: inputs.externalKeyId });
    knownProjects(c).put(p);
    return projectOutputs(p);
  },

  async delete(c, id, outs) {
    try {
      await projects.archive(c, id);
    } catch (e) {
      // Only the default project refuses to be archived; it can be adopted, so its destroy must end.
      if (!isAdminError(e, "OPENAI_ADMIN_BAD_REQUEST") || !/default project/i.test(e.apiError?.message ?? "")) throw e;
      await warn(
        `OpenAI Project ${id} ("${outs.name}") is the organization's default project, which cannot be archived; ` +
          "it is left in place and leaves Pulumi state.",
      );
      return;
    }
    knownProjects(c).remove(id);
  },
});
