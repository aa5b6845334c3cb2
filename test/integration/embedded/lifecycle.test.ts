import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import {
  isProcessRunning,
  processStartToken,
  readRegistryInfo,
  startEmbeddedRegistry,
} from "../../../runner/registry/embedded/index.js";
import { ensureBuilt, startChildRegistry } from "./support/child.js";
import { clientFor } from "./support/http.js";
import { blobOf, prepareImage, pushBlob, putManifest } from "./support/oci.js";
import { tempDir } from "./support/server.js";

// Start, stop and restart: in-flight requests finish on close, data survives a restart, the process entry point
// writes registry.json and removes it on SIGTERM.

describe("lifecycle", { timeout: 60_000 }, () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it("lets an in-flight upload finish when closed, then refuses new connections", async () => {
    await using dir = await tempDir();
    const registry = await startEmbeddedRegistry({ root: dir.path });
    const client = clientFor(registry.url);
    const opened = await client("/v2/life/app/blobs/uploads/", { method: "POST" });
    const target = new URL(opened.header("location") ?? "");
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(target, { method: "PATCH", headers: { "Content-Length": 21 } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("first half.");
      setTimeout(() => req.end("second...."), 300);
    });
    await sleep(50);
    const closed = registry.close();
    expect(await answered).toBe(202);
    await closed;
    await expect(client("/v2/")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("keeps its data across a restart on the same root", async () => {
    await using dir = await tempDir();
    const blob = blobOf("survives");
    const first = await startEmbeddedRegistry({ root: dir.path });
    await pushBlob(clientFor(first.url), "life/keep", blob);
    await first.close();
    await using second = await startEmbeddedRegistry({ root: dir.path });
    expect((await clientFor(second.url)(`/v2/life/keep/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
  });

  it("main.js writes registry.json with its pid and start token, and exits 0 on SIGTERM removing it", async () => {
    await using dir = await tempDir();
    const child = await startChildRegistry(dir.path);
    const info = await readRegistryInfo(dir.path);
    expect(info).toMatchObject({ pid: child.pid, url: child.url, root: dir.path });
    expect(info?.processStart).toMatch(/^(linux|ps):/);
    expect((await clientFor(child.url)("/v2/")).status).toBe(200);
    expect(await child.stop()).toBe(0);
    expect(await readRegistryInfo(dir.path)).toBeUndefined();
  });

  it("works the same with fsync on (data, renames and new directories flushed)", async () => {
    await using dir = await tempDir();
    await using registry = await startEmbeddedRegistry({ root: dir.path, limits: { fsync: true } });
    const client = clientFor(registry.url);
    const image = await prepareImage(client, "life/fsync", "synced");
    await putManifest(client, "life/fsync", "v1", image.manifest);
    expect((await client("/v2/life/fsync/manifests/v1")).body.equals(image.manifest.bytes)).toBe(true);
  });

  it("tells a live process from a dead one or a reused pid", () => {
    const token = processStartToken(process.pid);
    expect(token).toBeDefined();
    expect(isProcessRunning(process.pid, token)).toBe(true);
    expect(isProcessRunning(process.pid, `${token}-other`)).toBe(false);
    expect(isProcessRunning(2 ** 22 + 12345)).toBe(false);
    expect(isProcessRunning(-1)).toBe(false);
  });
});
