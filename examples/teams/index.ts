import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import * as openai from "pulumi-openai-admin";

interface Team {
  name: string;
  budgetUsd: number;
  models: string[];
  retention: openai.RetentionType;
  members: Array<{ email: string; role: "member" | "owner" }>;
}

const file = path.join(__dirname, new pulumi.Config().get("teamsFile") ?? "teams.yaml");
const { teams } = yaml.load(fs.readFileSync(file, "utf8")) as { teams: Team[] };
const finops = ["finops@example.com"];

/** One team's project and everything that hangs off it, grouped so the graph reads per team. */
class TeamSpace extends pulumi.ComponentResource {
  readonly projectId: pulumi.Output<string>;

  constructor(team: Team, opts?: pulumi.ComponentResourceOptions) {
    super("examples:openai:TeamSpace", team.name, {}, opts);
    const project = new openai.Project(team.name, { name: team.name }, { parent: this });
    const child = { parent: project };

    new openai.ProjectModelPermissions(`${team.name}-models`, { projectId: project.projectId, mode: "allow_list", modelIds: team.models }, child);
    new openai.DataRetention(`${team.name}-retention`, { projectId: project.projectId, retentionType: team.retention }, child);
    for (const percent of [80, 100]) {
      new openai.SpendAlert(
        `${team.name}-budget-${percent}`,
        {
          projectId: project.projectId,
          thresholdAmount: Math.round((openai.usd(team.budgetUsd) * percent) / 100), // that percent of the budget, to the cent
          notificationChannel: { recipients: finops, subjectPrefix: `[${team.name} ${percent}%]` },
        },
        child,
      );
    }
    for (const member of team.members) {
      new openai.Invite(
        `${team.name}-${member.email}`,
        { email: member.email, role: "reader", projects: [{ id: project.projectId, role: member.role }] },
        child,
      );
    }
    this.projectId = project.projectId;
    this.registerOutputs({ projectId: this.projectId });
  }
}

const spaces = teams.map((team) => new TeamSpace(team));
export const projectIds = Object.fromEntries(spaces.map((s, i) => [teams[i].name, s.projectId]));
