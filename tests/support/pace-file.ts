// Each test starts its plugins and clients from nothing, as the tests were written for: no pace remembered from
// another test (or from the machine's own ~/.cache) changes when a request starts. The tests of the pace file set
// their own (tests/client/pace-memory.test.ts).
process.env.OPENAI_ADMIN_PACE_FILE = "off";
