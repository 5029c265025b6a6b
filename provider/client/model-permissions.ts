import { z } from "zod";
import { type AdminClient, apiPath } from "./http";

export const MODEL_PERMISSION_MODES = ["allow_list", "deny_list"] as const;

/** A project's model allow list or deny list. An unrestricted project reads as an empty deny list. */
export const ProjectModelPermissions = z.object({
  object: z.literal("project.model_permissions"),
  mode: z.enum(MODEL_PERMISSION_MODES),
  model_ids: z.array(z.string()),
});
export type ProjectModelPermissions = z.infer<typeof ProjectModelPermissions>;

export const ProjectModelPermissionsDeleted = z.object({
  object: z.literal("project.model_permissions.deleted"),
  deleted: z.boolean(),
});
export type ProjectModelPermissionsDeleted = z.infer<typeof ProjectModelPermissionsDeleted>;

export interface ModelPermissionUpdateParams {
  mode: (typeof MODEL_PERMISSION_MODES)[number];
  model_ids: string[];
}

/** Calls on `/organization/projects/{id}/model_permissions`. */
export const modelPermissions = {
  retrieve: (c: AdminClient, projectId: string) =>
    c.request({
      method: "GET",
      path: apiPath`/organization/projects/${projectId}/model_permissions`,
      schema: ProjectModelPermissions,
      idempotent: true,
    }),
  update: (c: AdminClient, projectId: string, body: ModelPermissionUpdateParams) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/model_permissions`,
      body,
      schema: ProjectModelPermissions,
      idempotent: true,
    }),
  delete: (c: AdminClient, projectId: string) =>
    c.request({
      method: "DELETE",
      path: apiPath`/organization/projects/${projectId}/model_permissions`,
      schema: ProjectModelPermissionsDeleted,
      idempotent: true,
    }),
};
