import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { readAuditLog } from "../../../runner/registry/embedded/index.js";
import { type ChildRegistry, ensureBuilt, startChildRegistry } from "./support/child.js";
import { clientFor } from "./support/http.js";
import { fileCount, fileSize, storeProblems } from "./support/invariants.js";
import { blobOf, descriptorOf, manifestOf, prepareImage, pushBlob, putManifest, sha256 } from "./support/oci.js";
import { startTempRegistry, tempDir } from "./support/server.js";

// kill -9 in the middle of writes: after a restart no partial blob or manifest is visible, stale uploads and
// temporary files are gone, and the store is consistent.

const MiB = 1024 * 1024;

// Starts a PUT of `blob` to an upload location, sending only `sendBytes` of it; the request stays open.
function startPartialPut(url: string, location: string, digest: string, blob: Buffer, sendBytes: number) {
  const target = new URL(location, url);
  target.searchParams.set("digest", digest);
  const req = request(target, { method: "PUT", headers: { "Content-Length": blob.length } });
  req.on("error", () => {});
  req.write(blob.subarray(0, sendBytes));
  return req;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await sleep(10);
  }
}

describe("durability against kill -9", { timeout: 120_000 }, () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it("the store check used below finds a torn blob, a manifest without bytes, a dangling tag and leftovers", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "dur/check", "check");
    await putManifest(reg.client, "dur/check", "v1", image.manifest);
    expect(await storeProblems(reg.root)).toEqual([]);
    const hex = (digest: string) => digest.slice(7);
    await writeFile(
      join(reg.root, "blobs", "sha256", hex(image.layer.digest).slice(0, 2), hex(image.layer.digest)),
      "torn",
    );
    await rm(join(reg.root, "blobs", "sha256", hex(image.manifest.digest).slice(0, 2), hex(image.manifest.digest)));
    await writeFile(join(reg.root, "repositories", "dur", "check", "_manifests", "tags", "v2"), sha256("nothing"));
    await writeFile(join(reg.root, "_tmp", "leftover"), "x");
    const problems = await storeProblems(reg.root, { stopped: true });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/blob .* holds content hashing to/);
    expect(problems.join("\n")).toMatch(/revision dur\/check@sha256:[0-9a-f]{64} has no bytes/);
    expect(problems.join("\n")).toMatch(/tag dur\/check:v2 points at missing manifest/);
    expect(problems.join("\n")).toMatch(/_tmp still holds 1 file/);
  });

  it("a blob PUT killed half way leaves no blob, and the upload is cleaned at restart", async () => {
    await using dir = await tempDir();
    const root = dir.path;
    const blob = randomBytes(64 * MiB);
    const digest = sha256(blob);
    let registry: ChildRegistry = await startChildRegistry(root);
    const client = clientFor(registry.url);
    const opened = await client("/v2/dur/blob/blobs/uploads/", { method: "POST" });
    const location = opened.header("location") ?? "";
    const uploadId = new URL(location).pathname.split("/").at(-1) ?? "";
    const req = startPartialPut(registry.url, location, digest, blob, 40 * MiB);
    await waitFor(async () => ((await fileSize(join(root, "_uploads", uploadId))) ?? 0) >= 16 * MiB);
    await registry.kill9();
    req.destroy();
    expect(existsSync(join(root, "blobs", "sha256", digest.slice(7, 9), digest.slice(7)))).toBe(false);

    registry = await startChildRegistry(root);
    try {
      const restarted = clientFor(registry.url);
      expect(await fileCount(root, "_uploads")).toBe(0);
      expect(await fileCount(root, "_tmp")).toBe(0);
      expect((await restarted(`/v2/dur/blob/blobs/${digest}`, { method: "HEAD" })).status).toBe(404);
      expect((await restarted(new URL(location).pathname)).codes).toEqual(["BLOB_UPLOAD_UNKNOWN"]);
      expect(await storeProblems(root)).toEqual([]);
      await pushBlob(restarted, "dur/blob", { bytes: blob, digest, size: blob.length });
      expect(sha256((await restarted(`/v2/dur/blob/blobs/${digest}`)).body)).toBe(digest);
    } finally {
      expect(await registry.stop()).toBe(0);
    }
    expect(existsSync(join(root, "registry.json"))).toBe(false);
  });

  it("manifest PUTs killed at random moments never leave a partial manifest or a dangling tag", async () => {
    await using dir = await tempDir();
    const root = dir.path;
    let registry = await startChildRegistry(root);
    const config = blobOf('{"architecture":"amd64","os":"linux"}');
    const layer = blobOf("durable layer");
    for (const blob of [config, layer]) await pushBlob(clientFor(registry.url), "dur/manifests", blob);
    const manifestFor = (i: number) =>
      manifestOf({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptorOf(MediaType.ociConfig, config),
        layers: [descriptorOf(MediaType.ociLayerGzip, layer)],
        annotations: { round: String(i), padding: "p".repeat(i % 5000) },
      });
    let next = 0;
    for (let round = 0; round < 4; round++) {
      const client = clientFor(registry.url);
      let stop = false;
      const writer = async () => {
        while (!stop) {
          const i = next++;
          const m = manifestFor(i);
          for (const tag of [`t${i}`, "moving"]) {
            await client(`/v2/dur/manifests/manifests/${tag}`, {
              method: "PUT",
              headers: { "Content-Type": MediaType.ociManifest },
              body: m.bytes,
            }).catch(() => undefined);
          }
        }
      };
      const writers = Array.from({ length: 8 }, writer);
      await sleep(150 + round * 120);
      await registry.kill9();
      stop = true;
      await Promise.all(writers);
      // consistent even before the restart cleans up: whatever is visible is whole
      expect(await storeProblems(root), `round ${round}, before restart`).toEqual([]);
      registry = await startChildRegistry(root);
      expect(await storeProblems(root), `round ${round}`).toEqual([]);
      const restarted = clientFor(registry.url);
      const tags = (await restarted("/v2/dur/manifests/tags/list")).json<{ tags: string[] }>().tags;
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) {
        const got = await restarted(`/v2/dur/manifests/manifests/${tag}`);
        expect(got.status, tag).toBe(200);
        expect(sha256(got.body), tag).toBe(got.header("docker-content-digest"));
        expect(() => JSON.parse(got.body.toString())).not.toThrow();
      }
    }
    await registry.stop();
    expect(await storeProblems(root, { stopped: true })).toEqual([]);
    expect((await readAuditLog(root)).filter((e) => e.kind === "manifest-put").length).toBeGreaterThan(0);
  });
});
