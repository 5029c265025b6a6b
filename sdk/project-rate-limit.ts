import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link ProjectRateLimit}. Set at least one limit; the ones left out are not managed. */
export interface ProjectRateLimitArgs {
  /** The project (`proj_…`). Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** The model whose limits these are, e.g. `gpt-4o`. Changing it replaces the resource. */
  model: pulumi.Input<string>;
  /** Requests per minute, at most the organization's limit. */
  maxRequestsPer1Minute?: pulumi.Input<number>;
  /** Tokens per minute, at most the organization's limit. */
  maxTokensPer1Minute?: pulumi.Input<number>;
  /** Only for image models. */
  maxImagesPer1Minute?: pulumi.Input<number>;
  /** Only for audio models. */
  maxAudioMegabytesPer1Minute?: pulumi.Input<number>;
  /** Only for some models. */
  maxRequestsPer1Day?: pulumi.Input<number>;
  /** Only for models usable in batches. */
  batch1DayMaxInputTokens?: pulumi.Input<number>;
}

/**
 * The rate limits of one model in one project.
 *
 * Every project already has limits for every model, so creating this resource takes the model's limits
 * over and sets the ones written; a limit later left out, and every limit on delete, is put back to the
 * value it had before (kept in `previous`). A project's limit cannot go above the organization's.
 *
 * `{ import: "<projectId>/<rateLimitId>" }` adopts a limit without changing it (the program must match it).
 */
export class ProjectRateLimit extends pulumi.dynamic.Resource {
  /** The rate limit id, also the resource id. */
  declare readonly rateLimitId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly model: pulumi.Output<string>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly maxRequestsPer1Minute: pulumi.Output<number | null>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly maxTokensPer1Minute: pulumi.Output<number | null>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly maxImagesPer1Minute: pulumi.Output<number | null>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly maxAudioMegabytesPer1Minute: pulumi.Output<number | null>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly maxRequestsPer1Day: pulumi.Output<number | null>;
  /** The current value of this limit; null where the model has no such limit. */
  declare readonly batch1DayMaxInputTokens: pulumi.Output<number | null>;
  /** The value each managed limit had before Pulumi set it; delete puts these back. */
  declare readonly previous: pulumi.Output<Record<string, number>>;
  /** Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`. */
  declare readonly createdAt: pulumi.Output<number | undefined>;

  constructor(name: string, args: ProjectRateLimitArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("ProjectRateLimit", args, opts);
    super(
      shim("ProjectRateLimit"),
      name,
      {
        maxRequestsPer1Minute: undefined,
        maxTokensPer1Minute: undefined,
        maxImagesPer1Minute: undefined,
        maxAudioMegabytesPer1Minute: undefined,
        maxRequestsPer1Day: undefined,
        batch1DayMaxInputTokens: undefined,
        ...args,
        rateLimitId: undefined,
        previous: undefined,
        createdAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "ProjectRateLimit",
    );
    adopt.registered(this);
  }
}
