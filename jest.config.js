/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/tests/support/pace-file.ts"],
  // The real-engine suite has a jest config of its own; `npm test` never runs it.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/engine/"],
  // Transpile only: `npm run lint` type-checks everything, tests included (tsc -p tsconfig.json --noEmit), so a
  // second type check per test file here would only cost time. The code is isolatedModules-clean (tsc checks it).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }] },
  // Most suites wait on child processes (plugins, programs, emulators): both cores, not jest's default of cores - 1.
  maxWorkers: 2,
  testTimeout: 60000,
  // Not the temp directory (jest's default): a test run leaves nothing there.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
};
