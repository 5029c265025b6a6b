import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { runProgram } from "../../harness/capture";
import { resources } from "../../provider";
import * as sdk from "../../sdk";

const sdkDir = path.join(__dirname, "..", "..", "sdk");

/** A class's declared outputs and the required members of its `…Args`, read from the source. */
interface Declared {
  outputs: string[];
  required: string[];
}

/** Every `declare readonly x: pulumi.Output<…>` of every resource class in sdk/, by class name. */
function declared(): Record<string, Declared> {
  const classes: Record<string, Declared> = {};
  const required = new Map<string, string[]>();
  for (const file of fs.readdirSync(sdkDir).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(sdkDir, file), "utf8"), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node)) {
        required.set(node.name.text, node.members.filter((m) => !m.questionToken).map((m) => m.name!.getText(source)));
      }
      if (!ts.isClassDeclaration(node) || !node.name) return;
      // Resource classes only: sdk/ also holds helpers such as admission.ts's gate.
      if (!node.heritageClauses?.some((h) => h.getText(source).includes("pulumi.dynamic.Resource"))) return;
      const outputs = node.members
        .filter(ts.isPropertyDeclaration)
        .filter((m) => m.type?.getText(source).startsWith("pulumi.Output<"))
        .map((m) => m.name.getText(source));
      classes[node.name.text] = { outputs, required: [] };
    });
  }
  for (const [name, d] of Object.entries(classes)) d.required = required.get(`${name}Args`) ?? [];
  return classes;
}

describe("sdk classes", () => {
  const classes = declared();
  let result: Record<string, { notOutputs: string[]; deleteBeforeReplace: Array<boolean | null>; importOption: unknown }>;
  let run: Awaited<ReturnType<typeof runProgram>>;

  beforeAll(async () => {
    // A child process under setMocks: serializing the provider needs node's inspector, which jest's sandbox lacks.
    run = await runProgram({ programDir: path.join(__dirname, "..", "fixtures", "sdk-shape"), config: { "sdk-shape:classes": JSON.stringify(classes) } });
    result = JSON.parse(/^RESULT (.*)$/m.exec(run.output)![1]);
  });

  test("the source is read: every exported class is found, with its outputs and required inputs", () => {
    expect(Object.keys(classes).sort()).toEqual(Object.keys(sdk).filter((k) => k in classes).sort());
    expect(Object.keys(classes)).toEqual(expect.arrayContaining(["Project", "ProjectModelPermissions", "SpendAlert", "DataRetention", "Invite"]));
    expect(classes.Project).toEqual({ outputs: expect.arrayContaining(["projectId", "name", "externalKeyId", "residency"]), required: ["name"] });
  });

  test("every declared output of every class is an Output, even when the program leaves every optional input out", () => {
    expect(Object.keys(result).sort()).toEqual(Object.keys(classes).sort());
    const missing = Object.fromEntries(Object.entries(result).map(([name, r]) => [name, r.notOutputs]));
    expect(missing).toEqual(Object.fromEntries(Object.keys(classes).map((name) => [name, []])));
  });

  // The objects the API makes anew on each create (the duplicate guard watches them) are replaced delete-first;
  // keyed objects (policies, limits, memberships) are taken over by their successor, create-before-delete.
  const deletesFirst = [
    "Project", "SpendAlert", "Invite", "ProjectServiceAccount", "AdminApiKey", "OrganizationSpendAlert", "Group", "OrganizationRole", "ProjectRole", "Certificate",
    "ExternalKey", "ExternalStorage", "WorkloadIdentityProvider", "FederationRule",
  ];

  test("the definitions that delete first are the objects the API makes anew", () => {
    const definedFirst = Object.values(resources).filter((r) => r.definition.deleteBeforeReplace).map((r) => r.definition.type);
    expect(definedFirst.sort()).toEqual([...deletesFirst].sort());
    expect(deletesFirst.filter((name) => !(name in classes))).toEqual([]);
  });

  test.each(Object.keys(declared()).map((name) => [name, deletesFirst.includes(name) ? true : null]))(
    "%s has deleteBeforeReplace %s (null: unset) by default, and the program can still turn it off",
    (name, expected) => {
      expect(result[name].deleteBeforeReplace).toEqual([expected, false]);
    },
  );

  test.each(Object.keys(declared()))("%s takes the import option out of the options and sends the id as the importId input", (name) => {
    expect(result[name].importOption).toBeNull();
    const inputs = (suffix: string) => run.resources.find((r) => r.name === `${name}-${suffix}`)?.inputs;
    expect(inputs("imported")).toMatchObject({ importId: `${name}-existing-id` });
    expect(inputs("default")).not.toHaveProperty("importId");
  });
});
