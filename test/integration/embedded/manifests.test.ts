import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { blobOf, descriptorOf, manifestOf, prepareImage, pushBlob, putManifest, sha256 } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// Manifest PUT/GET/HEAD: exact bytes and Content-Type, and distribution's validation (no more, no less).

const ALL_TYPES = [
  MediaType.ociIndex,
  MediaType.ociManifest,
  MediaType.dockerManifestList,
  MediaType.dockerManifest,
].join(", ");

describe("manifest push and pull", { timeout: 30_000 }, () => {
  it("stores the exact bytes and Content-Type, by tag and by digest, with the right headers", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "m/app", "exact");
    // pretty-printed JSON with odd spacing must come back byte for byte
    const pretty = Buffer.from(JSON.stringify(JSON.parse(image.manifest.bytes.toString()), null, 3));
    const manifest = { bytes: pretty, digest: sha256(pretty), mediaType: MediaType.ociManifest };
    const put = await reg.client("/v2/m/app/manifests/v1", {
      method: "PUT",
      headers: { "Content-Type": `${MediaType.ociManifest}; charset=utf-8` },
      body: pretty,
    });
    expect(put.status).toBe(201);
    expect(put.header("location")).toBe(`${reg.registry.url}/v2/m/app/manifests/${manifest.digest}`);
    expect(put.header("docker-content-digest")).toBe(manifest.digest);
    expect(put.header("oci-subject")).toBeUndefined();
    for (const reference of ["v1", manifest.digest]) {
      const got = await reg.client(`/v2/m/app/manifests/${reference}`, { headers: { Accept: ALL_TYPES } });
      expect(got.status).toBe(200);
      expect(got.body.equals(pretty)).toBe(true);
      expect(got.header("content-type")).toBe(MediaType.ociManifest);
      expect(got.header("docker-content-digest")).toBe(manifest.digest);
      expect(got.header("warning")).toBeUndefined();
      const head = await reg.client(`/v2/m/app/manifests/${reference}`, {
        method: "HEAD",
        headers: { Accept: ALL_TYPES },
      });
      expect([head.status, head.header("content-length"), head.body.length]).toEqual([200, String(pretty.length), 0]);
    }
    const cached = await reg.client("/v2/m/app/manifests/v1", { headers: { "If-None-Match": `"${manifest.digest}"` } });
    expect(cached.status).toBe(304);
  });

  it("serves a manifest whatever Accept says, with a Warning when Accept does not list its type", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "m/accept", "accept");
    await putManifest(reg.client, "m/accept", "v1", image.manifest);
    const plain = await reg.client("/v2/m/accept/manifests/v1", { headers: { Accept: "*/*" } });
    expect(plain.status).toBe(200);
    expect(plain.body.equals(image.manifest.bytes)).toBe(true);
    expect(plain.header("warning")).toMatch(/^299 - ".*application\/vnd\.oci\.image\.manifest\.v1\+json/);
  });

  it("keeps Docker types as Docker types (no conversion)", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf('{"architecture":"arm64","os":"linux"}');
    const layer = blobOf("docker layer");
    await pushBlob(reg.client, "m/docker", config);
    await pushBlob(reg.client, "m/docker", layer);
    const manifest = manifestOf(
      {
        schemaVersion: 2,
        mediaType: MediaType.dockerManifest,
        config: descriptorOf(MediaType.dockerConfig, config),
        layers: [descriptorOf(MediaType.dockerLayerGzip, layer)],
      },
      MediaType.dockerManifest,
    );
    await putManifest(reg.client, "m/docker", manifest.digest, manifest);
    const list = manifestOf(
      {
        schemaVersion: 2,
        mediaType: MediaType.dockerManifestList,
        manifests: [
          descriptorOf(MediaType.dockerManifest, manifest, { platform: { architecture: "arm64", os: "linux" } }),
        ],
      },
      MediaType.dockerManifestList,
    );
    await putManifest(reg.client, "m/docker", "latest", list);
    const got = await reg.client("/v2/m/docker/manifests/latest", { headers: { Accept: MediaType.dockerManifest } });
    expect(got.header("content-type")).toBe(MediaType.dockerManifestList);
    expect(got.body.equals(list.bytes)).toBe(true);
  });

  it("moves a tag to a new manifest and keeps the old one by digest", async () => {
    await using reg = await startTempRegistry();
    const one = await prepareImage(reg.client, "m/move", "one");
    const two = await prepareImage(reg.client, "m/move", "two");
    await putManifest(reg.client, "m/move", "stable", one.manifest);
    await putManifest(reg.client, "m/move", "stable", two.manifest);
    expect((await reg.client("/v2/m/move/manifests/stable")).header("docker-content-digest")).toBe(two.manifest.digest);
    expect((await reg.client(`/v2/m/move/manifests/${one.manifest.digest}`)).status).toBe(200);
  });

  it("is MANIFEST_UNKNOWN for an unknown tag, digest or repository", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "m/known", "known");
    await putManifest(reg.client, "m/known", "v1", image.manifest);
    for (const path of [
      "/v2/m/known/manifests/v2",
      `/v2/m/known/manifests/${sha256("x")}`,
      "/v2/m/unknown/manifests/v1",
    ]) {
      const reply = await reg.client(path);
      expect([reply.status, reply.codes], path).toEqual([404, ["MANIFEST_UNKNOWN"]]);
    }
    expect((await reg.client(`/v2/m/other/manifests/${image.manifest.digest}`)).status).toBe(404);
  });
});

