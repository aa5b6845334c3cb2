import { describe, expect, it } from "vitest";
import { DOCKER_HUB_KEY, findByHost, keyHost, serverKey } from "../../../runner/credentials/host-match.js";

describe("registry host matching as Docker does it", () => {
  it("reduces keys with a scheme and a path to host[:port]", () => {
    expect(keyHost("https://registry.example:5000/v2/")).toBe("registry.example:5000");
    expect(keyHost("http://Registry.Example")).toBe("registry.example");
    expect(keyHost("registry.example:5000")).toBe("registry.example:5000");
  });

  it("uses the v1 index URL for Docker Hub's host names only", () => {
    for (const host of ["docker.io", "index.docker.io", "registry-1.docker.io"])
      expect(serverKey(host)).toBe(DOCKER_HUB_KEY);
    expect(serverKey("ghcr.io")).toBe("ghcr.io");
  });

  it("finds the exact key first, then a key naming the same host, and never another port", () => {
    const entries = { "https://reg.test:5000/v1/": "url-key", "reg.test:5000": "exact", "reg.test": "no-port" };
    expect(findByHost(entries, "reg.test:5000")).toBe("exact");
    expect(findByHost({ "https://reg.test:5000/v1/": "url-key" }, "reg.test:5000")).toBe("url-key");
    expect(findByHost({ "reg.test": "no-port" }, "reg.test:5000")).toBeUndefined();
    expect(findByHost({ [DOCKER_HUB_KEY]: "hub" }, "docker.io")).toBe("hub");
    expect(findByHost(undefined, "x")).toBeUndefined();
  });
});
