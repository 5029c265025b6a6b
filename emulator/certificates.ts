import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { getProject, writableProject } from "./projects";
import type { Family } from "./router";
import { fields, invalid, nullableString, oneOf, required } from "./validate";

// The body stays as uploaded; its dates are read from it once, as the real service shows them.
const certificateSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  created_at: z.number(),
  content: z.string(),
  valid_at: z.number(),
  expires_at: z.number(),
  active: z.boolean(),
});
const shape = {
  certificates: z.array(certificateSchema).default([]),
  // The ids of the certificates active in each project.
  projectCertificates: z.record(z.string(), z.array(z.string())).default({}),
};
type Certificate = z.infer<typeof certificateSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** "Organizations can upload up to 50 certificates" (the upload's description). */
const MAX_CERTIFICATES = 50;
/** "total certificate size must be less than 16kb" (OpenAI's help article on mutual TLS). */
const MAX_BYTES = 16 * 1024;
/** "is not set to expire within 1 day" (the same article). */
const MIN_LIFETIME_S = 24 * 60 * 60;

const details = (c: Certificate) => ({ valid_at: c.valid_at, expires_at: c.expires_at });

/** The object a create, update or get answers: `certificate`, never `active`; the body only when asked for. */
function single(c: Certificate, withContent = false) {
  return {
    object: "certificate", id: c.id, name: c.name, created_at: c.created_at,
    certificate_details: withContent ? { ...details(c), content: c.content } : details(c),
  };
}

/** The object a list or an activation answers at the organization's level. */
const atOrganization = (c: Certificate) => ({
  object: "organization.certificate", id: c.id, name: c.name, created_at: c.created_at, certificate_details: details(c), active: c.active,
});

const activeIn = (org: Org, projectId: string) => (own(org).projectCertificates[projectId] ??= []);

/** The same at a project's level, `active` meaning active in that project. */
const atProject = (org: Org, projectId: string) => (c: Certificate) => ({
  object: "organization.project.certificate", id: c.id, name: c.name, created_at: c.created_at, certificate_details: details(c),
  active: activeIn(org, projectId).includes(c.id),
});

function certificate(org: Org, id: string): Certificate {
  const found = own(org).certificates.find((c) => c.id === id);
  if (!found) throw new ApiError(404, `No certificate found with id '${id}'.`);
  return found;
}

/** Parses an uploaded PEM with node's X.509 parser: one certificate, small enough, not about to expire. */
function parsePem(org: Org, value: unknown): Pick<Certificate, "content" | "valid_at" | "expires_at"> {
  if (typeof value !== "string") throw invalid("certificate", "expected the certificate in PEM format");
  if (Buffer.byteLength(value) >= MAX_BYTES) throw invalid("certificate", `expected a certificate smaller than ${MAX_BYTES} bytes`);
  const blocks = value.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) throw invalid("certificate", "expected exactly one certificate in PEM format");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(value);
  } catch {
    throw invalid("certificate", "expected the certificate in PEM format");
  }
  const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);
  const expiresAt = seconds(x509.validTo);
  if (expiresAt - org.now() < MIN_LIFETIME_S) throw invalid("certificate", "the certificate expires within 1 day");
  return { content: value, valid_at: seconds(x509.validFrom), expires_at: expiresAt };
}

/** `certificate_ids`: 1 to 10 ids of uploaded certificates. */
function toggled(org: Org, body: unknown): Certificate[] {
  const ids = required(fields(body, ["certificate_ids"]), "certificate_ids");
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10 || !ids.every((id) => typeof id === "string")) {
    throw invalid("certificate_ids", "expected a list of 1 to 10 certificate ids");
  }
  return [...new Set(ids as string[])].map((id) => certificate(org, id));
}

/** Newest first unless `order=asc`, as the description's default says. */
function ordered(query: URLSearchParams, items: Certificate[]): Certificate[] {
  const order = oneOf(query.get("order") ?? "desc", ["asc", "desc"], "order");
  return order === "asc" ? items : [...items].reverse();
}

const ORG = "/organization/certificates";
const PROJECT = "/organization/projects/{project_id}/certificates";

