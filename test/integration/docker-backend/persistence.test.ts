import { describe, expect, it } from "vitest";
import { startDockerRegistry, stopDockerRegistry, volumeName } from "../../../runner/registry/docker/index.js";
import { pushBlob } from "../../../runner/registry/probe-http.js";
import { containersWithLabel, docker, useDockerTestHome, volumeExists } from "../../support/docker.js";
import { requireDocker, skipUnless } from "../../support/requirements.js";

const req = requireDocker();

async function blobStatus(url: string, digest: string): Promise<number> {
  const response = await fetch(`${url}/v2/labs/keep/blobs/${digest}`, { method: "HEAD" });
  return response.status;
}

describe.skipIf(skipUnless(req))("docker registry backend: data across stop and start", { timeout: 120_000 }, () => {
  const test = useDockerTestHome(req);

  it("keeps a pushed blob and the port across stop and start, and loses both data and volume on purge", async () => {
    const first = await startDockerRegistry({ home: test.home(), env: test.env() });
    const digest = await pushBlob({ base: first.url, repository: "labs/keep" }, new TextEncoder().encode("kept\n"));
    expect(await blobStatus(first.url, digest)).toBe(200);

    expect(await stopDockerRegistry(test.home())).toEqual({ containersRemoved: 1, volumeRemoved: false });
    expect(containersWithLabel("dev.oci-labs.home-path", test.home())).toEqual([]);
    expect(volumeExists(volumeName(test.home()))).toBe(true);
    await expect(fetch(`${first.url}/v2/`)).rejects.toThrow();

    const second = await startDockerRegistry({ home: test.home(), port: first.port, env: test.env() });
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ port: first.port, reused: false });
    expect(await blobStatus(second.url, digest)).toBe(200);

    expect(await stopDockerRegistry(test.home(), { purge: true })).toEqual({
      containersRemoved: 1,
      volumeRemoved: true,
    });
    expect(volumeExists(volumeName(test.home()))).toBe(false);
    const third = await startDockerRegistry({ home: test.home(), port: first.port, env: test.env() });
    expect(await blobStatus(third.url, digest)).toBe(404);
    await stopDockerRegistry(test.home(), { purge: true });
  });

  it("restarts a stopped container of the home instead of creating another", async () => {
    const first = await startDockerRegistry({ home: test.home(), env: test.env() });
    docker("stop", first.id);
    const again = await startDockerRegistry({ home: test.home(), env: test.env() });
    expect(again).toMatchObject({ id: first.id, port: first.port, reused: false });
    expect((await fetch(`${again.url}/v2/`)).status).toBe(200);
    await stopDockerRegistry(test.home(), { purge: true });
  });

  it("stops idempotently: a home without a registry has nothing to remove", async () => {
    expect(await stopDockerRegistry(test.home())).toEqual({ containersRemoved: 0, volumeRemoved: false });
    expect(await stopDockerRegistry(test.home(), { purge: true })).toEqual({
      containersRemoved: 0,
      volumeRemoved: false,
    });
  });
});
