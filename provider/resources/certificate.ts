/**
 * Certificate: a mutual TLS trust anchor uploaded to the organization, with where it is active.
 * - id: the certificate id. Replaces on: `content` (the API changes only a certificate's name). Delete-first
 *   (`deletesFirst` below): a replacement uploads anew, which the create guard would otherwise take for a duplicate.
 * - create: refused before any write when the organization holds a certificate with the same body (compared by
 *   SHA-256 fingerprint: the listing shows no bodies, so each certificate listed with the same validity dates is
 *   read once with its body); then one upload, then the activations the inputs ask for. An activation that fails
 *   leaves the uploaded certificate in the state (a resource that failed to initialize), so the next `up` finishes
 *   it instead of uploading again. After an ambiguous upload, adopts only a new certificate with the same body.
 * - activation: `active` for the organization, `projectIds` for projects; each change is one activate or
 *   deactivate call. Only the projects in `projectIds` are read: activation elsewhere is not seen.
 * - update: the name (one POST), activations. delete: deactivates where this resource activated it, then
 *   DELETE (the API refuses to delete an active certificate). 404: gone / done.
 * - content is a secret: the plugin's schema marks it, the SDK class wraps it and keeps its output secret, and no
 *   message ever quotes it (only its fingerprint).
 * - adopt ({ import: "cert_…" }): one GET with the body (refused, quoting fingerprints only, unless it is the
 *   program's certificate), the run's listing for `active`, one listing per project in `projectIds`.
 */
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { type AdminClient, type Certificate as ApiCertificate, certificates, isAdminError, projects } from "../client";
import { byCodeUnits, documented, objectName, projectId } from "../fields";
import { defineResource } from "../handler";
import { type Collection, collection, guardedCreate } from "../lookup";

/** "total certificate size must be less than 16kb" (OpenAI's help article on mutual TLS; the API description gives none). */
export const CERTIFICATE_MAX_BYTES = 16 * 1024;
/** "is not set to expire within 1 day" (the same article). */
const MIN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----/g;

// The SDK class's words (sdk/certificate.ts), shown by the plugin's schema in every language; a test keeps them equal.
const DOCS: Record<string, string> = {
  "name": "The certificate's name. Updated in place; left unset, the name is not managed.",
  "content": "The certificate in PEM format: one X.509 certificate (the trust anchor that signs your client certificates), smaller than 16 KB, valid for at least one more day. Secret. Changing it replaces the certificate (the API cannot change a certificate's body).",
  "active": "Active for the whole organization: every API request must then present a client certificate it signs. Default false. Updated in place.",
  "projectIds": "The projects (`proj_…`) the certificate is active in. A set. Default none. Updated in place.",
  "(class)": "A mutual TLS certificate uploaded to the organization, and where it is active (the organization, some projects). `content` is a secret. Changing the body replaces it: the old certificate is deactivated and deleted first, then the new one uploaded. Deleting it deactivates it where this resource activated it and deletes it. Adopt an uploaded certificate with `{ import: \"cert_…\" }` (its body must be the program's). A create is refused, before any write, when the organization already holds the same certificate."
};

/** The one certificate in a PEM text, or why it is not acceptable. Never quotes the text. */
function parsePem(pem: string): { x509: X509Certificate } | { problem: string } {
  if (Buffer.byteLength(pem) >= CERTIFICATE_MAX_BYTES) return { problem: `must be smaller than ${CERTIFICATE_MAX_BYTES} bytes (OpenAI's limit for a certificate)` };
  const blocks = pem.match(PEM_BLOCK)?.length ?? 0;
  if (blocks !== 1) {
    return { problem: blocks === 0 ? "must be a certificate in PEM format (-----BEGIN CERTIFICATE----- …)" : `must hold exactly one certificate, not ${blocks} (upload each as its own Certificate)` };
  }
  try {
    return { x509: new X509Certificate(pem) };
  } catch {
    return { problem: "must be a certificate in PEM format: the text between the BEGIN and END lines is not an X.509 certificate" };
  }
}

/** The PEM as node writes it: the same certificate always compares equal, whatever its line endings or spacing. */
function canonical(pem: string): string {
  const parsed = parsePem(pem);
  return "x509" in parsed ? parsed.x509.toString() : pem;
}

/** A certificate's identity in messages and the guard: its SHA-256 fingerprint, which reveals nothing of the body. */
export function fingerprintOf(pem: string): string | undefined {
  const parsed = parsePem(pem);
  return "x509" in parsed ? parsed.x509.fingerprint256 : undefined;
}

const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);

