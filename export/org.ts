/**
 * Reads what `openai-admin-export` writes out: every active project with its model permissions, data retention
 * and spend alerts, and every pending invite. Calls go through the provider's client, so they are paced and
 * retried the same way, and the key never leaves it.
 */
import {
  type AdminClient,
  type Invite,
  type Project,
  type ProjectModelPermissions,
  type ProjectSpendAlert,
  type RETENTION_TYPES,
  dataRetention,
  invites,
  modelPermissions,
  projects,
  spendAlerts,
} from "../provider/client";

/** One active project and what hangs off it. */
export interface ExportedProject {
  project: Project;
  /** Undefined when the project has no policy (the API answers an empty deny list): nothing to manage. */
  permissions?: ProjectModelPermissions;
  /** Undefined when the project inherits the organization's setting. */
  retention?: (typeof RETENTION_TYPES)[number];
  alerts: ProjectSpendAlert[];
}

/** What an export holds. */
export interface ExportedOrg {
  projects: ExportedProject[];
  /** Archived projects, listed only with `--include-archived`: they can be shown but never managed. */
  archived: Project[];
  invites: Invite[];
  /** API calls made. */
  calls: number;
}

/** Reads the org; `progress` gets one line per step, for stderr (the real API allows a few calls a minute). */
export async function readOrg(c: AdminClient, opts: { includeArchived?: boolean; progress?: (line: string) => void } = {}): Promise<ExportedOrg> {
  const progress = opts.progress ?? (() => undefined);
  let calls = 0;
  const counted = async <T>(p: Promise<T>): Promise<T> => {
    calls++;
    return p;
  };
  const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    // Each page is one call; a list of up to 100 items is one page.
    let n = 0;
    for await (const i of items) {
      if (n++ % 100 === 0) calls++;
      out.push(i);
    }
    if (n === 0) calls++;
    return out;
  };

  progress("listing projects");
  const listed = await all(projects.list(c, { includeArchived: opts.includeArchived }));
  const active = listed.filter((p) => (p.status ?? (p.archived_at ? "archived" : "active")) === "active");
  const archived = listed.filter((p) => !active.includes(p));
  const exported: ExportedProject[] = [];
  for (const [i, project] of active.entries()) {
    progress(`project ${i + 1}/${active.length}: "${project.name}" (${project.id})`);
    const [permissions, retention, alerts] = await Promise.all([
      counted(modelPermissions.retrieve(c, project.id)),
      counted(dataRetention.retrieve(c, project.id)),
      all(spendAlerts.list(c, project.id)),
    ]);
    exported.push({
      project,
      permissions: permissions.model_ids.length > 0 ? permissions : undefined,
      retention: retention.type === "organization_default" ? undefined : retention.type,
      alerts,
    });
  }
  progress("listing invites");
  const pending = (await all(invites.list(c))).filter((i) => i.status === "pending");
  return { projects: exported, archived, invites: pending, calls };
}
