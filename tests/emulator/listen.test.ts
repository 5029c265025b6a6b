import type { NetworkInterfaceInfo } from "node:os";
import { isLoopback, networkWarning, reachOf } from "../../emulator/listen";

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null, ...(family === "IPv6" ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;
const INTERFACES = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  eth0: [nic("10.1.2.3", "IPv4"), nic("fd00::5", "IPv6"), nic("fe80::1", "IPv6")],
};

describe("listen", () => {
  it.each([
    ["127.0.0.1", true], ["127.9.8.7", true], ["localhost", true], ["::1", true], ["[::1]", true], ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false], ["::", false], ["10.1.2.3", false], ["ci-emulator", false], ["127.example.com", false],
  ])("isLoopback(%s) is %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  it("gives a wildcard host a loopback URL to call, and this machine's addresses for the network (issue 10 #21)", () => {
    expect(reachOf("0.0.0.0", 4010, INTERFACES)).toEqual({
      url: "http://127.0.0.1:4010/v1", beyondLoopback: true, networkUrls: ["http://10.1.2.3:4010/v1"],
    });
    expect(reachOf("::", 4010, INTERFACES)).toEqual({
      url: "http://[::1]:4010/v1", beyondLoopback: true, networkUrls: ["http://10.1.2.3:4010/v1", "http://[fd00::5]:4010/v1"],
    });
  });

  it("keeps a named host as the URL, flagging it as reachable beyond loopback unless it is loopback", () => {
    expect(reachOf("10.1.2.3", 80, INTERFACES)).toEqual({ url: "http://10.1.2.3:80/v1", beyondLoopback: true, networkUrls: ["http://10.1.2.3:80/v1"] });
    expect(reachOf("127.0.0.1", 80, INTERFACES)).toEqual({ url: "http://127.0.0.1:80/v1", beyondLoopback: false, networkUrls: [] });
  });

  it("warns that the network can reach it, that control calls need the key, and how the provider opts in", () => {
    const warning = networkWarning(["http://10.1.2.3:4010/v1"]);
    expect(warning).toContain("reachable from the network at http://10.1.2.3:4010/v1");
    expect(warning).toContain("Control calls (/__emulator/...) need the admin key");
    expect(warning).toContain('openai:allowInsecureHttp "true" or OPENAI_ADMIN_ALLOW_INSECURE_HTTP=1');
  });
});
