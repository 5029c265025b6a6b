import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

/** The hosted tools whose use a project's permissions govern, as the API names them. */
export const HOSTED_TOOLS = ["file_search", "web_search", "image_generation", "mcp", "code_interpreter"] as const;
export type HostedTool = (typeof HOSTED_TOOLS)[number];

const Permission = z.object({ enabled: z.boolean() });

/** Which hosted tools a project may use. */
export const ProjectHostedToolPermissions = z.object({
  file_search: Permission,
  web_search: Permission,
  image_generation: Permission,
  mcp: Permission,
  code_interpreter: Permission,
});
export type ProjectHostedToolPermissions = z.infer<typeof ProjectHostedToolPermissions>;

/** The tools to change; a tool left out (or null) keeps its setting. */
export type HostedToolPermissionUpdateParams = Partial<Record<HostedTool, { enabled: boolean }>>;

/** Calls on `/organization/projects/{id}/hosted_tool_permissions`. */
export const hostedToolPermissions = {
  retrieve: (c: AdminClient, projectId: string) =>
    c.request({ method: "GET", path: apiPath`/organization/projects/${projectId}/hosted_tool_permissions`, schema: ProjectHostedToolPermissions, idempotent: true }),
  update: (c: AdminClient, projectId: string, body: HostedToolPermissionUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/hosted_tool_permissions`,
      body,
      schema: ProjectHostedToolPermissions,
      idempotent: true,
    }),
};
