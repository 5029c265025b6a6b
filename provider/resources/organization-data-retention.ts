/**
 * OrganizationDataRetention: how long OpenAI keeps the organization's API data.
 * - id: `organization` (there is one per organization). Nothing replaces it.
 * - create and update: one POST of `retention_type` (the API answers it back as `type`); the setting the
 *   organization had before is taken over.
 * - delete: NO call. The API has no default to go back to, so the setting stays as it is and only leaves
 *   Pulumi state (a warning says so).
 * - adopt ({ import: "organization" }): one GET.
 */
import { z } from "zod";
import { ORGANIZATION_RETENTION_TYPES, organizationDataRetention } from "../client";
import { documented } from "../fields";
import { defineResource, madeAt } from "../handler";
import { warn } from "../warn";

// The words of the TSDoc npm run generate writes into sdk/organization-data-retention.ts, and of the plugin's schema in every language.
const DOCS: Record<string, string> = {
  "retentionType": "`zero_data_retention`, `modified_abuse_monitoring`, `enhanced_zero_data_retention` or `enhanced_modified_abuse_monitoring`.",
  "(class)": "How long OpenAI keeps the organization's API data (projects inherit it unless their `DataRetention` says otherwise). One per organization: creating it takes over the current setting. **Deleting it changes nothing**: the API has no default to return to, so the setting stays and only leaves Pulumi state (with a warning). Adopt the current one with `{ import: \"organization\" }`."
};

export const OrganizationDataRetentionInputs = documented(DOCS, z.strictObject({
  retentionType: z.enum(ORGANIZATION_RETENTION_TYPES, { error: `must be one of ${ORGANIZATION_RETENTION_TYPES.join(", ")}` }),
}));
export type OrganizationDataRetentionInputs = z.infer<typeof OrganizationDataRetentionInputs>;

/** What state holds for the organization's data retention. */
export const OrganizationDataRetentionOutputs = z.object({
  retentionType: z.enum(ORGANIZATION_RETENTION_TYPES).describe("The organization's setting, as the API answers it."),
  createdAt: madeAt,
});
export type OrganizationDataRetentionOutputs = z.infer<typeof OrganizationDataRetentionOutputs>;

const ID = "organization";

export const organizationDataRetentionResource = defineResource<OrganizationDataRetentionInputs, OrganizationDataRetentionOutputs>({
  type: "OrganizationDataRetention",
  inputs: OrganizationDataRetentionInputs,
  outputs: OrganizationDataRetentionOutputs,
  replaceOn: [],
  importIdForm: "organization",
  lives: { path: "/organization/data_retention" },
  describe: () => "the organization's data retention",

  async create(c, inputs) {
    const r = await organizationDataRetention.update(c, { retention_type: inputs.retentionType });
    return { id: ID, outs: { retentionType: r.type } };
  },

  async adopt(c, id) {
    if (id !== ID) throw new Error(`the organization's data retention is adopted with { import: "${ID}" }`);
    return { id: ID, outs: { retentionType: (await organizationDataRetention.retrieve(c)).type } };
  },

  async read(c) {
    return { retentionType: (await organizationDataRetention.retrieve(c)).type };
  },

  async update(c, _id, _olds, inputs) {
    return { retentionType: (await organizationDataRetention.update(c, { retention_type: inputs.retentionType })).type };
  },

  async delete(_c, _id, outs) {
    await warn(
      `OpenAI OrganizationDataRetention: the organization keeps its data retention setting (${outs.retentionType}); ` +
        "the API has no default to return to, so the setting only leaves Pulumi state.",
    );
  },
});
