/**
 * The programs under `examples/`, as the lifecycle drives them: the teams each makes from its config and files,
 * the edit a user would make, and the org each should leave.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { alertText, byNumber, sortView, type OrgView } from "./view";

/** The examples under `examples/`. */
export type ExampleName = "quickstart" | "teams";

/** One team's project and what hangs off it, as the examples make them; what the org is checked against. */
export interface Team {
  name: string;
  budgetUsd: number;
  /** Spend alerts at these percentages of the budget. */
  percents: number[];
  models: string[];
  retention: string;
  members: Array<{ email: string; role: "member" | "owner" }>;
}

/** How to run one example, and what it should make. */
export interface Example {
  /** The teams the program makes with this config and the files in programDir. */
  teams(programDir: string, config: Record<string, string>): Team[];
  /** Changes one budget and one model list as a user would, returning the config after it. */
  edit(programDir: string, config: Record<string, string>): Record<string, string>;
}

const QUICKSTART_BUDGET = "openai-quickstart:monthlyBudgetUsd";
const QUICKSTART_MODELS = "openai-quickstart:models";
type TeamsFile = { teams: Array<Omit<Team, "percents">> };

/** Each example, by name. */
export const EXAMPLES: Record<ExampleName, Example> = {
  // Both start from the program's own defaults: a user's first `pulumi up` sets nothing but the key.
  quickstart: {
    teams: (_dir, config) => [
      {
        name: "research",
        budgetUsd: Number(config[QUICKSTART_BUDGET] ?? 1000),
        percents: [50, 80, 100],
        models: (config[QUICKSTART_MODELS] ?? "gpt-4.1,gpt-4.1-mini").split(","),
        retention: "zero_data_retention",
        members: ["ada@example.com", "grace@example.com"].map((email) => ({ email, role: "member" as const })),
      },
    ],
    edit: (_dir, config) => ({ ...config, [QUICKSTART_BUDGET]: "1200", [QUICKSTART_MODELS]: "gpt-4.1,gpt-4.1-nano" }),
  },
  teams: {
    teams: (dir) => (yaml.load(fs.readFileSync(path.join(dir, "teams.yaml"), "utf8")) as TeamsFile).teams.map((t) => ({ ...t, percents: [80, 100] })),
    edit(dir, config) {
      const file = path.join(dir, "teams.yaml");
      const doc = yaml.load(fs.readFileSync(file, "utf8")) as TeamsFile;
      doc.teams[0].budgetUsd += 500;
      doc.teams[doc.teams.length - 1].models.push("gpt-4.1-nano");
      fs.writeFileSync(file, yaml.dump(doc));
      return config;
    },
  },
};

/** The org the program should leave: `accepted` invites have been accepted; after destroy, only they and archived projects remain. */
export function expectedView(teams: Team[], opts: { accepted?: string; destroyed?: boolean } = {}): OrgView {
  const projects = teams.map((t) => ({
    name: t.name,
    status: opts.destroyed ? "archived" : "active",
    models: opts.destroyed ? "unrestricted" : `allow_list: ${[...t.models].sort().join(", ")}`,
    retention: opts.destroyed ? "organization_default" : t.retention,
    alerts: opts.destroyed
      ? []
      : t.percents
          .map((p) => alertText({ threshold_amount: Math.round(t.budgetUsd * p), interval: "month", currency: "USD", notification_channel: { recipients: ["finops@example.com"], subject_prefix: `[${t.name} ${p}%]` } }))
          .sort(byNumber),
  }));
  const invites = teams
    .flatMap((t) => t.members.map((m) => ({ email: m.email, role: "reader", status: m.email === opts.accepted ? "accepted" : "pending", projects: [`${t.name} (${m.role})`] })))
    .filter((i) => !opts.destroyed || i.status === "accepted");
  return sortView({ projects, invites });
}

/** How many resources the program declares: a project, its model permissions, its retention, an alert per percentage and an invite per member. */
export function resourceCount(teams: Team[]): number {
  return teams.reduce((n, t) => n + 3 + t.percents.length + t.members.length, 0);
}

/** How many resources an edit from `before` to `after` updates: each alert of a changed budget, each changed model list. */
export function changedCount(before: Team[], after: Team[]): number {
  return after.reduce((n, t, i) => {
    const was = before[i];
    return n + (t.budgetUsd !== was.budgetUsd ? t.percents.length : 0) + ([...t.models].sort().join() !== [...was.models].sort().join() ? 1 : 0);
  }, 0);
}
