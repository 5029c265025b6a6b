/** pulumi-openai-admin: an OpenAI organization's admin objects as Pulumi resources. */
export * from "./sdk";
