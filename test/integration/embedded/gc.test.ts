import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  collectGarbage,
  RootLockedError,
  readAuditLog,
  startEmbeddedRegistry,
} from "../../../runner/registry/embedded/index.js";
import { type Client, clientFor } from "./support/http.js";
import { blobOf, descriptorOf, manifestOf, prepareImage, pushBlob, putManifest } from "./support/oci.js";
import { tempDir } from "./support/server.js";

// Garbage collection on disk, with distribution 2.x semantics, on a repository shaped like lab 14's.

async function seedLab14(client: Client) {
  const repo = "lab14/search-indexer";
  const amd = await prepareImage(client, repo, "amd64");
  const arm = await prepareImage(client, repo, "arm64");
  const dbg = await prepareImage(client, repo, "debug with a leaked secret");
  const orphan = blobOf("uploaded but never referenced");
  await pushBlob(client, repo, orphan);
  await putManifest(client, repo, "v1.1.0", amd.manifest);
  await putManifest(client, repo, arm.manifest.digest, arm.manifest);
  const index = manifestOf(
    {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        descriptorOf(MediaType.ociManifest, amd.manifest, { platform: { architecture: "amd64", os: "linux" } }),
        descriptorOf(MediaType.ociManifest, arm.manifest, { platform: { architecture: "arm64", os: "linux" } }),
      ],
    },
    MediaType.ociIndex,
  );
  await putManifest(client, repo, "latest", index);
  await putManifest(client, repo, "debug-42", dbg.manifest);
  expect((await client(`/v2/${repo}/manifests/${dbg.manifest.digest}`, { method: "DELETE" })).status).toBe(202);
  return { repo, amd, arm, dbg, orphan, index };
}

async function status(root: string, paths: readonly string[]): Promise<number[]> {
  await using registry = await startEmbeddedRegistry({ root });
  const client = clientFor(registry.url);
  return await Promise.all(paths.map(async (path) => (await client(path, { method: "HEAD" })).status));
}

describe("collectGarbage", { timeout: 60_000 }, () => {
  it("sweeps unreferenced blobs, keeps index children, and with deleteUntagged breaks them as distribution does", async () => {
    await using dir = await tempDir();
    const root = dir.path;
    const registry = await startEmbeddedRegistry({ root });
    const seed = await seedLab14(clientFor(registry.url));
    await expect(collectGarbage(root)).rejects.toBeInstanceOf(RootLockedError);
    await registry.close();
    const { repo, amd, arm, dbg, orphan } = seed;
    const blob = (digest: string) => `/v2/${repo}/blobs/${digest}`;
    const manifest = (digest: string) => `/v2/${repo}/manifests/${digest}`;

    const dry = await collectGarbage(root, { dryRun: true });
    const garbage = [orphan.digest, dbg.config.digest, dbg.layer.digest, dbg.manifest.digest].sort();
    expect([...dry.blobsRemoved].sort()).toEqual(garbage);
    expect(dry.manifestsRemoved).toEqual([]);
    expect(dry.bytesFreed).toBe(orphan.size + dbg.config.size + dbg.layer.size + dbg.manifest.bytes.length);
    expect(await status(root, [blob(orphan.digest), blob(dbg.layer.digest)])).toEqual([200, 200]);

    const swept = await collectGarbage(root);
    expect([...swept.blobsRemoved].sort()).toEqual(garbage);
    expect(swept.linksRemoved).toBe(3);
    expect(
      await status(root, [
        blob(orphan.digest),
        blob(dbg.layer.digest),
        blob(dbg.config.digest),
        manifest("latest"),
        manifest(arm.manifest.digest),
        blob(arm.layer.digest),
      ]),
    ).toEqual([404, 404, 404, 200, 200, 200]);

    const untagged = await collectGarbage(root, { deleteUntagged: true });
    expect(untagged.manifestsRemoved).toEqual([{ repository: repo, digest: arm.manifest.digest }]);
    expect([...untagged.blobsRemoved].sort()).toEqual([arm.config.digest, arm.layer.digest].sort());
    // `latest` still lists the arm64 child, which is gone: the lab 14 trap
    expect(
      await status(root, [
        manifest("latest"),
        manifest(arm.manifest.digest),
        blob(arm.layer.digest),
        manifest("v1.1.0"),
        blob(amd.layer.digest),
      ]),
    ).toEqual([200, 404, 404, 200, 200]);

    const kinds = (await readAuditLog(root)).filter((e) => e.kind === "gc").map((e) => e.gc);
    expect(kinds).toEqual([
      { dryRun: true, deleteUntagged: false, blobsRemoved: 4, manifestsRemoved: 0, bytesFreed: dry.bytesFreed },
      { dryRun: false, deleteUntagged: false, blobsRemoved: 4, manifestsRemoved: 0, bytesFreed: dry.bytesFreed },
      expect.objectContaining({ dryRun: false, deleteUntagged: true, blobsRemoved: 2, manifestsRemoved: 1 }),
    ]);
  });

  it("keeps a blob another repository still references", async () => {
    await using dir = await tempDir();
    const registry = await startEmbeddedRegistry({ root: dir.path });
    const client = clientFor(registry.url);
    const image = await prepareImage(client, "gc/a", "shared");
    await putManifest(client, "gc/a", "v1", image.manifest);
    await pushBlob(client, "gc/b", image.layer);
    await registry.close();
    const report = await collectGarbage(dir.path, { deleteUntagged: true });
    expect(report.blobsRemoved).toEqual([]);
    expect(await status(dir.path, [`/v2/gc/b/blobs/${image.layer.digest}`])).toEqual([200]);
  });

  it("collects an empty or missing root without error", async () => {
    await using dir = await tempDir();
    const report = await collectGarbage(`${dir.path}/nothing-here`);
    expect(report).toMatchObject({ blobsRemoved: [], manifestsRemoved: [], bytesFreed: 0 });
  });
});
