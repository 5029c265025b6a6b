import * as pulumi from "@pulumi/pulumi";
import { shim } from "../provider/shim";
import { prepare } from "./options";

/** Inputs of a {@link Certificate}. */
export interface CertificateArgs {
  /** The certificate's name. Updated in place; left unset, the name is not managed. */
  name?: pulumi.Input<string>;
  /**
   * The certificate in PEM format: one X.509 certificate (the trust anchor that signs your client certificates),
   * smaller than 16 KB, valid for at least one more day. Secret. Changing it replaces the certificate (the API
   * cannot change a certificate's body).
   */
  content: pulumi.Input<string>;
  /** Active for the whole organization: every API request must then present a client certificate it signs. Default false. Updated in place. */
  active?: pulumi.Input<boolean>;
  /** The projects (`proj_…`) the certificate is active in. A set. Default none. Updated in place. */
  projectIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A mutual TLS certificate uploaded to the organization, and where it is active (the organization, some
 * projects). `content` is a secret. Changing the body replaces it: the old certificate is deactivated and
 * deleted first, then the new one uploaded. Deleting it deactivates it where this resource activated it and
 * deletes it. Adopt an uploaded certificate with `{ import: "cert_…" }` (its body must be the program's). A
 * create is refused, before any write, when the organization already holds the same certificate.
 */
export class Certificate extends pulumi.dynamic.Resource {
  /** The certificate id, also the resource id. */
  declare readonly certificateId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | null>;
  /** The certificate in PEM format. Secret. */
  declare readonly content: pulumi.Output<string>;
  /** The certificate's SHA-256 fingerprint, like `AB:12:…`: names it in messages without its body. */
  declare readonly fingerprint: pulumi.Output<string>;
  /** Unix seconds from which the certificate is valid. */
  declare readonly validAt: pulumi.Output<number | null>;
  /** Unix seconds at which the certificate expires. */
  declare readonly expiresAt: pulumi.Output<number | null>;
  /** Active for the whole organization. */
  declare readonly active: pulumi.Output<boolean>;
  /** The projects of `projectIds` it is active in, sorted. */
  declare readonly projectIds: pulumi.Output<string[]>;
  /** Unix seconds when it was uploaded. */
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: CertificateArgs, opts?: pulumi.CustomResourceOptions) {
    const adopt = prepare("Certificate", args, opts);
    super(
      shim("Certificate"),
      name,
      {
        name: undefined,
        active: undefined,
        projectIds: undefined,
        ...args,
        // Secret whether or not the program marked it: the body must stay encrypted in state.
        content: pulumi.secret(args.content),
        certificateId: undefined,
        fingerprint: undefined,
        validAt: undefined,
        expiresAt: undefined,
        createdAt: undefined,
        importId: adopt.importId,
      },
      { ...adopt.opts, additionalSecretOutputs: [...(adopt.opts?.additionalSecretOutputs ?? []), "content"] },
      "openai",
      "Certificate",
    );
    adopt.registered(this);
  }
}
