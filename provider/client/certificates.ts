import { z } from "zod";
import { type AdminClient, apiPath } from "./http";
import { listOf } from "./list";
import { fromListing } from "./listed";

/** When a certificate is valid, read by the API from its body. Both are Unix seconds. */
const CertificateDetails = z.object({
  valid_at: z.number().nullish(),
  expires_at: z.number().nullish(),
  /** The PEM body: only in a GET that asks for it with `include[]=content`. */
  content: z.string().nullish(),
});

/** A certificate as an upload, an update or a GET answers it: no `active`, which depends on the scope. */
export const Certificate = z.object({
  id: z.string(),
  object: z.enum(["certificate", "organization.certificate", "organization.project.certificate"]),
  name: z.string().nullish(),
  /** Unix seconds. */
  created_at: z.number(),
  certificate_details: CertificateDetails,
  active: z.boolean().nullish(),
});
export type Certificate = z.infer<typeof Certificate>;

/** A certificate as the organization's list and its activations show it: `active` for the organization. */
export const OrganizationCertificate = Certificate.extend({ object: z.literal("organization.certificate"), active: z.boolean() });
export type OrganizationCertificate = z.infer<typeof OrganizationCertificate>;

/** A certificate as a project's list and its activations show it: `active` in that project. */
export const ProjectCertificate = Certificate.extend({ object: z.literal("organization.project.certificate"), active: z.boolean() });
export type ProjectCertificate = z.infer<typeof ProjectCertificate>;

export const CertificateDeleted = z.object({ id: z.string(), object: z.literal("certificate.deleted") });

/** The answer of an activation or deactivation: the certificates named, as they stand now. */
const toggled = <T extends z.ZodType>(item: T) => z.object({ object: z.string(), data: z.array(item) });

export interface CertificateCreateParams {
  /** The PEM body. The SDK (openai 7.60.0) calls it `certificate`; some of OpenAI's reference pages say `content`. */
  certificate: string;
  name?: string;
}

/** At most 10 ids per activation or deactivation (the API's limit). */
export const CERTIFICATES_PER_TOGGLE = 10;

/** Calls on `/organization/certificates` and `/organization/projects/{id}/certificates`. */
export const certificates = {
  // A create: not idempotent, the guard (lookup.ts) looks for what a lost one made.
  create: (c: AdminClient, body: CertificateCreateParams) =>
    c.request({ method: "POST", path: apiPath`/organization/certificates`, body, schema: Certificate, idempotent: false }),
  /** With `content`, the answer carries the PEM body (`certificate_details.content`). */
  retrieve: (c: AdminClient, id: string, opts: { content?: boolean } = {}) =>
    c.request({
      method: "GET",
      path: apiPath`/organization/certificates/${id}`,
      query: opts.content ? { "include[]": ["content"] } : undefined,
      schema: Certificate,
      idempotent: true,
    }),
  /** Only the name can change. */
  update: (c: AdminClient, id: string, body: { name: string }) =>
    c.request({ method: "POST", path: apiPath`/organization/certificates/${id}`, body, schema: Certificate, idempotent: true }),
  /** Refused while the certificate is active for the organization or any project. */
  delete: (c: AdminClient, id: string) =>
    c.request({ method: "DELETE", path: apiPath`/organization/certificates/${id}`, schema: CertificateDeleted, idempotent: true }),
  list: (c: AdminClient) => c.paginate({ path: apiPath`/organization/certificates`, schema: listOf(OrganizationCertificate) }),
  /** The certificate as the run's listing of the organization's shows it (with `active`); else its own GET (listed.ts). */
  retrieveListed: (c: AdminClient, id: string) =>
    fromListing(c, "/organization/certificates", () => certificates.list(c), id, () => certificates.retrieve(c, id)),
  // Activation is idempotent by the API's own words ("atomically and idempotently").
  activate: (c: AdminClient, ids: string[]) =>
    c.request({ method: "POST", path: apiPath`/organization/certificates/activate`, body: { certificate_ids: ids }, schema: toggled(OrganizationCertificate), idempotent: true }),
  deactivate: (c: AdminClient, ids: string[]) =>
    c.request({ method: "POST", path: apiPath`/organization/certificates/deactivate`, body: { certificate_ids: ids }, schema: toggled(OrganizationCertificate), idempotent: true }),
  listProject: (c: AdminClient, projectId: string) =>
    c.paginate({ path: apiPath`/organization/projects/${projectId}/certificates`, schema: listOf(ProjectCertificate) }),
  activateProject: (c: AdminClient, projectId: string, ids: string[]) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/certificates/activate`,
      body: { certificate_ids: ids },
      schema: toggled(ProjectCertificate),
      idempotent: true,
    }),
  deactivateProject: (c: AdminClient, projectId: string, ids: string[]) =>
    c.request({
      method: "POST",
      path: apiPath`/organization/projects/${projectId}/certificates/deactivate`,
      body: { certificate_ids: ids },
      schema: toggled(ProjectCertificate),
      idempotent: true,
    }),
};
