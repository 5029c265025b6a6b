import { z } from "zod";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, invalid, oneOf, required } from "./validate";

const modelPermissionsSchema = z.object({
  object: z.literal("project.model_permissions"),
  mode: z.enum(["allow_list", "deny_list"]),
  model_ids: z.array(z.string()),
});
const shape = { modelPermissions: z.record(z.string(), modelPermissionsSchema) };
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

const PATH = "/organization/projects/{project_id}/model_permissions";

/** Which models a project may use, one setting per project; deleting it lifts every restriction. */
export const modelPermissions: Family = {
  state: shape,
  fresh: () => ({ modelPermissions: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      // Nothing denied is what "no restriction" looks like on the real service.
      return own(org).modelPermissions[project_id] ?? { object: "project.model_permissions", mode: "deny_list", model_ids: [] };
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, ["mode", "model_ids"]);
      const mode = oneOf(required(b, "mode"), ["allow_list", "deny_list"], "mode");
      const ids = required(b, "model_ids");
      if (!Array.isArray(ids) || !ids.every((m) => typeof m === "string" && m !== "")) {
        throw invalid("model_ids", "expected a list of non-empty model ids");
      }
      const permissions = { object: "project.model_permissions" as const, mode, model_ids: [...ids] };
      own(org).modelPermissions[project_id] = permissions;
      return permissions;
    },
    [`DELETE ${PATH}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      delete own(org).modelPermissions[project_id];
      return { object: "project.model_permissions.deleted", deleted: true };
    },
  },
};
