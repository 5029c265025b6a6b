import * as pulumi from "@pulumi/pulumi";
import * as openai from "pulumi-openai-admin";

// Set the admin key once per stack: pulumi config set --secret openai:adminKey sk-admin-...
const config = new pulumi.Config();
const monthlyBudgetUsd = config.getNumber("monthlyBudgetUsd") ?? 1000;
const models = (config.get("models") ?? "gpt-4.1,gpt-4.1-mini").split(",").map((m) => m.trim());

const project = new openai.Project("research", { name: "research" });
const opts = { parent: project };

new openai.ProjectModelPermissions("research-models", { projectId: project.projectId, mode: "allow_list", modelIds: models }, opts);

// The API counts in cents: usd() turns dollars into cents, so $1000 can never become a $10 alert.
const alerts = [50, 80, 100].map(
  (percent) =>
    new openai.SpendAlert(
      `research-budget-${percent}`,
      {
        projectId: project.projectId,
        thresholdAmount: Math.round((openai.usd(monthlyBudgetUsd) * percent) / 100), // that percent of the budget, to the cent
        notificationChannel: { recipients: ["finops@example.com"], subjectPrefix: `[research ${percent}%]` },
      },
      opts,
    ),
);

new openai.DataRetention("research-retention", { projectId: project.projectId, retentionType: "zero_data_retention" }, opts);

const invites = ["ada@example.com", "grace@example.com"].map(
  (email) =>
    new openai.Invite(
      `invite-${email.split("@")[0]}`,
      { email, role: "reader", projects: [{ id: project.projectId, role: "member" }] },
      opts,
    ),
);

export const projectId = project.projectId;
export const spendAlertIds = alerts.map((a) => a.alertId);
export const inviteIds = invites.map((i) => i.inviteId);
