import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link WorkloadIdentityProvider}. */
export interface WorkloadIdentityProviderArgs {
  /** A name to know the provider by. Updated in place. */
  name: pulumi.Input<string>;
  /** The issuer's https URL, as the `iss` of its tokens. Updated in place. */
  issuer: pulumi.Input<string>;
  /** The audience its tokens carry for OpenAI (`aud`). Updated in place. */
  audience: pulumi.Input<string>;
  /** Words for people. Updated in place. */
  description?: pulumi.Input<string>;
  /** Whether tokens of this issuer are accepted. Default true. Updated in place. */
  enabled?: pulumi.Input<boolean>;
  /**
   * Up to 20 `{ attribute, expression }`: attributes worked out from a token's claims, which rules can match. Default
   * none. Updated in place.
   */
  attributeTransformations?: pulumi.Input<pulumi.Input<{ attribute: pulumi.Input<string>; expression: pulumi.Input<string> }>[]>;
  /**
   * Where to find the issuer's keys (its OpenID discovery document), when not at the issuer's usual place. Updated in
   * place.
   */
  discoveryUrl?: pulumi.Input<string>;
  /**
   * The issuer's public keys, as a JWKS object (`{ keys: [...] }`), instead of discovery; a private key member is
   * refused. Updated in place.
   */
  jwks?: pulumi.Input<{ keys: pulumi.Input<Record<string, unknown>[]> }>;
}

/**
 * An OIDC issuer the organization trusts, so that a workload's token can act as a project's service account (see
 * FederationRule) instead of a stored API key. Every change is an update in place. Deleting it deletes the provider;
 * the API refuses while it has rules. Adopt one with `{ import: "<id>" }`. A create is refused, before any write,
 * when a provider with the same issuer and audience exists.
 */
export class WorkloadIdentityProvider extends pulumi.dynamic.Resource {
  /** The provider id, also the resource id. */
  declare readonly workloadIdentityProviderId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly issuer: pulumi.Output<string>;
  declare readonly audience: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly attributeTransformations: pulumi.Output<{ attribute: string; expression: string }[]>;
  declare readonly discoveryUrl: pulumi.Output<string | null>;
  declare readonly jwks: pulumi.Output<Record<string, unknown> | null>;
  /** `discovery` or `uploaded_jwks`: how OpenAI checks a token's signature. */
  declare readonly verificationType: pulumi.Output<string>;
  /** Unix seconds. */
  declare readonly createdAt: pulumi.Output<number>;
  /** Unix seconds of the last change. */
  declare readonly updatedAt: pulumi.Output<number>;

  constructor(name: string, args: WorkloadIdentityProviderArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("WorkloadIdentityProvider", args, opts);
    super(
      shim("WorkloadIdentityProvider"),
      name,
      {
        description: undefined, enabled: undefined, attributeTransformations: undefined, discoveryUrl: undefined, jwks: undefined,
        ...args,
        workloadIdentityProviderId: undefined, verificationType: undefined, createdAt: undefined, updatedAt: undefined,
        importId: adopt.importId,
      },
      adopt.opts,
      "openai",
      "WorkloadIdentityProvider",
    );
    adopt.registered(this);
  }
}
