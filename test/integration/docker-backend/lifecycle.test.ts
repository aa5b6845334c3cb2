import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabsError } from "../../../runner/errors.js";
import {
  type DockerRegistryEndpoint,
  findDockerRegistry,
  homeHash,
  isDockerAvailable,
  PortInUseError,
  startDockerRegistry,
  volumeName,
} from "../../../runner/registry/docker/index.js";
import {
  containersWithLabel,
  inspectContainer,
  newTestRun,
  removeHome,
  removeTestRun,
  tempHome,
  testEnv,
} from "../../support/docker.js";
import { assertRequirement, requireDocker, skipUnless } from "../../support/requirements.js";

const req = requireDocker();

// A non-loopback IPv4 address of this host (docker0's gateway at least, when dockerd runs).
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
}

describe.skipIf(skipUnless(req))("docker registry backend: lifecycle", { timeout: 120_000 }, () => {
  const run = newTestRun();
  const env = () => testEnv(run);
  let home: string;
  let other: string;
  let endpoint: DockerRegistryEndpoint;

  beforeAll(async () => {
    assertRequirement(req);
    home = await tempHome();
    other = await tempHome();
    endpoint = await startDockerRegistry({ home, env: env() });
  });

  afterAll(async () => {
    if (run) removeTestRun(run);
    await Promise.all([home && removeHome(home), other && removeHome(other)]);
  });

  it("reports an engine as available", async () => {
    expect(await isDockerAvailable()).toBe(true);
  });

  it("answers GET /v2/ with 200 and the distribution API version header", async () => {
    const response = await fetch(`${endpoint.url}/v2/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
    expect(endpoint).toMatchObject({ kind: "docker", hostPort: `127.0.0.1:${endpoint.port}`, reused: false });
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}`);
  });

  it("picks a port in 5100-5999 (never 5000)", () => {
    expect(endpoint.port).toBeGreaterThanOrEqual(5100);
    expect(endpoint.port).toBeLessThanOrEqual(5999);
  });

  it("publishes the port on 127.0.0.1 only", async () => {
    const inspected = inspectContainer(endpoint.id);
    expect(inspected.HostConfig.PortBindings["5000/tcp"]).toEqual([
      { HostIp: "127.0.0.1", HostPort: String(endpoint.port) },
    ]);
    expect(inspected.NetworkSettings.Ports["5000/tcp"]).toEqual([
      { HostIp: "127.0.0.1", HostPort: String(endpoint.port) },
    ]);
    const outside = externalAddress();
    expect(outside, "this host has a non-loopback IPv4 address to try").toBeDefined();
    await expect(
      fetch(`http://${outside}:${endpoint.port}/v2/`, { signal: AbortSignal.timeout(3_000) }),
    ).rejects.toThrow();
  });

  it("labels the container with its home and keeps data in the home's named volume", () => {
    const inspected = inspectContainer(endpoint.id);
    expect(inspected.Config.Labels).toMatchObject({
      "dev.oci-labs.home": homeHash(home),
      "dev.oci-labs.role": "registry",
      "dev.oci-labs.version": "1",
      "dev.oci-labs.test-run": run,
    });
    expect(inspected.Mounts).toContainEqual(
      expect.objectContaining({ Type: "volume", Name: volumeName(home), Destination: "/var/lib/registry" }),
    );
  });

  it("probes the capabilities of distribution 2.8", () => {
    expect(endpoint.capabilities).toEqual({
      deleteByTag: false,
      deleteManifest: true,
      deleteBlob: true,
      referrersApi: false,
      tagPaging: false,
      garbageCollection: true,
      schema1Conversion: true,
    });
  });

  it("reuses the running container on a second start, even when asked for another port", async () => {
    const again = await startDockerRegistry({ home, port: endpoint.port + 1, env: env() });
    expect(again).toMatchObject({ id: endpoint.id, port: endpoint.port, reused: true });
    expect(containersWithLabel("dev.oci-labs.home", homeHash(home))).toEqual([endpoint.id]);
  });

  it("ends two concurrent first starts of one home with a single container", async () => {
    const racing = await tempHome();
    try {
      const [x, y] = await Promise.all([
        startDockerRegistry({ home: racing, env: env() }),
        startDockerRegistry({ home: racing, env: env() }),
      ]);
      expect(y.id).toBe(x.id);
      expect(containersWithLabel("dev.oci-labs.home", homeHash(racing))).toEqual([x.id]);
    } finally {
      await removeHome(racing);
    }
  });

  it("finds the running registry of a home, and nothing for a home without one", async () => {
    const found = await findDockerRegistry(home);
    expect(found).toMatchObject({ id: endpoint.id, url: endpoint.url, capabilities: endpoint.capabilities });
    expect(await findDockerRegistry(other)).toBeUndefined();
  });

  it("refuses a port another program holds, leaving no container behind", async () => {
    const error = await startDockerRegistry({ home: other, port: endpoint.port, env: env() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(error).toBeInstanceOf(LabsError);
    expect((error as PortInUseError).port).toBe(endpoint.port);
    expect((error as LabsError).hint).toMatch(/port/);
    expect(containersWithLabel("dev.oci-labs.home", homeHash(other))).toEqual([]);
  });

  it("explains a missing image and how to build one", async () => {
    const error = await startDockerRegistry({ home: other, image: "oci-labs/no-such-image:0", env: env() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LabsError);
    expect((error as LabsError).code).toBe("REGISTRY_IMAGE_MISSING");
    expect((error as LabsError).hint).toContain("scripts/build-registry-image.sh");
    expect(containersWithLabel("dev.oci-labs.home", homeHash(other))).toEqual([]);
  });
});
