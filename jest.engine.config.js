/**
 * The real-engine suite (`npm run test:engine`): tests/engine, through the Pulumi CLI that scripts/pulumi-cli.sh
 * builds. Each operation starts the CLI, the plugin and a program: slow steps, so long timeouts; two files at once.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");
module.exports = {
  ...base,
  roots: ["<rootDir>/tests/engine"],
  testPathIgnorePatterns: ["/node_modules/", "/programs/"],
  testTimeout: 300000,
  maxWorkers: 2,
};
