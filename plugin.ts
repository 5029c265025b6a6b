/**
 * The provider-plugin entry, and the package.json `main`: Pulumi's run-plugin requires the plugin
 * directory by path (which Node resolves through `main`, not `exports`) and calls the exported function,
 * which starts the server. A program's `import "pulumi-openai-admin"` resolves through `exports` to the
 * SDK classes instead, so importing the package never starts anything; nor does requiring this file,
 * since the server module loads only when the function is called.
 */
function servePlugin(): Promise<void> {
  return (require("./provider/plugin/server") as typeof import("./provider/plugin/server")).serve(process.argv.slice(2));
}
export = servePlugin;
