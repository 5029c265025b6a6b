import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, invalid, oneOf } from "./validate";

// The values the official `openai` package (7.60.0) declares; OpenAI's OpenAPI description has no such endpoint yet.
const DEFAULT_TIERS = ["standard", "fast", "scale"] as const;
const OPTIONAL_TIERS = ["flex", "fast", "ultrafast"] as const;

const settingsSchema = z.object({
  object: z.literal("project.service_tier_settings"),
  default: z.enum(DEFAULT_TIERS),
  enabled_tiers: z.union([z.literal("all"), z.array(z.enum(OPTIONAL_TIERS))]),
});
const shape = { serviceTierSettings: z.record(z.string(), settingsSchema).default({}) };
type Settings = z.infer<typeof settingsSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** A new project: requests default to Standard, and every tier the organization may use is enabled. */
const initial = (): Settings => ({ object: "project.service_tier_settings", default: "standard", enabled_tiers: "all" });

const PATH = "/organization/projects/{project_id}/service_tier_settings";

/** A project's default service tier and the optional tiers it may use; an update changes the fields it names. */
export const serviceTierSettings: Family = {
  state: shape,
  fresh: () => ({ serviceTierSettings: {} }),
  routes: {
    [`GET ${PATH}`]: ({ org, params: { project_id } }) => {
      getProject(org, project_id);
      return own(org).serviceTierSettings[project_id] ?? initial();
    },
    [`POST ${PATH}`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const b = fields(body, ["default", "enabled_tiers"]);
      if (b.default === undefined && b.enabled_tiers === undefined) {
        throw new ApiError(400, "Supply at least one of 'default' or 'enabled_tiers'.");
      }
      const next = { ...(own(org).serviceTierSettings[project_id] ?? initial()) };
      if (b.default !== undefined) next.default = oneOf(b.default, DEFAULT_TIERS, "default");
      if (b.enabled_tiers !== undefined) {
        const tiers = b.enabled_tiers;
        if (tiers === "all") next.enabled_tiers = "all";
        else if (Array.isArray(tiers) && tiers.every((t) => (OPTIONAL_TIERS as readonly unknown[]).includes(t)) && new Set(tiers).size === tiers.length) {
          next.enabled_tiers = [...tiers] as Settings["enabled_tiers"];
        } else {
          throw invalid("enabled_tiers", `expected "all" or a list of distinct tiers among ${OPTIONAL_TIERS.join(", ")}`);
        }
      }
      own(org).serviceTierSettings[project_id] = next;
      return next;
    },
  },
};
