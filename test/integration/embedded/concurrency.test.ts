import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { storeProblems } from "./support/invariants.js";
import { blobOf, descriptorOf, manifestOf, pushBlob, putManifest, sha256 } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// 16 clients at once pushing the same blob, different blobs, chunked and monolithic, and manifests to the same and
// different tags, while others mount and delete: everything ends consistent.

const CLIENTS = 16;

describe("concurrent pushes", { timeout: 60_000 }, () => {
  it("16 clients pushing the same and different blobs stay consistent", async () => {
    await using reg = await startTempRegistry();
    const shared = blobOf(256 * 1024);
    const own = Array.from({ length: CLIENTS }, () => blobOf(64 * 1024));
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const repo = `conc/r${i % 4}`;
        await pushBlob(reg.client, repo, shared);
        await pushChunked(reg.client, repo, own[i]?.bytes ?? Buffer.alloc(0));
        await pushBlob(reg.client, "conc/all", own[i] ?? shared);
      }),
    );
    for (let i = 0; i < CLIENTS; i++) {
      const blob = own[i] ?? shared;
      expect((await reg.client(`/v2/conc/r${i % 4}/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
      expect((await reg.client(`/v2/conc/all/blobs/${blob.digest}`)).status).toBe(200);
    }
    expect(sha256((await reg.client(`/v2/conc/r3/blobs/${shared.digest}`)).body)).toBe(shared.digest);
    expect(await storeProblems(reg.root)).toEqual([]);
  });

  it("16 clients pushing manifests to the same and different tags, with mounts and deletes, stay consistent", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf('{"architecture":"amd64","os":"linux"}');
    const layer = blobOf("shared layer");
    await pushBlob(reg.client, "conc/src", config);
    await pushBlob(reg.client, "conc/src", layer);
    const manifests = Array.from({ length: CLIENTS }, (_, i) =>
      manifestOf({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptorOf(MediaType.ociConfig, config),
        layers: [descriptorOf(MediaType.ociLayerGzip, layer)],
        annotations: { client: String(i) },
      }),
    );
    const extra = blobOf("deleted while others push");
    await pushBlob(reg.client, "conc/app", extra);
    await Promise.all(
      manifests.map(async (manifest, i) => {
        for (const digest of [config.digest, layer.digest]) {
          const mounted = await reg.client(`/v2/conc/app/blobs/uploads/?mount=${digest}&from=conc/src`, {
            method: "POST",
          });
          expect(mounted.status).toBe(201);
        }
        await putManifest(reg.client, "conc/app", `own-${i}`, manifest);
        await putManifest(reg.client, "conc/app", "shared-tag", manifest);
        if (i === 0) await reg.client(`/v2/conc/app/blobs/${extra.digest}`, { method: "DELETE" });
        if (i % 4 === 1)
          expect((await reg.client(`/v2/conc/app/manifests/own-${i}`, { method: "DELETE" })).status).toBe(202);
      }),
    );
    const tags = (await reg.client("/v2/conc/app/tags/list")).json<{ tags: string[] }>().tags;
    expect(tags).toHaveLength(CLIENTS - CLIENTS / 4 + 1);
    const winner = await reg.client("/v2/conc/app/manifests/shared-tag");
    expect(manifests.map((m) => m.digest)).toContain(winner.header("docker-content-digest"));
    expect(sha256(winner.body)).toBe(winner.header("docker-content-digest"));
    expect((await reg.client(`/v2/conc/app/blobs/${extra.digest}`)).status).toBe(404);
    expect(await storeProblems(reg.root)).toEqual([]);
  });
});

async function pushChunked(client: Parameters<typeof pushBlob>[0], repo: string, bytes: Buffer): Promise<void> {
  const opened = await client(`/v2/${repo}/blobs/uploads/`, { method: "POST" });
  let location = new URL(opened.header("location") ?? "").pathname;
  const half = Math.floor(bytes.length / 2);
  for (const [start, chunk] of [
    [0, bytes.subarray(0, half)],
    [half, bytes.subarray(half)],
  ] as const) {
    const reply = await client(location, {
      method: "PATCH",
      headers: { "Content-Range": `${start}-${start + chunk.length - 1}` },
      body: chunk,
    });
    expect(reply.status).toBe(202);
    location = new URL(reply.header("location") ?? "").pathname;
  }
  const done = await client(`${location}?digest=${sha256(bytes)}`, { method: "PUT" });
  expect(done.status).toBe(201);
}