const pemContent = z
  .string({ error: "is required: the certificate in PEM format" })
  .superRefine((pem, ctx) => {
    const parsed = parsePem(pem);
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return;
    }
    const expires = Date.parse(parsed.x509.validTo);
    if (expires <= Date.now()) ctx.addIssue({ code: "custom", message: `has expired (on ${new Date(expires).toISOString()})` });
    else if (expires - Date.now() < MIN_LIFETIME_MS) {
      ctx.addIssue({ code: "custom", message: `expires within a day (on ${new Date(expires).toISOString()}); OpenAI refuses such a certificate` });
    }
  })
  .transform(canonical)
  .meta({ secret: true });

export const CertificateInputs = documented(DOCS, z.strictObject({
  name: objectName.max(255, "must be at most 255 characters").optional(),
  content: pemContent,
  active: z.boolean({ error: "must be true or false" }).default(false),
  projectIds: z
    .array(projectId, { error: "must be a list of project ids" })
    .default([])
    .transform((ids) => [...new Set(ids)].sort(byCodeUnits)),
}));
export type CertificateInputs = z.infer<typeof CertificateInputs>;

/** What state holds for a certificate. `content` is secret in every language. */
export const CertificateOutputs = z.object({
  certificateId: z.string().describe("The certificate id, also the resource id."),
  name: z.string().nullable(),
  content: z.string().meta({ secret: true, description: "The certificate in PEM format. Secret." }),
  fingerprint: z.string().describe("The certificate's SHA-256 fingerprint, like `AB:12:…`: names it in messages without its body."),
  validAt: z.number().nullable().describe("Unix seconds from which the certificate is valid."),
  expiresAt: z.number().nullable().describe("Unix seconds at which the certificate expires."),
  active: z.boolean().describe("Active for the whole organization."),
  projectIds: z.array(z.string()).describe("The projects of `projectIds` it is active in, sorted."),
  createdAt: z.number().describe("Unix seconds when it was uploaded."),
});
export type CertificateOutputs = z.infer<typeof CertificateOutputs>;

/** A certificate as the guard knows it: as listed, with the fingerprint of its body. */
type Known = ApiCertificate & { fingerprint?: string };

function outputs(c: ApiCertificate, content: string, active: boolean, projectIds: string[]): CertificateOutputs {
  return {
    certificateId: c.id,
    name: c.name ?? null,
    content,
    fingerprint: fingerprintOf(content) ?? "",
    validAt: c.certificate_details.valid_at ?? null,
    expiresAt: c.certificate_details.expires_at ?? null,
    active,
    projectIds,
    createdAt: c.created_at,
  };
}

/**
 * The organization's certificates valid over exactly these dates, each read once with its body: the listing shows
 * no bodies, and two certificates with the same body have the same dates, so only these can be the same one.
 */
function knownCertificates(c: AdminClient, validAt: number, expiresAt: number): Collection<Known> {
  return collection(c, `certificates@${validAt}-${expiresAt}`, async function* () {
    for await (const listed of certificates.list(c)) {
      const d = listed.certificate_details;
      if (d.valid_at !== validAt || d.expires_at !== expiresAt) continue;
      yield withFingerprint(await certificates.retrieve(c, listed.id, { content: true }), listed.active);
    }
  });
}

function withFingerprint(c: ApiCertificate, active?: boolean | null): Known {
  const body = c.certificate_details.content;
  return { ...c, active: active ?? c.active, fingerprint: body ? fingerprintOf(body) : undefined };
}

/** The projects among `projectIds` the certificate is active in: one listing each; a project gone has none. */
async function activeProjects(c: AdminClient, id: string, projectIds: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const pid of projectIds) {
    try {
      for await (const x of certificates.listProject(c, pid)) if (x.id === id && x.active) found.push(pid);
    } catch (e) {
      if (!isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) throw e;
    }
  }
  return found.sort(byCodeUnits);
}

/** Every active project of the organization: where an imported certificate may be active. */
async function everyActiveProject(c: AdminClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const p of projects.list(c)) if (p.status !== "archived" && !p.archived_at) ids.push(p.id);
  return ids;
}

/** Brings the activations from `from` to `to`, one call per change; answers where it stands after each call. */
async function activate(
  c: AdminClient,
  id: string,
  from: { active: boolean; projectIds: string[] },
  to: { active: boolean; projectIds: string[] },
  done: (now: { active: boolean; projectIds: string[] }) => void,
): Promise<void> {
  const now = { active: from.active, projectIds: [...from.projectIds] };
  if (to.active !== from.active) {
    await (to.active ? certificates.activate(c, [id]) : certificates.deactivate(c, [id]));
    now.active = to.active;
    done(now);
  }
  for (const pid of to.projectIds.filter((p) => !from.projectIds.includes(p))) {
    await certificates.activateProject(c, pid, [id]);
    now.projectIds = [...now.projectIds, pid].sort(byCodeUnits);
    done(now);
  }
  for (const pid of from.projectIds.filter((p) => !to.projectIds.includes(p))) {
    await certificates.deactivateProject(c, pid, [id]);
    now.projectIds = now.projectIds.filter((p) => p !== pid);
    done(now);
  }
}

