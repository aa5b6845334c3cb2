import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { ContentMismatchError, pingRegistry, RegistryClient, RegistryError } from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { DISTRIBUTION_BINARY, type RunningDistribution, startDistribution } from "../../support/distribution.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { makeBlob, makeImageParts, makeIndex, makeManifest, toPushItems } from "./fixtures.js";

const req = requireCommand(DISTRIBUTION_BINARY, ["--version"]);

describe.skipIf(skipUnless(req))("registry client against distribution 2.8", { timeout: 120_000 }, () => {
  let registry: RunningDistribution;
  let client: RegistryClient;
  let writer: RegistryWriter;

  beforeAll(async () => {
    assertRequirement(req);
    registry = await startDistribution();
    client = new RegistryClient(registry.url, { tagPageSize: 2 });
    writer = new RegistryWriter(registry.url);
  });
  afterAll(() => registry?.stop());

  it("answers GET /v2/ with the API version header", async () => {
    expect(await pingRegistry(registry.url)).toEqual({ ok: true, status: 200, apiVersionHeader: "registry/2.0" });
  });

  it.each([
    { mode: "monolithic" as const },
    { mode: "chunked" as const, chunkSize: 1000 },
    { mode: "single-post" as const },
  ])("pushes a blob $mode and reads back the same bytes", async (options) => {
    const blob = makeBlob(Buffer.alloc(4500, options.mode), "application/octet-stream");
    const repo = `blobs/${options.mode}`;
    expect(await client.blobExists(repo, blob.digest)).toBe(false);
    expect(await writer.pushBlob(repo, blob.bytes, blob.digest, options)).toBe("pushed");
    expect(await client.blobExists(repo, blob.digest)).toBe(true);
    expect(Buffer.from(await client.blob(repo, blob)).equals(blob.bytes)).toBe(true);
    let streamed = 0;
    for await (const chunk of client.blobStream(repo, blob)) streamed += chunk.byteLength;
    expect(streamed).toBe(blob.size);
    expect(await writer.pushBlob(repo, blob.bytes, blob.digest, options)).toBe("exists");
  });

  it("single-post falls back to PUT because distribution 2.8 answers the POST with 202", async () => {
    const blob = makeBlob("single post probe", "application/octet-stream");
    const raw = await fetch(`${registry.url}/v2/probe/blobs/uploads/?digest=${blob.digest}`, {
      method: "POST",
      body: blob.bytes,
    });
    expect(raw.status).toBe(202);
    expect(await client.blobExists("probe", blob.digest)).toBe(false);
    await writer.pushBlob("probe", blob.bytes, blob.digest, { mode: "single-post" });
    expect(await client.blobExists("probe", blob.digest)).toBe(true);
  });

  it("rejects a blob read with the wrong size or digest in the descriptor", async () => {
    const blob = makeBlob("verified blob", "application/octet-stream");
    await writer.pushBlob("verify", blob.bytes, blob.digest);
    await expect(client.blob("verify", { ...blob, size: blob.size + 1 })).rejects.toBeInstanceOf(ContentMismatchError);
    const other = makeBlob("verified blob!", "application/octet-stream");
    await expect(client.blob("verify", { digest: other.digest, size: blob.size })).rejects.toMatchObject({
      status: 404,
    });
  });

  it.each(["oci", "docker"] as const)(
    "pushes a %s manifest and reads the exact bytes by tag and by digest",
    async (flavour) => {
      const repo = `manifests/${flavour}`;
      const parts = makeImageParts(flavour);
      const manifest = makeManifest(flavour, parts);
      await writer.pushAll(repo, toPushItems(parts, manifest, "v1"));
      for (const reference of ["v1", manifest.digest]) {
        const { manifest: fetched, reportedDigest } = await client.manifestResponse(repo, reference);
        expect(Buffer.from(fetched.raw).equals(manifest.bytes)).toBe(true);
        expect(fetched.digest).toBe(manifest.digest);
        expect(fetched.mediaType).toBe(manifest.mediaType);
        expect(fetched.value.kind).toBe("manifest");
        expect(reportedDigest).toBe(manifest.digest);
      }
      expect(await client.headManifest(repo, "v1")).toEqual({
        mediaType: manifest.mediaType,
        size: manifest.size,
        reportedDigest: manifest.digest,
      });
      expect(await client.manifestExists(repo, "v2")).toBe(false);
      const missing = await client.manifest(repo, "v2").catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(RegistryError);
      expect((missing as RegistryError).hasCode("MANIFEST_UNKNOWN")).toBe(true);
    },
  );

  it("pushes an index with children by digest and reads them back", async () => {
    const repo = "manifests/index";
    const amd = makeImageParts("oci", "amd64");
    const arm = makeImageParts("oci", "arm64");
    const amdManifest = makeManifest("oci", amd);
    const armManifest = makeManifest("oci", arm);
    const index = makeIndex([
      { manifest: amdManifest, arch: "amd64" },
      { manifest: armManifest, arch: "arm64" },
    ]);
    const summary = await writer.pushAll(repo, [
      { kind: "manifest", ...index, tag: "multi" },
      ...toPushItems(amd, amdManifest),
      ...toPushItems(arm, armManifest),
    ]);
    expect(summary).toEqual({ blobsPushed: 4, blobsSkipped: 0, manifests: 3 });
    const fetched = await client.manifest(repo, "multi");
    expect(fetched.digest).toBe(index.digest);
    expect(fetched.value.kind).toBe("index");
    const children = fetched.value.kind === "index" ? fetched.value.manifests : [];
    expect(children.map((c) => c.digest)).toEqual([amdManifest.digest, armManifest.digest]);
    for (const child of children) expect((await client.manifest(repo, child.digest)).digest).toBe(child.digest);
  });

  // distribution 2.8 ignores n and last and lists tags in directory order; the client sorts them.
  it("lists 5 tags in order whatever distribution does with n", async () => {
    const repo = "tags/five";
    const parts = makeImageParts("oci");
    const manifest = makeManifest("oci", parts);
    await writer.pushAll(repo, toPushItems(parts, manifest));
    for (const tag of ["v3", "v1", "v5", "v2", "v4"]) {
      await writer.putManifest(repo, tag, manifest.bytes, manifest.mediaType);
    }
    expect(await client.tags(repo)).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(await new RegistryClient(registry.url, { tagPageSize: 5 }).tags(repo)).toEqual([
      "v1",
      "v2",
      "v3",
      "v4",
      "v5",
    ]);
    expect(await client.tags("tags/never-pushed")).toEqual([]);
  });

  it("mounts a blob across repositories with 201, and uploads an unknown one instead", async () => {
    const blob = makeBlob("mountable", "application/octet-stream");
    await writer.pushBlob("mount/source", blob.bytes, blob.digest);
    expect(await writer.mountBlob("mount/target", blob.digest, "mount/source")).toBe("mounted");
    expect(await client.blobExists("mount/target", blob.digest)).toBe(true);
    const unknown = makeBlob("never pushed anywhere", "application/octet-stream");
    expect(await writer.mountBlob("mount/target", unknown.digest, "mount/source", unknown.bytes)).toBe(
      "upload-started",
    );
    expect(Buffer.from(await client.blob("mount/target", unknown)).equals(unknown.bytes)).toBe(true);
    expect(await client.blobExists("mount/source", unknown.digest)).toBe(false);
  });

  it("deletes a manifest by digest (tags go with it) and a blob; deleting by tag is refused by 2.8", async () => {
    const repo = "delete/me";
    const parts = makeImageParts("oci");
    const manifest = makeManifest("oci", parts);
    await writer.pushAll(repo, toPushItems(parts, manifest, "v1"));
    const byTag = await writer.deleteManifest(repo, "v1").catch((e: unknown) => e);
    expect(byTag).toBeInstanceOf(RegistryError);
    expect((byTag as RegistryError).hasCode("DIGEST_INVALID")).toBe(true);
    await writer.deleteManifest(repo, manifest.digest);
    expect(await client.manifestExists(repo, manifest.digest)).toBe(false);
    expect(await client.manifestExists(repo, "v1")).toBe(false);
    expect(await client.tags(repo)).toEqual([]);
    await writer.deleteBlob(repo, parts.layer.digest);
    expect(await client.blobExists(repo, parts.layer.digest)).toBe(false);
    await expect(writer.deleteBlob(repo, digestOf("never"))).rejects.toMatchObject({ status: 404 });
  });

  it("is refused a manifest whose blobs are missing, with MANIFEST_BLOB_UNKNOWN", async () => {
    const manifest = makeManifest("oci", makeImageParts("oci"));
    const error = await writer
      .putManifest("missing/blobs", "v1", manifest.bytes, MediaType.ociManifest)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).hasCode("MANIFEST_BLOB_UNKNOWN")).toBe(true);
  });
});
