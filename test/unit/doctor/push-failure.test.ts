import { describe, expect, it } from "vitest";
import { daemonJsonPath, diagnosePush, engineAllowsHttp } from "../../../runner/doctor/push-failure.js";
import type { CommandOutcome, EngineFacts } from "../../../runner/doctor/types.js";

const engine: EngineFacts = {
  cli: true,
  reachable: true,
  serverVersion: "28.2.2",
  rootless: false,
  registryConfig: { InsecureRegistryCIDRs: ["127.0.0.0/8"], IndexConfigs: { "registry.lan:5000": { Secure: false } } },
};

const failed = (stderr: string, extra: Partial<CommandOutcome> = {}): CommandOutcome => ({
  exitCode: 1,
  stdout: "",
  stderr,
  notFound: false,
  timedOut: false,
  ...extra,
});

describe("diagnosePush", () => {
  it("names daemon.json and the insecure-registries key when the engine refuses plain HTTP", () => {
    const d = diagnosePush(failed("http: server gave HTTP response to HTTPS client"), "10.0.0.5:5123", engine);
    expect(d.summary).toContain("refuses plain HTTP");
    expect(d.fix).toContain('"insecure-registries": ["10.0.0.5:5123"]');
    expect(d.fix).toContain("/etc/docker/daemon.json");
    expect(d.fix).toContain("sudo systemctl restart docker");
  });

  it("points a rootless engine at its own daemon.json", () => {
    const rootless = { ...engine, rootless: true };
    expect(daemonJsonPath(rootless)).toBe("~/.config/docker/daemon.json");
    const d = diagnosePush(failed("http: server gave HTTP response to HTTPS client"), "10.0.0.5:5123", rootless);
    expect(d.fix).toContain("~/.config/docker/daemon.json");
    expect(d.fix).toContain("systemctl --user restart docker");
  });

  it("explains an engine that cannot reach the address (another host, a VM)", () => {
    const d = diagnosePush(failed("dial tcp 127.0.0.1:5123: connect: connection refused"), "127.0.0.1:5123", engine);
    expect(d.summary).toContain("cannot reach 127.0.0.1:5123");
    expect(d.fix).toContain("docker context use default");
  });

  it("recognises credentials and timeouts, and quotes anything else", () => {
    expect(diagnosePush(failed("unauthorized: authentication required"), "h:1", engine).fix).toBe(
      "Run `docker login h:1`.",
    );
    expect(diagnosePush(failed("", { timedOut: true, exitCode: undefined }), "h:1", engine).summary).toContain(
      "in time",
    );
    expect(diagnosePush(failed("something odd\nblob upload invalid"), "h:1", engine).summary).toContain(
      "blob upload invalid",
    );
  });
});

describe("engineAllowsHttp", () => {
  it.each([
    { hostPort: "127.0.0.1:5123", allowed: true },
    { hostPort: "127.255.0.9:80", allowed: true },
    { hostPort: "128.0.0.1:5123", allowed: false },
    { hostPort: "10.0.0.5:5123", allowed: false },
    { hostPort: "registry.lan:5000", allowed: true },
    { hostPort: "registry.lan:5001", allowed: false },
  ])("$hostPort: $allowed", ({ hostPort, allowed }) => {
    expect(engineAllowsHttp(hostPort, engine)).toBe(allowed);
  });
});
