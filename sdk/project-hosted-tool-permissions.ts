import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectHostedToolPermissions}. */
export interface ProjectHostedToolPermissionsArgs {
  /** The project (`proj_…`). Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** Whether the project may use file search. Unset: not managed. */
  fileSearch?: pulumi.Input<boolean>;
  /** Whether the project may use web search. Unset: not managed. */
  webSearch?: pulumi.Input<boolean>;
  /** Whether the project may use image generation. Unset: not managed. */
  imageGeneration?: pulumi.Input<boolean>;
  /** Whether the project may use remote MCP servers. Unset: not managed. */
  mcp?: pulumi.Input<boolean>;
  /** Whether the project may use the code interpreter. Unset: not managed. */
  codeInterpreter?: pulumi.Input<boolean>;
}

/**
 * Which hosted tools a project may use. One per project; its id is the project id. Set at least one tool; a tool
 * left unset keeps whatever the project has. Updated in place; replaced when `projectId` changes. Deleting it
 * enables every hosted tool again (a new project's default). Adopt with `{ import: "proj_…" }`.
 */
export class ProjectHostedToolPermissions extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly fileSearch: pulumi.Output<boolean>;
  declare readonly webSearch: pulumi.Output<boolean>;
  declare readonly imageGeneration: pulumi.Output<boolean>;
  declare readonly mcp: pulumi.Output<boolean>;
  declare readonly codeInterpreter: pulumi.Output<boolean>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectHostedToolPermissionsArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectHostedToolPermissions", args, opts);
    super(
      shim("ProjectHostedToolPermissions"),
      name,
      {
        fileSearch: undefined,
        webSearch: undefined,
        imageGeneration: undefined,
        mcp: undefined,
        codeInterpreter: undefined,
        ...args,
        createdAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "ProjectHostedToolPermissions",
    );
    adopt.registered(this);
  }
}
