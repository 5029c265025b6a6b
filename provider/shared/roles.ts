/**
 * What the two custom-role resources share (OrganizationRole, and ProjectRole, which is the same in a project):
 * the inputs and their rules, the outputs, the mapping from the API's role, and the create and update body.
 */
import { z } from "zod";
import type { Role } from "../client";
import { objectName } from "../fields";
import { madeAt } from "../handler";

/** A role's inputs, undocumented: each resource describes them in its own words. */
export const RoleFields = z.strictObject({
  name: objectName,
  permissions: z
    .array(z.string({ error: "must be a string" }).trim().min(1, "must not be blank"), { error: "must be a list of permissions" })
    .min(1, "must name at least one permission")
    .transform((p) => [...new Set(p)].sort()),
  description: z.string({ error: "must be a string" }).nullish().transform((v) => v ?? null),
});
export type RoleFields = z.infer<typeof RoleFields>;

/** What state holds for a custom role, the organization's or (with `projectId`) a project's. */
export const RoleOutputs = z.object({
  roleId: z.string().describe("The role id, also the resource id."),
  name: z.string(),
  permissions: z.array(z.string()).describe("The permissions the role grants, sorted."),
  description: z.string().nullable(),
  resourceType: z.string().describe("What the role applies to, as the API says: `api.organization` or `api.project`."),
  createdAt: madeAt,
});
export type RoleOutputs = z.infer<typeof RoleOutputs>;

/** The mapping of a role, the organization's or a project's. */
export const roleOutputs = (r: Role): RoleOutputs => ({
  roleId: r.id,
  name: r.name,
  permissions: [...new Set(r.permissions)].sort(),
  description: r.description,
  resourceType: r.resource_type,
});

/** The create and update body of a role. */
export const roleBody = (i: RoleFields) => ({ role_name: i.name, permissions: i.permissions, description: i.description });

