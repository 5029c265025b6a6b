import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Residency regions a project can be created in. */
export type ProjectResidency =
  | "GLOBAL"
  | "US_STORAGE_PROCESSING"
  | "EU_STORAGE_PROCESSING"
  | "JP_STORAGE"
  | "JP_STORAGE_PROCESSING"
  | "KR_STORAGE"
  | "CA_STORAGE"
  | "SG_STORAGE"
  | "IN_STORAGE"
  | "IN_STORAGE_PROCESSING"
  | "AU_STORAGE"
  | "AU_STORAGE_PROCESSING"
  | "GB_STORAGE"
  | "AE_STORAGE"
  | "AE_STORAGE_PROCESSING";

/** Inputs of a {@link Project}. */
export interface ProjectArgs {
  /** The project's name, shown in reports, kept exactly as written (outer spaces too). 1 to 255 characters, not all spaces. Changing it renames the project in place. */
  name: pulumi.Input<string>;
  /** The external (customer-managed) key id to associate. Removing it clears it. Updated in place. */
  externalKeyId?: pulumi.Input<string>;
  /** Data residency, fixed at creation: changing it replaces the project. Unset: the API's choice, never diffed. */
  residency?: pulumi.Input<ProjectResidency>;
  /**
   * Make the project even when an active project of the same name exists (names are not unique). Default
   * false: such a create is refused before any write. Read only by the create; changing it shows no diff.
   */
  allowDuplicateName?: pulumi.Input<boolean>;
}

/**
 * An OpenAI organization project.
 *
 * Replaced when `residency` changes, or when a refresh finds the project archived outside Pulumi.
 * Deleting it archives the project: OpenAI never deletes projects.
 */
export class Project extends pulumi.dynamic.Resource {
  /** The project id (`proj_…`), also the resource id. */
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly externalKeyId: pulumi.Output<string | null>;
  declare readonly residency: pulumi.Output<string | null>;
  /** `active` or `archived`. */
  declare readonly status: pulumi.Output<string>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  /** Unix seconds, or null while active. */
  declare readonly archivedAt: pulumi.Output<number | null>;

  /**
   * Adopt an existing project with the resource option `{ import: "proj_…" }`: the first `up` reads it (one GET,
   * no write) and fails, listing every difference, unless the inputs match it. A create is refused, before any
   * write, when an active project of the same name exists (it names that project and its `import` line),
   * unless `allowDuplicateName` is set.
   */
  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("Project", args, opts);
    super(
      shim("Project"),
      name,
      { externalKeyId: undefined, residency: undefined, ...args, projectId: undefined, status: undefined, createdAt: undefined, archivedAt: undefined, importId: adopt.importId },
      adopt.opts,
      "openai",
      "Project",
    );
    adopt.registered(this);
  }
}
