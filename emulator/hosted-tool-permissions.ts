import { z } from "zod";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, invalid, isObject } from "./validate";

/** The hosted tools a project may be kept from, as OpenAI's description names them. */
const TOOLS = ["file_search", "web_search", "image_generation", "mcp", "code_interpreter"] as const;
type Tool = (typeof TOOLS)[number];

const permissionsSchema = z.object(Object.fromEntries(TOOLS.map((t) => [t, z.object({ enabled: z.boolean() })])) as Record<Tool, z.ZodObject<{ enabled: z.ZodBoolean }>>);
const shape = { hostedToolPermissions: z.record(z.string(), permissionsSchema).default({}) };
type Permissions = z.infer<typeof permissionsSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** A new project may use every hosted tool. */
const everyToolEnabled = (): Permissions => Object.fromEntries(TOOLS.map((t) => [t, { enabled: true }])) as Permissions;

const PATH = "/organization/projects/{project_id}/hosted_tool_permissions";

/** Which hosted tools a project may use: one setting per project; an update changes only the tools it names. */
export const hostedToolPermissions: Family = {
  state: shape,
  fresh: () => ({ hostedToolPermissions: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      return own(org).hostedToolPermissions[project_id] ?? everyToolEnabled();
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, [...TOOLS]);
      const next = structuredClone(own(org).hostedToolPermissions[project_id] ?? everyToolEnabled());
      for (const tool of TOOLS) {
        const update = b[tool];
        // null, like an absent tool, leaves the tool as it is.
        if (update === undefined || update === null) continue;
        if (!isObject(update)) throw invalid(tool, "expected an object with `enabled`");
        const { enabled } = fields(update, ["enabled"], tool);
        if (typeof enabled !== "boolean") throw invalid(`${tool}.enabled`, "expected a boolean");
        next[tool] = { enabled };
      }
      own(org).hostedToolPermissions[project_id] = next;
      return next;
    },
  },
};
