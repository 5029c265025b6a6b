/**
 * The org as a person reads it, and the text the demo prints of each step: what the engine did, the API calls
 * it made, and the org after.
 */
import type { LoggedRequest, OrgDump } from "../emulator";
import type { StepSummary } from "./state";
import { table } from "./table";

/** The org as a person reads it: projects by name, invites by email, no ids. Only what the program made. */
export interface OrgView {
  projects: Array<{ name: string; status: string; models: string; retention: string; alerts: string[] }>;
  invites: Array<{ email: string; role: string; status: string; projects: string[] }>;
}

/** One engine action of a step, with the API calls it made. */
export interface Action {
  label: string;
  summary: StepSummary;
  calls: LoggedRequest[];
  /** Everything the engine printed. */
  output: string;
  /** What the action meant for the org, in a sentence. */
  note?: string;
}

/** What a step did, for the demo to print. */
export interface StepReport {
  title: string;
  /** What the step changed in the org behind the engine's back, before its actions. */
  outOfBand?: string;
  actions: Action[];
  org: OrgView;
}

/** A spend alert in API shape as {@link OrgView} shows it: amount, interval, recipients and subject. */
export function alertText(a: Record<string, unknown>): string {
  const channel = a.notification_channel as { recipients: string[]; subject_prefix?: string | null };
  const amount = `${(Number(a.threshold_amount) / 100).toFixed(2)} ${String(a.currency)} a ${String(a.interval)}`;
  return `${amount} to ${channel.recipients.join(", ")}, subject "${channel.subject_prefix ?? ""}"`;
}

/** Orders numbers inside text by value: "600.00" before "1200.00". */
export const byNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Projects by name and invites by email, so two views of one org compare equal. */
export function sortView(v: OrgView): OrgView {
  return {
    projects: [...v.projects].sort((a, b) => a.name.localeCompare(b.name)),
    invites: [...v.invites].sort((a, b) => a.email.localeCompare(b.email)),
  };
}

/** The org as a person reads it, leaving out what `baseline` (the org before the program ran) already held. */
export function orgView(org: OrgDump, baseline: OrgDump): OrgView {
  const projects = org.projects.filter((p) => !baseline.projects.some((b) => b.id === p.id));
  const nameOf = (id: string) => org.projects.find((p) => p.id === id)?.name ?? id;
  return sortView({
    projects: projects.map((p) => {
      const perms = org.modelPermissions[p.id];
      return {
        name: p.name,
        status: p.status,
        models: perms ? `${perms.mode}: ${[...perms.model_ids].sort().join(", ")}` : "unrestricted",
        retention: org.dataRetention[p.id]?.type ?? "organization_default",
        alerts: (org.spendAlerts[p.id] ?? []).map(alertText).sort(byNumber),
      };
    }),
    invites: org.invites
      .filter((i) => !baseline.invites.some((b) => b.id === i.id))
      .map((i) => ({
        email: i.email,
        role: String(i.role),
        status: i.status,
        projects: ((i.projects ?? []) as Array<{ id: string; role: string }>).map((p) => `${nameOf(p.id)} (${p.role})`),
      })),
  });
}

// What refresh reports as deletes and updates are objects found gone and objects found changed; a preview's
// counts are what up would do.
function summaryText(label: string, s: StepSummary): string {
  const words: Record<keyof StepSummary, string> = label.startsWith("refresh")
    ? { created: "created", updated: "drifted", replaced: "replaced", deleted: "gone", unchanged: "unchanged" }
    : label.startsWith("preview")
      ? { created: "to create", updated: "to update", replaced: "to replace", deleted: "to delete", unchanged: "unchanged" }
      : { created: "created", updated: "updated", replaced: "replaced", deleted: "deleted", unchanged: "unchanged" };
  const parts = (Object.keys(words) as Array<keyof StepSummary>).filter((k) => s[k] > 0).map((k) => `${s[k]} ${words[k]}`);
  return parts.join(", ") || "nothing to do";
}

function callsTable(action: Action): string {
  if (action.calls.length === 0) return "     (no API calls)";
  const counted = new Map<string, number>();
  for (const c of action.calls) {
    const route = c.path.replace(/\/(projects|spend_alerts|invites)\/[^/]+/g, "/$1/{id}");
    const key = `${c.method} ${route} ${c.status}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  return table([...counted].map(([key, n]) => [`${n} ×`, ...key.split(" ")]));
}

function orgTable(org: OrgView): string {
  const rows: string[][] = [];
  for (const p of org.projects) {
    rows.push(["project", p.name, p.status, `models ${p.models}; retention ${p.retention}`]);
    for (const a of p.alerts) rows.push(["  alert", "", "", a]);
  }
  for (const i of org.invites) rows.push(["invite", i.email, i.status, `${i.role}; ${i.projects.join(", ")}`]);
  return rows.length > 0 ? table(rows) : "     (nothing)";
}

/** The demo's printout of step `index` (0-based): its actions with their API calls, then the org after it. */
export function formatStep(index: number, report: StepReport): string {
  const lines = [`\n${index + 1}. ${report.title}`];
  if (report.outOfBand) lines.push(`   out of band: ${report.outOfBand}`);
  for (const action of report.actions) {
    const calls = action.calls.length === 1 ? "1 API call" : `${action.calls.length} API calls`;
    lines.push(`   ${action.label}: ${summaryText(action.label, action.summary)}; ${calls}`, callsTable(action));
    if (action.note) lines.push(`     → ${action.note}`);
  }
  lines.push("   org after the step (what the program made):", orgTable(report.org), "   ✓ the org and the engine did what the step says");
  return lines.join("\n");
}
