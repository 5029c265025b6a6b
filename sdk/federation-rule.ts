import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link FederationRule}. */
export interface FederationRuleArgs {
  /** The WorkloadIdentityProvider the rule belongs to. Changing it replaces the rule. */
  providerId: pulumi.Input<string>;
  /** The project of the service account (`proj_…`). Changing it replaces the rule. */
  projectId: pulumi.Input<string>;
  /** The project service account a matching token acts as. Changing it replaces the rule. */
  serviceAccountId: pulumi.Input<string>;
  /**
   * The token attributes (claims, or attributes the provider works out) and the value each must have, at least one:
   * `{ sub: "repo:acme/app:ref:refs/heads/main" }`. Updated in place.
   */
  attributeMatchers: pulumi.Input<Record<string, string | number | boolean>>;
  /** A name to know the rule by. Updated in place. */
  name?: pulumi.Input<string>;
  /** Words for people. Updated in place. */
  description?: pulumi.Input<string>;
  /** Whether the rule lets tokens in. Default true. Updated in place. */
  enabled?: pulumi.Input<boolean>;
  /** Limit a matching token to these scopes; unset, it may do all the service account may. Updated in place. */
  scopes?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A rule of a WorkloadIdentityProvider: a token of that issuer whose attributes match acts as a project's service
 * account, with no API key stored anywhere. A change of provider, project or service account replaces it, deleting
 * the old rule first; the rest is updated in place. Deleting it deletes the rule. Adopt one with `{ import:
 * "<providerId>/<ruleId>" }`. A create is refused, before any write, when the provider has a rule for the same
 * service account with the same attribute matchers.
 */
export class FederationRule extends pulumi.dynamic.Resource {
  /** The rule id, also the resource id. */
  declare readonly federationRuleId: pulumi.Output<string>;
  declare readonly providerId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly serviceAccountId: pulumi.Output<string>;
  declare readonly attributeMatchers: pulumi.Output<Record<string, string | number | boolean>>;
  declare readonly name: pulumi.Output<string | null>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly scopes: pulumi.Output<string[] | null>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  /** Unix seconds of the last change. */
  declare readonly updatedAt: pulumi.Output<number>;

  constructor(name: string, args: FederationRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("FederationRule", args, opts);
    super(
      shim("FederationRule"),
      name,
      {
        name: undefined, description: undefined, enabled: undefined, scopes: undefined,
        ...args,
        federationRuleId: undefined, createdAt: undefined, updatedAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "FederationRule",
    );
    adopt.registered(this);
  }
}
