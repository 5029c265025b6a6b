import * as pulumi from "@pulumi/pulumi";
import * as openai from "pulumi-openai-admin";

const cfg = new pulumi.Config("test");
const imported = cfg.get("importProject");
const project = new openai.Project("project", { name: cfg.require("projectName") }, imported ? { import: imported } : {});
new openai.ProjectModelPermissions(cfg.get("modelsName") ?? "models", { projectId: project.projectId, mode: "allow_list", modelIds: ["gpt-4.1"] });
export const projectId = project.projectId;