/**
 * Certificates (mutual TLS trust anchors) of the organization, and where each is active: the organization, or
 * some projects. A certificate active anywhere cannot be deleted; only its name can be changed.
 */
export const certificates: Family = {
  state: shape,
  fresh: () => ({ certificates: [], projectCertificates: {} }),
  routes: {
    [`GET ${ORG}`]: ({ org, query }) => {
      const p = org.page(ordered(query, own(org).certificates), query);
      return { ...p, data: p.data.map(atOrganization) };
    },
    [`POST ${ORG}`]: ({ org, body }) => {
      // The SDK (openai 7.60.0) sends `certificate`; some of OpenAI's reference pages call it `content`.
      const b = fields(body, ["certificate", "name"]);
      const parsed = parsePem(org, required(b, "certificate"));
      const name = nullableString(b.name, "name") ?? null;
      if (own(org).certificates.length >= MAX_CERTIFICATES) {
        throw new ApiError(400, `An organization can upload at most ${MAX_CERTIFICATES} certificates.`, null, "certificate_limit_reached");
      }
      const c: Certificate = { id: org.newId("cert_"), name, created_at: org.now(), ...parsed, active: false };
      own(org).certificates.push(c);
      return single(c);
    },
    // Before the routes of one certificate, which would take `activate` for an id.
    [`POST ${ORG}/activate`]: ({ org, body }) => {
      const found = toggled(org, body);
      found.forEach((c) => (c.active = true));
      return { object: "organization.certificate.activation", data: found.map(atOrganization) };
    },
    [`POST ${ORG}/deactivate`]: ({ org, body }) => {
      const found = toggled(org, body);
      found.forEach((c) => (c.active = false));
      return { object: "organization.certificate.deactivation", data: found.map(atOrganization) };
    },
    [`GET ${ORG}/{certificate_id}`]: ({ org, params: { certificate_id }, query }) => {
      const include = [...query.getAll("include"), ...query.getAll("include[]")];
      include.forEach((v) => oneOf(v, ["content"], "include"));
      return single(certificate(org, certificate_id), include.includes("content"));
    },
    [`POST ${ORG}/{certificate_id}`]: ({ org, params: { certificate_id }, body }) => {
      const b = fields(body, ["name"]);
      const c = certificate(org, certificate_id);
      if (b.name !== undefined) {
        if (typeof b.name !== "string") throw invalid("name", "expected a string");
        c.name = b.name;
      }
      return single(c);
    },
    [`DELETE ${ORG}/{certificate_id}`]: ({ org, params: { certificate_id } }) => {
      const c = certificate(org, certificate_id);
      const inProjects = Object.entries(own(org).projectCertificates).filter(([, ids]) => ids.includes(c.id)).map(([p]) => p);
      if (c.active || inProjects.length > 0) {
        const where = [...(c.active ? ["the organization"] : []), ...inProjects.map((p) => `project ${p}`)].join(", ");
        throw new ApiError(400, `Certificate '${c.id}' is active (${where}); deactivate it before deleting it.`, null, "certificate_active");
      }
      own(org).certificates = own(org).certificates.filter((x) => x !== c);
      return { object: "certificate.deleted", id: c.id };
    },
    [`GET ${PROJECT}`]: ({ org, params: { project_id }, query }) => {
      getProject(org, project_id);
      const p = org.page(ordered(query, own(org).certificates), query);
      return { ...p, data: p.data.map(atProject(org, project_id)) };
    },
    [`POST ${PROJECT}/activate`]: ({ org, params: { project_id }, body }) => {
      writableProject(org, project_id, "modify");
      const found = toggled(org, body);
      const ids = activeIn(org, project_id);
      found.forEach((c) => ids.includes(c.id) || ids.push(c.id));
      return { object: "organization.project.certificate.activation", data: found.map(atProject(org, project_id)) };
    },
    [`POST ${PROJECT}/deactivate`]: ({ org, params: { project_id }, body }) => {
      getProject(org, project_id);
      const found = toggled(org, body);
      own(org).projectCertificates[project_id] = activeIn(org, project_id).filter((id) => !found.some((c) => c.id === id));
      return { object: "organization.project.certificate.deactivation", data: found.map(atProject(org, project_id)) };
    },
  },
};
