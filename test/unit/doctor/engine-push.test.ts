import { describe, expect, it } from "vitest";
import { enginePushCheck } from "../../../runner/doctor/checks/engine-push.js";
import type { DoctorContext, RegistryFacts } from "../../../runner/doctor/types.js";
import type { CommandTable } from "./fake-deps.js";
import { DOCKER_INFO_OK, fakeContext, fakeRunner } from "./fake-deps.js";

// A context whose lab registry runs at `hostPort` (nothing listens there: the push is faked).
function withRegistry(table: CommandTable, hostPort: string): { ctx: DoctorContext; calls: string[] } {
  const recorder = fakeRunner({ "docker info": DOCKER_INFO_OK, ...table });
  const base = fakeContext({ run: recorder.run });
  const facts: RegistryFacts = {
    state: { schemaVersion: 1, labs: {} },
    record: {
      kind: "remote",
      url: `http://${hostPort}`,
      hostPort,
      id: "x",
      capabilities: {},
      startedAt: "2026-01-01T00:00:00Z",
    },
    answering: true,
    hostPort,
  };
  return { ctx: { ...base, registry: async () => facts }, calls: recorder.calls };
}

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("engine push check", () => {
  it("pushes an imported one-file image under doctor/probe and always removes the local image", async () => {
    const { ctx, calls } = withRegistry(
      { "docker import": {}, "docker push": { stdout: `engine-1: digest: ${DIGEST} size: 528\n` }, "docker rmi": {} },
      "127.0.0.1:1",
    );
    const result = await enginePushCheck.run(ctx);
    expect(result.status).toBe("ok");
    const imported = calls.find((c) => c.startsWith("docker import --change LABEL dev.oci-labs.doctor-probe=1 - "));
    const ref = imported?.split(" ").at(-1);
    expect(ref).toMatch(/^127\.0\.0\.1:1\/doctor\/probe:engine-[0-9a-f]{12}$/);
    expect(calls).toContain(`docker push ${ref}`);
    expect(calls.slice(-2)).toEqual([
      `docker rmi ${ref}`,
      "docker image prune --all --force --filter label=dev.oci-labs.doctor-probe --filter until=1m",
    ]);
    // Nothing answers at 127.0.0.1:1, so the remote manifest could not be deleted: the doctor says the tag remains.
    expect(result.detail).toContain("remains in the lab registry");
  });

  it("explains a refused plain-HTTP push with the daemon.json key, and still cleans up", async () => {
    const stderr = 'Get "https://10.0.0.5:5123/v2/": http: server gave HTTP response to HTTPS client';
    const { ctx, calls } = withRegistry(
      { "docker import": {}, "docker push": { exitCode: 1, stderr }, "docker rmi": {} },
      "10.0.0.5:5123",
    );
    const result = await enginePushCheck.run(ctx);
    expect(result.status).toBe("warn");
    expect(result.fix).toContain('"insecure-registries": ["10.0.0.5:5123"]');
    expect(result.fix).toContain("/etc/docker/daemon.json");
    expect(result.detail).toContain("does not allow plain HTTP to 10.0.0.5:5123");
    expect(calls.at(-2)).toMatch(/^docker rmi 10\.0\.0\.5:5123\/doctor\/probe:engine-/);
  });

  it("removes the local image even when the import times out", async () => {
    const { ctx, calls } = withRegistry(
      { "docker import": { exitCode: undefined, timedOut: true }, "docker rmi": {} },
      "127.0.0.1:1",
    );
    const result = await enginePushCheck.run(ctx);
    expect(result.status).toBe("warn");
    expect(calls.some((c) => c.startsWith("docker push"))).toBe(false);
    expect(calls.at(-2)).toMatch(/^docker rmi /);
    expect(calls.at(-1)).toMatch(/^docker image prune .*label=dev\.oci-labs\.doctor-probe/);
  });
});
