/**
 * ProjectUser: a person of the organization as a member of one project, with a role.
 * - id: the user id. Replaces on: `projectId`, `userId`, `email` (another person is another membership).
 * - The person is named by `userId` or by `email`, exactly one; they must already be in the
 *   organization (people join by invite, never through this resource).
 * - create: one POST. update: one POST of the role. delete: DELETE, which removes the person from
 *   the project only, never from the organization. 404 on read (membership or project gone): gone.
 * - create: no guard listing is needed, since the API itself refuses a second membership of one person
 *   in one project. After an ambiguous failure it adopts the membership the lost call made if the person
 *   is now in the project with the asked role (a membership is keyed by project and person: it cannot be doubled).
 * - adopt ({ import: "<projectId>/<userId>" }, or the user id with `projectId`): the run's listing (client/listed.ts), else one GET.
 */
import { z } from "zod";
import { type AdminClient, type ProjectUser, PROJECT_ROLES, projectUsers } from "../client";
import { createOnce } from "../lost-create";
import { email, oneOfUserIdOrEmail, projectId, documented, scopedImportId } from "../fields";
import { defineResource, madeAt } from "../handler";
import { addOrTakeOver, existedBefore, memberOperations, orNone } from "../membership";

// The words of the TSDoc npm run generate writes into sdk/project-user.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the membership.",
  "userId": "The person's user id (`user-…`). Changing it replaces the membership.",
  "email": "The person's address; compared without regard to case. Changing it replaces the membership.",
  "role": "`member` or `owner` of the project. Updated in place.",
  "(class)": "A person's membership of a project, with a role. The person must already be in the organization (they join by Invite). Deleting it removes them from this project only, never from the organization. Replaced (the old membership removed first) when the project or the person changes. Adopt an existing membership with `{ import: \"<projectId>/<userId>\" }`: one GET, no write."
};

export const ProjectUserInputs = documented(DOCS, z
  .strictObject({
    projectId,
    userId: z.string({ error: "must be a user id (user-…)" }).trim().min(1, "must not be empty").optional(),
    email: email.optional(),
    role: z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(", ")}` }),
  }))
  .refine(...oneOfUserIdOrEmail)
  .describe(DOCS["(class)"]);
export type ProjectUserInputs = z.infer<typeof ProjectUserInputs>;

/** What state holds for a project membership. */
export const ProjectUserOutputs = z.object({
  projectId: z.string(),
  userId: z.string().describe("The user id, also the resource id."),
  email: z.string().nullable().describe("Lower-cased."),
  name: z.string().nullable().describe("The person's name."),
  role: z.string(),
  addedAt: z.number().describe("Unix seconds when the person joined the project."),
  existedBefore,
  createdAt: madeAt,
});
export type ProjectUserOutputs = z.infer<typeof ProjectUserOutputs>;

function outputs(projectId: string, u: ProjectUser, existedBefore: boolean): ProjectUserOutputs {
  return {
    projectId,
    userId: u.id,
    email: u.email?.toLowerCase() ?? null,
    name: u.name ?? null,
    role: u.role,
    addedAt: u.added_at,
    existedBefore,
  };
}

async function findMember(c: AdminClient, inputs: ProjectUserInputs): Promise<ProjectUser[]> {
  const found: ProjectUser[] = [];
  for await (const u of projectUsers.list(c, inputs.projectId)) {
    const same = inputs.userId !== undefined ? u.id === inputs.userId : u.email?.toLowerCase() === inputs.email;
    if (same && u.role === inputs.role) found.push(u);
  }
  return found;
}

/** The person's membership of the project, whatever its role. */
async function membership(c: AdminClient, inputs: ProjectUserInputs): Promise<ProjectUser | undefined> {
  if (inputs.userId !== undefined) return orNone(() => projectUsers.retrieve(c, inputs.projectId, inputs.userId!));
  for await (const u of projectUsers.list(c, inputs.projectId)) if (u.email?.toLowerCase() === inputs.email) return u;
  return undefined;
}

export const projectUser = defineResource<ProjectUserInputs, ProjectUserOutputs>({
  type: "ProjectUser",
  inputs: ProjectUserInputs,
  outputs: ProjectUserOutputs,
  importId: scopedImportId("ProjectUser", "projectId", "<projectId>/<userId>"),
  replaceOn: ["projectId", "userId", "email"],
  importIdForm: "<projectId>/<userId>",
  lives: { path: "/organization/projects/{projectId}/users", under: "Project" },
  unmanagedWhenUnset: ["userId", "email"],
  // The import id names the person by id; answering the address too would make inputs their own check refuses.
  notImported: ["email"],
  describe: (props) => `member ${String(props.email ?? props.userId ?? "?")} of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    const who = inputs.userId !== undefined ? { user_id: inputs.userId } : { email: inputs.email };
    const { member, existedBefore } = await addOrTakeOver(
      () =>
        createOnce(() => projectUsers.create(c, inputs.projectId, { ...who, role: inputs.role }), {
          what: `member ${inputs.email ?? inputs.userId} of project ${inputs.projectId}`,
          candidates: () => findMember(c, inputs),
          retrieve: (id) => projectUsers.retrieve(c, inputs.projectId, id),
          importLine: (x) => `{ import: "${inputs.projectId}/${x.id}" }`,
        }),
      () => membership(c, inputs),
    );
    const u = member.role === inputs.role ? member : await projectUsers.update(c, inputs.projectId, member.id, { role: inputs.role });
    return { id: u.id, outs: outputs(inputs.projectId, u, existedBefore) };
  },

  ...memberOperations<ProjectUserInputs, ProjectUserOutputs, ProjectUser>({
    parent: "projectId",
    retrieve: (c, projectId, userId) => projectUsers.retrieveListed(c, projectId, userId),
    remove: (c, projectId, userId) => projectUsers.delete(c, projectId, userId),
    idOf: (u) => u.id,
    outputs: (projectId, u, existedBefore) => outputs(projectId, u, existedBefore),
    describe: (id, outs) => `OpenAI ProjectUser ${id} of project ${outs.projectId}`,
  }),

  async update(c, id, olds, inputs) {
    return outputs(olds.projectId, await projectUsers.update(c, olds.projectId, id, { role: inputs.role }), olds.existedBefore ?? false);
  },
});
