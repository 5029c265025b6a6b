/**
 * ProjectServiceTierSettings: the service tier a project's requests default to, and the optional tiers it may use.
 * - id: the project id (one setting per project). Replaces on: `projectId`.
 * - create and update: one POST of the fields the inputs set; a field left unset is not managed.
 * - delete: one POST of a new project's settings (`standard`, every tier enabled). 404 (project gone): done.
 * - adopt ({ import: "proj_…" }, the project id): one GET.
 * - `enabledTiers` is a set; `["all"]` stands for the API's `"all"` (every tier, future ones too).
 */
import { z } from "zod";
import {
  type ProjectServiceTierSettings,
  type ServiceTierSettingUpdateParams,
  DEFAULT_SERVICE_TIERS,
  OPTIONAL_SERVICE_TIERS,
  serviceTierSettings,
} from "../client";
import { acrossInputs, byCodeUnits, documented, projectId } from "../fields";
import { defineResource, madeAt } from "../handler";

// The SDK class's words (sdk/project-service-tier-settings.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "projectId": "The project (`proj_…`). Changing it replaces the resource.",
  "defaultTier": "The tier of requests that omit `service_tier` or ask for `auto`: `standard`, `fast` or `scale`. Unset: not managed.",
  "enabledTiers": "The optional tiers the project may use (`flex`, `fast`, `ultrafast`), a set; `[\"all\"]` enables every tier, future ones too; `[]` allows only Standard. Unset: not managed.",
  "(class)": "A project's service tiers: the default one and the optional ones it may use (organization policy and eligibility still apply). One per project; its id is the project id. Set at least one of `defaultTier`, `enabledTiers`. Updated in place; replaced when `projectId` changes. Deleting it gives the project a new project's settings again (`standard`, every tier enabled). Adopt with `{ import: \"proj_…\" }`."
};

const ALL = "all";
const tierNames = [ALL, ...OPTIONAL_SERVICE_TIERS] as const;

const defaultTier = z.enum(DEFAULT_SERVICE_TIERS, { error: `must be one of ${DEFAULT_SERVICE_TIERS.join(", ")}` }).meta({ title: "DefaultServiceTier" });
const enabledTiers = z
  .array(z.enum(tierNames, { error: `must be one of ${tierNames.join(", ")}` }), { error: "must be a list of tiers" })
  .superRefine((tiers, ctx) => {
    if (tiers.includes(ALL) && tiers.length > 1) ctx.addIssue({ code: "custom", message: `"all" stands alone: it already enables every tier` });
  })
  .transform((tiers) => [...new Set(tiers)].sort(byCodeUnits));

export const ProjectServiceTierSettingsInputs = documented(DOCS, z.strictObject({
  projectId,
  defaultTier: defaultTier.optional(),
  enabledTiers: enabledTiers.optional(),
})).refine(...acrossInputs<Record<string, unknown>>((i) => i.defaultTier !== undefined || i.enabledTiers !== undefined, "", "set at least one of defaultTier, enabledTiers"));
export type ProjectServiceTierSettingsInputs = z.infer<typeof ProjectServiceTierSettingsInputs>;

/** What state holds: the project's settings as the API answers them. */
export const ProjectServiceTierSettingsOutputs = z.object({
  projectId: z.string(),
  defaultTier,
  enabledTiers: z.array(z.string()).describe("The optional tiers enabled, sorted; `[\"all\"]` for every tier."),
  createdAt: madeAt,
});
export type ProjectServiceTierSettingsOutputs = z.infer<typeof ProjectServiceTierSettingsOutputs>;

function outputs(projectId: string, s: ProjectServiceTierSettings): ProjectServiceTierSettingsOutputs {
  return { projectId, defaultTier: s.default, enabledTiers: s.enabled_tiers === ALL ? [ALL] : [...s.enabled_tiers].sort(byCodeUnits) };
}

function body(inputs: ProjectServiceTierSettingsInputs): ServiceTierSettingUpdateParams {
  const tiers = inputs.enabledTiers;
  return {
    ...(inputs.defaultTier === undefined ? {} : { default: inputs.defaultTier }),
    ...(tiers === undefined ? {} : { enabled_tiers: tiers.includes(ALL) ? ALL : (tiers as Array<(typeof OPTIONAL_SERVICE_TIERS)[number]>) }),
  };
}

/** A new project's settings, which delete puts back. */
const INITIAL: ServiceTierSettingUpdateParams = { default: "standard", enabled_tiers: ALL };

export const projectServiceTierSettings = defineResource<ProjectServiceTierSettingsInputs, ProjectServiceTierSettingsOutputs>({
  type: "ProjectServiceTierSettings",
  importIdForm: "<projectId>",
  lives: { path: "/organization/projects/{projectId}/service_tier_settings", under: "Project" },
  inputs: ProjectServiceTierSettingsInputs,
  outputs: ProjectServiceTierSettingsOutputs,
  replaceOn: ["projectId"],
  unmanagedWhenUnset: ["defaultTier", "enabledTiers"],
  // One setting per project, keyed by it: a move to another project replaces it create-first, and the old
  // resource's delete then puts back the old project's defaults (it no longer holds what the new one took).
  describe: (props) => `service tier settings of project ${String(props.projectId ?? "?")}`,
  childOfProject: true,

  async create(c, inputs) {
    return { id: inputs.projectId, outs: outputs(inputs.projectId, await serviceTierSettings.update(c, inputs.projectId, body(inputs))) };
  },

  async read(c, id) {
    return outputs(id, await serviceTierSettings.retrieve(c, id));
  },

  async update(c, id, _olds, inputs) {
    return outputs(id, await serviceTierSettings.update(c, id, body(inputs)));
  },

  async delete(c, id) {
    await serviceTierSettings.update(c, id, INITIAL);
  },
});
