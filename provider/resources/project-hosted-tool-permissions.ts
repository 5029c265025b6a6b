/**
 * ProjectHostedToolPermissions: which hosted tools (file search, web search, image generation, MCP, code
 * interpreter) a project may use.
 * - id: the project id (one setting per project). Replaces on: `projectId`.
 * - create and update: one POST naming only the tools the inputs set; a tool left unset is not managed and never
 *   shows as a change (so a retried create cannot duplicate).
 * - delete: one POST enabling every tool again, a new project's default. 404 (project gone): done.
 * - adopt ({ import: "proj_…" }, the project id): one GET.
 */
import { z } from "zod";
import { type HostedTool, type HostedToolPermissionUpdateParams, type ProjectHostedToolPermissions, HOSTED_TOOLS, hostedToolPermissions } from "../client";
import { acrossInputs, documented, projectId } from "../fields";
import { defineResource, madeAt } from "../handler";

// The SDK class's words (sdk/project-hosted-tool-permissions.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the resource.",
  "fileSearch": "Whether the project may use file search. Unset: not managed.",
  "webSearch": "Whether the project may use web search. Unset: not managed.",
  "imageGeneration": "Whether the project may use image generation. Unset: not managed.",
  "mcp": "Whether the project may use remote MCP servers. Unset: not managed.",
  "codeInterpreter": "Whether the project may use the code interpreter. Unset: not managed.",
  "(class)": "Which hosted tools a project may use. One per project; its id is the project id. Set at least one tool; a tool left unset keeps whatever the project has. Updated in place; replaced when `projectId` changes. Deleting it enables every hosted tool again (a new project's default). Adopt with `{ import: \"proj_…\" }`."
};

/** Input name → the API's name of the tool. */
const TOOL_INPUTS = {
  fileSearch: "file_search",
  webSearch: "web_search",
  imageGeneration: "image_generation",
  mcp: "mcp",
  codeInterpreter: "code_interpreter",
} as const satisfies Record<string, HostedTool>;
type ToolInput = keyof typeof TOOL_INPUTS;
const TOOL_KEYS = Object.keys(TOOL_INPUTS) as ToolInput[];

const toolSetting = z.boolean({ error: "must be true or false" }).optional();

export const ProjectHostedToolPermissionsInputs = documented(DOCS, z.strictObject({
  projectId,
  fileSearch: toolSetting,
  webSearch: toolSetting,
  imageGeneration: toolSetting,
  mcp: toolSetting,
  codeInterpreter: toolSetting,
})).refine(...acrossInputs<Record<string, unknown>>((i) => TOOL_KEYS.some((k) => i[k] !== undefined), "", `set at least one of ${TOOL_KEYS.join(", ")}`));
export type ProjectHostedToolPermissionsInputs = z.infer<typeof ProjectHostedToolPermissionsInputs>;

/** What state holds: every tool's setting as the project has it. */
export const ProjectHostedToolPermissionsOutputs = z.object({
  projectId: z.string(),
  fileSearch: z.boolean(),
  webSearch: z.boolean(),
  imageGeneration: z.boolean(),
  mcp: z.boolean(),
  codeInterpreter: z.boolean(),
  createdAt: madeAt,
});
export type ProjectHostedToolPermissionsOutputs = z.infer<typeof ProjectHostedToolPermissionsOutputs>;

function outputs(projectId: string, p: ProjectHostedToolPermissions): ProjectHostedToolPermissionsOutputs {
  const tools = Object.fromEntries(TOOL_KEYS.map((k) => [k, p[TOOL_INPUTS[k]].enabled])) as Record<ToolInput, boolean>;
  return { projectId, ...tools };
}

/** The tools the inputs set, and only those. */
function body(inputs: ProjectHostedToolPermissionsInputs): HostedToolPermissionUpdateParams {
  return Object.fromEntries(TOOL_KEYS.filter((k) => inputs[k] !== undefined).map((k) => [TOOL_INPUTS[k], { enabled: inputs[k] }]));
}

const everyToolEnabled: HostedToolPermissionUpdateParams = Object.fromEntries(HOSTED_TOOLS.map((t) => [t, { enabled: true }]));

export const projectHostedToolPermissions = defineResource<ProjectHostedToolPermissionsInputs, ProjectHostedToolPermissionsOutputs>({
  type: "ProjectHostedToolPermissions",
  importIdForm: "<projectId>",
  lives: { path: "/organization/projects/{projectId}/hosted_tool_permissions", under: "Project" },
  inputs: ProjectHostedToolPermissionsInputs,
  outputs: ProjectHostedToolPermissionsOutputs,
  replaceOn: ["projectId"],
  unmanagedWhenUnset: TOOL_KEYS,
  // One setting per project, keyed by it: a move to another project replaces it create-first, and the old
  // resource's delete then puts back the old project's defaults (it no longer holds what the new one took).
  describe: (props) => `hosted tool permissions of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    return { id: inputs.projectId, outs: outputs(inputs.projectId, await hostedToolPermissions.update(c, inputs.projectId, body(inputs))) };
  },

  async read(c, id) {
    return outputs(id, await hostedToolPermissions.retrieve(c, id));
  },

  async update(c, id, _olds, inputs) {
    return outputs(id, await hostedToolPermissions.update(c, id, body(inputs)));
  },

  async delete(c, id) {
    await hostedToolPermissions.update(c, id, everyToolEnabled);
  },
});
