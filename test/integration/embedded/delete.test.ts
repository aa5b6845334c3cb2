import { describe, expect, it } from "vitest";
import { blobOf, prepareImage, pushBlob, putManifest, sha256 } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// Content management: delete by tag, by digest, and blobs (distribution-spec "Deleting tags/manifests/blobs").

describe("deletes", { timeout: 30_000 }, () => {
  it("by tag removes only that tag; the manifest and its other tags stay", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "d/app", "tagdel");
    await putManifest(reg.client, "d/app", "debug", image.manifest);
    await putManifest(reg.client, "d/app", "stable", image.manifest);
    expect((await reg.client("/v2/d/app/manifests/debug", { method: "DELETE" })).status).toBe(202);
    expect((await reg.client("/v2/d/app/manifests/debug")).codes).toEqual(["MANIFEST_UNKNOWN"]);
    expect((await reg.client("/v2/d/app/manifests/stable")).status).toBe(200);
    expect((await reg.client(`/v2/d/app/manifests/${image.manifest.digest}`)).status).toBe(200);
    expect((await reg.client("/v2/d/app/tags/list")).json()).toEqual({ name: "d/app", tags: ["stable"] });
    const again = await reg.client("/v2/d/app/manifests/debug", { method: "DELETE" });
    expect([again.status, again.codes]).toEqual([404, ["MANIFEST_UNKNOWN"]]);
  });

  it("by digest removes the manifest and every tag on it, but not other manifests' tags", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "d/app", "digestdel");
    const other = await prepareImage(reg.client, "d/app", "other");
    await putManifest(reg.client, "d/app", "v1", image.manifest);
    await putManifest(reg.client, "d/app", "latest", image.manifest);
    await putManifest(reg.client, "d/app", "v2", other.manifest);
    expect((await reg.client(`/v2/d/app/manifests/${image.manifest.digest}`, { method: "DELETE" })).status).toBe(202);
    for (const reference of ["v1", "latest", image.manifest.digest]) {
      expect((await reg.client(`/v2/d/app/manifests/${reference}`)).status, reference).toBe(404);
    }
    expect((await reg.client("/v2/d/app/tags/list")).json()).toEqual({ name: "d/app", tags: ["v2"] });
    // the blobs stay: deleting a manifest never deletes what it referenced
    expect((await reg.client(`/v2/d/app/blobs/${image.layer.digest}`)).status).toBe(200);
    const unknown = await reg.client(`/v2/d/app/manifests/${sha256("nope")}`, { method: "DELETE" });
    expect([unknown.status, unknown.codes]).toEqual([404, ["MANIFEST_UNKNOWN"]]);
  });

  it("a blob: 202, then 404 in that repository only", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("shared by two repositories");
    await pushBlob(reg.client, "d/one", blob);
    await pushBlob(reg.client, "d/two", blob);
    const deleted = await reg.client(`/v2/d/one/blobs/${blob.digest}`, { method: "DELETE" });
    expect([deleted.status, deleted.header("docker-content-digest")]).toEqual([202, blob.digest]);
    expect((await reg.client(`/v2/d/one/blobs/${blob.digest}`)).codes).toEqual(["BLOB_UNKNOWN"]);
    expect((await reg.client(`/v2/d/two/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
    const again = await reg.client(`/v2/d/one/blobs/${blob.digest}`, { method: "DELETE" });
    expect([again.status, again.codes]).toEqual([404, ["BLOB_UNKNOWN"]]);
  });

  it("a manifest whose blobs were deleted can no longer be pushed again (MANIFEST_BLOB_UNKNOWN)", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "d/re", "repush");
    await reg.client(`/v2/d/re/blobs/${image.layer.digest}`, { method: "DELETE" });
    const reply = await reg.client("/v2/d/re/manifests/v1", {
      method: "PUT",
      headers: { "Content-Type": image.manifest.mediaType },
      body: image.manifest.bytes,
    });
    expect(reply.codes).toEqual(["MANIFEST_BLOB_UNKNOWN"]);
  });
});