describe("manifest validation (as distribution 2.8)", { timeout: 30_000 }, () => {
  it("accepts descriptors that lie about size, media type and platform", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf('{"architecture":"amd64","os":"linux"}');
    const layer = blobOf("real layer");
    await pushBlob(reg.client, "v/lies", config);
    await pushBlob(reg.client, "v/lies", layer);
    const lying = manifestOf({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: "application/vnd.example.not-a-config", digest: config.digest, size: 999_999 },
      layers: [{ mediaType: MediaType.ociLayerZstd, digest: layer.digest, size: 1 }],
    });
    await putManifest(reg.client, "v/lies", lying.digest, lying);
    const index = manifestOf(
      {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [
          descriptorOf(MediaType.ociManifest, lying, { size: 3, platform: { architecture: "riscv64", os: "windows" } }),
        ],
      },
      MediaType.ociIndex,
    );
    await putManifest(reg.client, "v/lies", "v1", index);
  });

  it("refuses missing config, layers and index children with one MANIFEST_BLOB_UNKNOWN each", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf("{}");
    const missing = [sha256("missing layer 1"), sha256("missing layer 2")];
    const manifest = manifestOf({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptorOf(MediaType.ociConfig, config),
      layers: missing.map((digest) => ({ mediaType: MediaType.ociLayerGzip, digest, size: 1 })),
    });
    const reply = await reg.client("/v2/v/missing/manifests/v1", {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociManifest },
      body: manifest.bytes,
    });
    expect(reply.status).toBe(400);
    expect(reply.codes).toEqual(["MANIFEST_BLOB_UNKNOWN", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_BLOB_UNKNOWN"]);
    expect(reply.json<{ errors: { detail: string }[] }>().errors.map((e) => e.detail)).toEqual([
      config.digest,
      ...missing,
    ]);
    const index = manifestOf(
      { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [descriptorOf(MediaType.ociManifest, manifest)] },
      MediaType.ociIndex,
    );
    const child = await reg.client("/v2/v/missing/manifests/multi", {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociIndex },
      body: index.bytes,
    });
    expect([child.status, child.codes]).toEqual([400, ["MANIFEST_BLOB_UNKNOWN"]]);
    expect((await reg.client("/v2/v/missing/manifests/v1")).status).toBe(404);
  });

  it("looks for blobs in the pushed repository only", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "v/elsewhere", "elsewhere");
    const reply = await reg.client("/v2/v/here/manifests/v1", {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociManifest },
      body: image.manifest.bytes,
    });
    expect(reply.codes).toEqual(["MANIFEST_BLOB_UNKNOWN", "MANIFEST_BLOB_UNKNOWN"]);
  });

  it("accepts a missing subject and answers OCI-Subject", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf("{}");
    await pushBlob(reg.client, "v/subject", config);
    const subject = sha256("a subject never pushed");
    const artifact = manifestOf({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: "application/vnd.example.sig",
      config: descriptorOf(MediaType.ociEmpty, config),
      layers: [],
      subject: { mediaType: MediaType.ociManifest, digest: subject, size: 100 },
    });
    const reply = await reg.client(`/v2/v/subject/manifests/${artifact.digest}`, {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociManifest },
      body: artifact.bytes,
    });
    expect(reply.status).toBe(201);
    expect(reply.header("oci-subject")).toBe(subject);
  });

  it("refuses layers with urls, pushed or not (distribution allows none unless configured)", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf("{}");
    const layer = blobOf("pushed, but also listed with urls");
    await pushBlob(reg.client, "v/urls", config);
    await pushBlob(reg.client, "v/urls", layer);
    for (const urls of [["https://example.com/l.tgz"], ["file:///etc/passwd"]]) {
      const manifest = manifestOf({
        schemaVersion: 2,
        config: descriptorOf(MediaType.ociConfig, config),
        layers: [descriptorOf(MediaType.ociLayerGzip, layer, { urls })],
      });
      const reply = await reg.client("/v2/v/urls/manifests/v1", {
        method: "PUT",
        headers: { "Content-Type": MediaType.ociManifest },
        body: manifest.bytes,
      });
      expect([reply.status, reply.codes], urls[0]).toEqual([400, ["MANIFEST_BLOB_UNKNOWN"]]);
    }
  });

  it("refuses a digest in the URL that the bytes do not have (DIGEST_INVALID), and stores nothing", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "v/digest", "digest");
    const wrong = sha256("other bytes");
    const reply = await reg.client(`/v2/v/digest/manifests/${wrong}`, {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociManifest },
      body: image.manifest.bytes,
    });
    expect([reply.status, reply.codes]).toEqual([400, ["DIGEST_INVALID"]]);
    expect((await reg.client(`/v2/v/digest/manifests/${image.manifest.digest}`)).status).toBe(404);
  });

  it.each([
    ["a Content-Type the body contradicts", MediaType.ociIndex, "MANIFEST_INVALID"],
    ["no Content-Type", undefined, "MANIFEST_INVALID"],
    ["a schema 1 Content-Type", MediaType.dockerManifestSchema1Signed, "MANIFEST_INVALID"],
  ])("refuses %s", async (_, contentType, code) => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "v/type", "type");
    const headers: Record<string, string> = contentType ? { "Content-Type": contentType } : {};
    const reply = await reg.client("/v2/v/type/manifests/v1", { method: "PUT", headers, body: image.manifest.bytes });
    expect([reply.status, reply.codes]).toEqual([400, [code]]);
  });

  it("refuses invalid JSON, a bad name and a bad tag", async () => {
    await using reg = await startTempRegistry();
    const headers = { "Content-Type": MediaType.ociManifest };
    const json = await reg.client("/v2/v/json/manifests/v1", { method: "PUT", headers, body: "{oops" });
    expect([json.status, json.codes]).toEqual([400, ["MANIFEST_INVALID"]]);
    const name = await reg.client("/v2/V/Upper/manifests/v1", { method: "PUT", headers, body: "{}" });
    expect([name.status, name.codes]).toEqual([400, ["NAME_INVALID"]]);
    const tag = await reg.client("/v2/v/json/manifests/.bad", { method: "PUT", headers, body: "{}" });
    expect([tag.status, tag.codes]).toEqual([400, ["TAG_INVALID"]]);
  });

  it("answers 413 for a manifest over 4 MiB and accepts one just under", async () => {
    await using reg = await startTempRegistry();
    const config = blobOf("{}");
    await pushBlob(reg.client, "v/big", config);
    const base = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptorOf(MediaType.ociConfig, config),
      layers: [],
    };
    const sized = (bytes: number) => {
      const overhead = Buffer.byteLength(JSON.stringify({ ...base, annotations: { pad: "" } }));
      return manifestOf({ ...base, annotations: { pad: "x".repeat(bytes - overhead) } });
    };
    const limit = 4 * 1024 * 1024;
    const over = sized(limit + 1);
    expect(over.bytes.length).toBe(limit + 1);
    const reply = await reg.client("/v2/v/big/manifests/over", {
      method: "PUT",
      headers: { "Content-Type": MediaType.ociManifest },
      body: over.bytes,
    });
    expect([reply.status, reply.codes]).toEqual([413, ["MANIFEST_INVALID"]]);
    await putManifest(reg.client, "v/big", "under", sized(limit));
  });
});
