import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { type Blob, buildImage, buildIndex, type IndexEntry, imageEntry } from "../../../runner/seed/index.js";
import { goldenDockerList, goldenImageSpec, goldenOciIndex } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const parse = (blob: Blob) => JSON.parse(new TextDecoder().decode(blob.bytes));

describe("buildIndex golden digests", () => {
  it("OCI index with two platforms and one attestation", () => {
    const index = goldenOciIndex();
    expect(index.manifest.digest).toBe("sha256:1a738943f7b6adba80b12c92da351a878228ddf8693a31cb35ed7e715eb559cf");
    expect(index.manifest.digest).toBe(sha256(index.manifest.bytes));
  });

  it("Docker manifest list with two platforms", () => {
    const list = goldenDockerList();
    expect(list.manifest.digest).toBe("sha256:7b12a909d77af1f34ea79e350b451e36bfe42106ae5624a10b16391b03449c67");
    expect(list.manifest.digest).toBe(sha256(list.manifest.bytes));
  });
});

describe("buildIndex", () => {
  it("lists each child by the digest, size and media type of its manifest bytes, in entry order", () => {
    const index = goldenOciIndex();
    const value = parse(index.manifest);
    expect(value.mediaType).toBe(MediaType.ociIndex);
    expect(value.manifests).toHaveLength(3);
    value.manifests.forEach((d: { digest: string; size: number; mediaType: string }, i: number) => {
      const child = index.children[i]!.manifest;
      expect(d).toMatchObject({
        digest: sha256(child.bytes),
        size: child.bytes.byteLength,
        mediaType: child.mediaType,
      });
    });
    expect(value.manifests.map((d: { platform: { architecture: string } }) => d.platform.architecture)).toEqual([
      "amd64",
      "arm64",
      "unknown",
    ]);
    expect(value.manifests[1].platform).toEqual({ architecture: "arm64", os: "linux", variant: "v8" });
    expect(value.annotations).toEqual({ "org.opencontainers.image.created": "2024-01-01T00:00:00Z" });
  });

  it("writes Docker list descriptors as {mediaType, size, digest, platform} and no annotations unless given", () => {
    const value = parse(goldenDockerList().manifest);
    expect(value.mediaType).toBe(MediaType.dockerManifestList);
    expect(Object.keys(value)).toEqual(["schemaVersion", "mediaType", "manifests"]);
    expect(Object.keys(value.manifests[0])).toEqual(["mediaType", "size", "digest", "platform"]);
  });

  it("writes deliberate lies about platform, size, media type and digest as given", () => {
    const amd64 = buildImage(goldenImageSpec("oci"));
    const lie = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    const index = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry(amd64, {
          platform: { architecture: "arm", os: "linux", variant: "v7" },
          override: { size: 7, mediaType: MediaType.dockerManifest, digest: lie },
        }),
      ],
    });
    expect(parse(index.manifest).manifests[0]).toEqual({
      mediaType: MediaType.dockerManifest,
      digest: lie,
      size: 7,
      platform: { architecture: "arm", os: "linux", variant: "v7" },
    });
    expect(index.children[0]).toBe(amd64);
  });

  it("omits the platform when an entry gives none and writes an entry's artifactType", () => {
    const amd64 = buildImage(goldenImageSpec("oci"));
    const index = buildIndex({ flavour: "oci", entries: [{ manifest: amd64, artifactType: "application/x.t" }] });
    expect(Object.keys(parse(index.manifest).manifests[0])).toEqual(["mediaType", "digest", "size", "artifactType"]);
  });

  it("pretty-prints on request without changing the content", () => {
    const amd64 = buildImage(goldenImageSpec("oci"));
    const compact = buildIndex({ flavour: "oci", entries: [imageEntry(amd64)] });
    const pretty = buildIndex({ flavour: "oci", entries: [imageEntry(amd64)], json: { indent: 2 } });
    expect(parse(pretty.manifest)).toEqual(parse(compact.manifest));
    expect(pretty.manifest.digest).not.toBe(compact.manifest.digest);
  });

  it.each<{ name: string; override: IndexEntry["override"]; message: RegExp }>([
    { name: "a negative size", override: { size: -1 }, message: /size must be a non-negative integer/ },
    { name: "a fractional size", override: { size: 1.5 }, message: /size must be a non-negative integer/ },
    { name: "a malformed digest", override: { digest: "sha256:XYZ" }, message: /override digest/ },
  ])("rejects an override with $name", ({ override, message }) => {
    const amd64 = buildImage(goldenImageSpec("oci"));
    expect(() => buildIndex({ flavour: "oci", entries: [imageEntry(amd64, { override })] })).toThrow(message);
  });
});
