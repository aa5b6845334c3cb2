import type { ContainerRuntimeClient } from "testcontainers";
import { describe, expect, it } from "vitest";
import { homeHash } from "../../../runner/registry/docker/identity.js";
import { findHomeContainer } from "../../../runner/registry/docker/lookup.js";

const home = "/tmp/labs-home-stub";

// An engine that lists one container and answers its inspection with `inspect`.
function engineListing(state: string, inspect: () => Promise<unknown>): ContainerRuntimeClient {
  const dockerode = {
    listContainers: async () => [{ Id: "c0ffee", State: state, Image: "oci-labs/registry:test" }],
    getContainer: () => ({ inspect }),
  };
  return { container: { dockerode } } as unknown as ContainerRuntimeClient;
}

function notFound(): Promise<never> {
  return Promise.reject(Object.assign(new Error("(HTTP code 404) no such container"), { statusCode: 404 }));
}

describe("finding a home's registry container", () => {
  it("reads the running state and the published port", async () => {
    const client = engineListing("running", async () => ({
      State: { Running: true },
      HostConfig: { PortBindings: { "5000/tcp": [{ HostIp: "127.0.0.1", HostPort: "5123" }] } },
    }));
    expect(await findHomeContainer(client, home)).toEqual({
      id: "c0ffee",
      running: true,
      port: 5123,
      image: "oci-labs/registry:test",
    });
  });

  it("counts a listed container the engine cannot inspect yet (another start still creates it) as none", async () => {
    expect(await findHomeContainer(engineListing("created", notFound), home)).toBeUndefined();
  });

  it("counts a container being removed as none", async () => {
    const client = engineListing("removing", () => Promise.reject(new Error("must not inspect")));
    expect(await findHomeContainer(client, home)).toBeUndefined();
  });

  it("passes on any other engine error", async () => {
    const failing = engineListing("created", () =>
      Promise.reject(Object.assign(new Error("(HTTP code 500) server error"), { statusCode: 500 })),
    );
    await expect(findHomeContainer(failing, home)).rejects.toThrow(/500/);
  });

  it("asks the engine for this home's label only", async () => {
    let filters: unknown;
    const dockerode = {
      listContainers: async (options: { filters: unknown }) => {
        filters = options.filters;
        return [];
      },
    };
    await findHomeContainer({ container: { dockerode } } as unknown as ContainerRuntimeClient, home);
    expect(JSON.stringify(filters)).toContain(homeHash(home));
  });
});