/** Its name, else its fingerprint: never its body. */
function describeCertificate(props: Record<string, unknown>): string {
  if (typeof props.name === "string") return `certificate "${props.name}"`;
  const fingerprint = typeof props.fingerprint === "string" ? props.fingerprint : typeof props.content === "string" ? fingerprintOf(props.content) : undefined;
  return fingerprint ? `certificate ${fingerprint}` : "certificate";
}

export const certificate = defineResource<CertificateInputs, CertificateOutputs>({
  type: "Certificate",
  deletesFirst: true,
  importIdForm: "cert_…",
  lives: { path: "/organization/certificates", also: ["/organization/projects/{projectId}/certificates"] },
  inputs: CertificateInputs,
  outputs: CertificateOutputs,
  replaceOn: ["content"],
  unmanagedWhenUnset: ["name"],
  describe: describeCertificate,

  async create(c, inputs) {
    const x509 = new X509Certificate(inputs.content);
    const fingerprint = x509.fingerprint256;
    const validAt = seconds(x509.validFrom);
    const expiresAt = seconds(x509.validTo);
    const sameBody = (x: Known) => x.fingerprint === fingerprint;
    const made = await guardedCreate<Known>({
      type: "Certificate",
      collection: knownCertificates(c, validAt, expiresAt),
      what: `certificate ${fingerprint}`,
      duplicates: sameBody,
      describe: (x) => `the same certificate (fingerprint ${fingerprint}) as ${x.id}${x.name ? ` "${x.name}"` : ""}`,
      importId: (x) => x.id,
      matches: sameBody,
      create: async () => ({ ...(await certificates.create(c, { certificate: inputs.content, ...(inputs.name === undefined ? {} : { name: inputs.name }) })), fingerprint }),
      retrieve: async (id) => withFingerprint(await certificates.retrieve(c, id, { content: true })),
    });
    let outs = outputs(made, inputs.content, false, []);
    try {
      await activate(c, made.id, outs, inputs, (now) => (outs = { ...outs, ...now }));
    } catch (e) {
      // Uploaded but not (wholly) activated: the engine keeps the certificate, and the next `up` activates it.
      throw Object.assign(e as Error, { objectId: made.id, outs });
    }
    return { id: made.id, outs };
  },

  async adopt(c, id, inputs) {
    const withBody = await certificates.retrieve(c, id, { content: true });
    const body = withBody.certificate_details.content;
    if (!body) throw new Error("the API did not give the certificate's body back, so it cannot be compared with the program's");
    const theirs = fingerprintOf(body);
    const ours = inputs.content === undefined ? undefined : fingerprintOf(inputs.content);
    if (ours !== undefined && theirs !== ours) {
      throw new Error(`its body differs from the program's content: the organization's has fingerprint ${theirs ?? "(unreadable)"}, the program's ${ours}`);
    }
    const listed = await certificates.retrieveListed(c, id);
    // `pulumi import` names no projects: every project is looked at (see read).
    const projectIds = await activeProjects(c, id, inputs.projectIds ?? (await everyActiveProject(c)));
    return { id, outs: outputs(withBody, canonical(body), listed.active ?? false, projectIds) };
  },

  async read(c, id, olds) {
    const listed = await certificates.retrieveListed(c, id);
    // A GET (the listing did not show it yet) carries no `active`: the state's stands until a listing shows it.
    const active = listed.active ?? olds.active ?? false;
    // The body cannot change under an id, so the state's is the certificate's.
    // No projects in the state: an import through the engine (`pulumi import`, the `import` option of a program in
    // another language), which reads with no inputs. Where it is active is then looked up in every project, so the
    // program's `projectIds` do not show as a change (and an activation as a write) right after the import.
    const projectIds = olds.projectIds ?? (await everyActiveProject(c));
    return outputs(listed, olds.content, active, await activeProjects(c, id, projectIds));
  },

  async update(c, id, olds, inputs) {
    let now = { active: olds.active, projectIds: olds.projectIds };
    let named: ApiCertificate | undefined;
    if (inputs.name !== undefined && inputs.name !== olds.name) named = await certificates.update(c, id, { name: inputs.name });
    await activate(c, id, now, inputs, (n) => (now = n));
    return { ...olds, ...(named ? { name: named.name ?? null } : {}), ...now };
  },

  async delete(c, id, outs) {
    // The API deletes only a certificate inactive everywhere; a project gone holds no activation.
    if (outs.active) await certificates.deactivate(c, [id]);
    for (const pid of outs.projectIds ?? []) {
      await certificates.deactivateProject(c, pid, [id]).catch((e: unknown) => {
        if (!isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) throw e;
      });
    }
    await certificates.delete(c, id);
  },
});
