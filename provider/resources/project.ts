/**
 * Project: an organization project.
 * - replaces on: `residency` (fixed at creation); and when refresh finds the project archived.
 * - delete: archives (projects are never deleted); an already archived project counts as done.
 * - 404 on read: gone.
 * - create after an ambiguous failure: adopts the active project with the same name made since the call began.
 */
import { z } from "zod";
import { type AdminClient, type Project, PROJECT_RESIDENCIES, createOnce, projects } from "../client";
import { defineResource } from "../handler";

// Descriptions: the words of the TSDoc in sdk/project.ts; the provider plugin's package schema is generated from them.
export const ProjectInputs = z.strictObject({
  name: z
    .string({ error: "is required and must be a string" })
    .trim()
    .min(1, "must not be empty")
    // The API counts UTF-16 code units (an emoji is two); zod's own `.max` counts code points.
    .refine((v) => v.length <= 255, "must be at most 255 characters (an emoji counts as 2)")
    .describe("The project's name, shown in reports. 1 to 255 characters. Changing it renames the project in place."),
  externalKeyId: z.string({ error: "must be a string" }).min(1, "must not be empty").nullish().transform((v) => v ?? null)
    .describe("The external (customer-managed) key id to associate. Removing it clears it. Updated in place."),
  residency: z.enum(PROJECT_RESIDENCIES, { error: `must be one of ${PROJECT_RESIDENCIES.join(", ")}` }).optional()
    .describe("Data residency, fixed at creation: changing it replaces the project. Unset: the API's choice, never diffed."),
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

// Clock skew allowance when matching a project made by a lost create.
const SKEW_SECONDS = 120;

async function findMadeSince(c: AdminClient, name: string, since: number): Promise<Project | undefined> {
  let found: Project | undefined;
  for await (const p of projects.list(c)) {
    if (p.name === name && p.status !== "archived" && p.created_at >= since - SKEW_SECONDS) {
      // The newest wins; lists run oldest first, so a tie goes to the later one.
      if (!found || p.created_at >= found.created_at) found = p;
    }
  }
  return found;
}

export const project = defineResource<ProjectInputs, ProjectOutputs>({
  type: "Project",
  inputs: ProjectInputs,
  outputs: ProjectOutputs,
  replaceOn: ["residency"],
  unmanagedWhenUnset: ["residency"],
  replaceOnDrift: (outs) => (outs.status === "archived" ? ["status"] : []),
  describe: (props) => `project "${String(props.name ?? props.projectId ?? "?")}"`,

  async create(c, inputs) {
    const since = Math.floor(Date.now() / 1000);
    const p = await createOnce(
      () =>
        projects.create(c, {
          name: inputs.name,
          ...(inputs.externalKeyId ? { external_key_id: inputs.externalKeyId } : {}),
          ...(inputs.residency ? { residency: inputs.residency } : {}),
        }),
      () => findMadeSince(c, inputs.name, since),
    );
    return { id: p.id, outs: projectOutputs(p) };
  },

  async read(c, id) {
    return projectOutputs(await projects.retrieve(c, id));
  },

  async update(c, id, _olds, inputs) {
    return projectOutputs(await projects.update(c, id, { name: inputs.name, external_key_id: inputs.externalKeyId }));
  },

  async delete(c, id) {
    await projects.archive(c, id);
  },
});
