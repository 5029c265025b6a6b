import { checkConfig } from "../../provider/plugin/config";

// The provider plugin's CheckConfig judges settings by the same rules as the dynamic path
// (issue 10, findings 2 and 6, found again here as siblings).
describe("CheckConfig", () => {
  test("a malformed base URL is named, never quoted", () => {
    const failures = checkConfig({ baseUrl: "sk-admin-swapped.secret.0123456789" });
    expect(failures).toEqual([{ property: "baseUrl", reason: expect.stringMatching(/^is not a valid URL/) }]);
    expect(JSON.stringify(failures)).not.toContain("swapped");
  });

  test("a tunable is judged by its range, and a value that is not a number is not quoted", () => {
    const failures = checkConfig({ timeoutMs: "0", maxRetries: "100", maxConcurrency: "sk-admin-swapped.secret.0123456789", requestsPerMinute: "10" });
    expect(failures).toEqual([
      { property: "timeoutMs", reason: "must be a whole number from 100 to 600000 (milliseconds); got 0" },
      { property: "maxRetries", reason: "must be a whole number from 0 to 20; got 100" },
      { property: "maxConcurrency", reason: "must be a whole number from 1 to 64" },
    ]);
  });

  test("openai:allowInsecureHttp must be true or false", () => {
    expect(checkConfig({ allowInsecureHttp: "maybe" })).toEqual([{ property: "allowInsecureHttp", reason: "must be true or false (or 1 or 0)" }]);
    expect(checkConfig({ allowInsecureHttp: "true", baseUrl: "http://10.0.0.2:8080/v1" })).toEqual([]);
  });
});
