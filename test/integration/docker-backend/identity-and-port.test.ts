import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { containerName, homeHash, labelsFor, volumeName } from "../../../runner/registry/docker/identity.js";
import { chooseFreePort, isPortFree, PORT_RANGE, preferredPort } from "../../../runner/registry/port.js";
import { probeCapabilities } from "../../../runner/registry/probe.js";

describe("labs home identity", () => {
  it("hashes the absolute home path to 16 hex characters, the same for equivalent spellings", () => {
    expect(homeHash("/home/ada/.oci-labs")).toMatch(/^[0-9a-f]{16}$/);
    expect(homeHash("/home/ada/.oci-labs/")).toBe(homeHash("/home/ada/.oci-labs"));
    expect(homeHash("/home/ada/x/../.oci-labs")).toBe(homeHash("/home/ada/.oci-labs"));
    expect(homeHash("/home/bob/.oci-labs")).not.toBe(homeHash("/home/ada/.oci-labs"));
  });

  it("names the container and volume after the hash, and labels the test run only when one is set", () => {
    const hash = homeHash("/h");
    expect(containerName("/h")).toBe(`oci-labs-registry-${hash}`);
    expect(volumeName("/h")).toBe(`oci-labs-${hash}`);
    expect(labelsFor("/h", "registry", {})).toEqual({
      "dev.oci-labs.home": hash,
      "dev.oci-labs.home-path": "/h",
      "dev.oci-labs.role": "registry",
      "dev.oci-labs.version": "1",
    });
    expect(labelsFor("/h", "registry-data", { LABS_TEST_RUN: "r1" })).toMatchObject({
      "dev.oci-labs.role": "registry-data",
      "dev.oci-labs.test-run": "r1",
    });
  });
});

describe("registry port", () => {
  it("prefers a stable port in 5100-5999 per home, spread across homes", () => {
    const ports = Array.from({ length: 200 }, (_, i) => preferredPort(`/home/user${i}/.oci-labs`));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(PORT_RANGE.first);
      expect(port).toBeLessThanOrEqual(PORT_RANGE.last);
    }
    expect(preferredPort("/home/user7/.oci-labs")).toBe(ports[7]);
    expect(new Set(ports).size).toBeGreaterThan(150);
  });

  it("skips the preferred port when something listens there", async () => {
    const home = "/home/port-test/.oci-labs";
    const preferred = preferredPort(home);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(preferred, "127.0.0.1", resolve));
    try {
      expect(await isPortFree(preferred)).toBe(false);
      const chosen = await chooseFreePort(home);
      expect(chosen).toBeDefined();
      expect(chosen).not.toBe(preferred);
      expect(await isPortFree(chosen!)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("probeCapabilities", () => {
  it("rejects when nothing answers at the URL", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    await expect(probeCapabilities(`http://127.0.0.1:${port}`)).rejects.toThrow();
  });
});
