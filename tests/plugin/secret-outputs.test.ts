import { z } from "zod";
import { resources } from "../../provider";
import { defineResource } from "../../provider/handler";
import { provider } from "../../provider/plugin/server";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const urn = "urn:pulumi:dev::consumer::openai:index:Token::t";

let savedKey: string | undefined;

// A resource that answers a key value, as a service-account key would: registered for this file only.
beforeAll(() => {
  resources.Token = defineResource({
    type: "Token",
    inputs: z.strictObject({ name: z.string().trim() }),
    outputs: z.object({ name: z.string(), value: z.string().meta({ secret: true }) }),
    replaceOn: [],
    importIdForm: "tok_…",
    lives: { path: "/tokens" },
    describe: () => "token",
    create: async (_c, inputs) => ({ id: "tok_1", outs: { name: inputs.name, value: "sk-proj-fake.returned.value" } }),
    read: async () => ({ name: "n", value: "sk-proj-fake.returned.value" }),
    update: async (_c, _id, _olds, inputs) => ({ name: inputs.name, value: "sk-proj-fake.returned.value" }),
    delete: async () => undefined,
  });
  savedKey = process.env.OPENAI_ADMIN_KEY;
  process.env.OPENAI_ADMIN_KEY = "sk-admin-fake.secret-outputs";
});
afterAll(() => {
  delete resources.Token;
  if (savedKey === undefined) delete process.env.OPENAI_ADMIN_KEY;
  else process.env.OPENAI_ADMIN_KEY = savedKey;
});

describe("provider/plugin/server", () => {
  test("an output the schema marks secret is answered as a secret by Create, Read (and import) and Update", async () => {
    const p = provider();
    const created = await p.create!(urn, { name: "n" });
    // Only the output the schema marks is a secret: the claim and the time of the create are plain.
    expect(created.outs).toEqual({ name: "n", value: secret("sk-proj-fake.returned.value"), createdAt: expect.any(Number), __claim: expect.any(String) });
    expect((await p.read!("tok_1", urn, created.outs)).props.value).toEqual(secret("sk-proj-fake.returned.value"));
    expect((await p.read!("tok_1", urn, {})).props.value).toEqual(secret("sk-proj-fake.returned.value"));
    expect((await p.update!("tok_1", urn, created.outs, { name: "m" })).outs).toEqual({
      name: "m",
      value: secret("sk-proj-fake.returned.value"),
      createdAt: created.outs.createdAt,
      __claim: created.outs.__claim,
    });
  });

  test("a type this package does not serve is refused, naming the types it does", async () => {
    await expect(provider().check!("urn:pulumi:dev::c::aws:s3:Bucket::b", {}, {})).rejects.toThrow(/unknown resource type aws:s3:Bucket: this provider serves (openai:index:\w+, )*openai:index:Project,/);
  });
});
