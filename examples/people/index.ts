import * as pulumi from "@pulumi/pulumi";
import * as openai from "pulumi-openai-admin";

// Set the admin key once per stack: pulumi config set --secret openai:adminKey sk-admin-...
const config = new pulumi.Config();
// People already in the organization (they joined by invite), with their role in this project.
const members = (config.get("members") ?? "ada@example.com=owner,grace@example.com=member")
  .split(",")
  .map((entry) => entry.trim().split("="))
  .map(([email, role]) => ({ email, role: role as "owner" | "member" }));

const project = new openai.Project("platform", { name: "platform" });
const opts = { parent: project };

for (const member of members) {
  new openai.ProjectUser(`platform-${member.email.split("@")[0]}`, { projectId: project.projectId, email: member.email, role: member.role }, opts);
}

// The key is shown by OpenAI once, at creation; Pulumi keeps it encrypted in state.
const ci = new openai.ProjectServiceAccount("platform-ci", { projectId: project.projectId, name: "ci" }, opts);

// Every project already has limits for every model: this lowers one, and puts it back on destroy.
new openai.ProjectRateLimit(
  "platform-gpt-4o",
  { projectId: project.projectId, model: "gpt-4o", maxRequestsPer1Minute: config.getNumber("gpt4oRequestsPerMinute") ?? 500 },
  opts,
);

export const projectId = project.projectId;
export const ciServiceAccountId = ci.serviceAccountId;
// A secret output: `pulumi stack output ciApiKey --show-secrets` prints it; CI reads it from there.
export const ciApiKey = ci.apiKey;
