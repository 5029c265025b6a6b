import { z } from "zod";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, oneOf, required } from "./validate";

// Data retention types the official `openai` package declares.
const RETENTION_TYPES = [
  "organization_default", "none", "zero_data_retention", "modified_abuse_monitoring",
  "enhanced_zero_data_retention", "enhanced_modified_abuse_monitoring",
] as const;

const dataRetentionSchema = z.object({ object: z.literal("project.data_retention"), type: z.enum(RETENTION_TYPES) });
const shape = { dataRetention: z.record(z.string(), dataRetentionSchema) };
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

const PATH = "/organization/projects/{project_id}/data_retention";

/** A project's data retention: one setting per project, `organization_default` until set (asymmetric: `retention_type` in, `type` out). */
export const dataRetention: Family = {
  state: shape,
  fresh: () => ({ dataRetention: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      return own(org).dataRetention[project_id] ?? { object: "project.data_retention", type: "organization_default" };
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, ["retention_type"]);
      const type = oneOf(required(b, "retention_type"), RETENTION_TYPES, "retention_type");
      const retention = { object: "project.data_retention" as const, type };
      own(org).dataRetention[project_id] = retention;
      return retention;
    },
  },
};
