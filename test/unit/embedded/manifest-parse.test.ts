import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { RegistryError } from "../../../runner/registry/embedded/http/errors.js";
import { parseManifest } from "../../../runner/registry/embedded/manifest/parse.js";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const descriptor = (mediaType: string, digest: string, size = 10) => ({ mediaType, digest, size });

const ociManifest = {
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: descriptor(MediaType.ociConfig, D1),
  layers: [descriptor(MediaType.ociLayerGzip, D2)],
};

function codeOf(contentType: string | undefined, body: Uint8Array): string {
  try {
    parseManifest(contentType, body);
  } catch (err) {
    if (err instanceof RegistryError) return err.code;
    throw err;
  }
  return "accepted";
}

describe("parseManifest: what distribution accepts", () => {
  it("reads the references of an OCI image manifest", () => {
    const parsed = parseManifest(MediaType.ociManifest, bytes(ociManifest));
    expect(parsed.kind).toBe("manifest");
    expect(parsed.blobs.map((b) => b.digest)).toEqual([D1, D2]);
    expect(parsed.artifactType).toBe(MediaType.ociConfig);
  });

  it("ignores Content-Type parameters and case", () => {
    expect(codeOf(`${MediaType.ociManifest.toUpperCase()}; charset=utf-8`, bytes(ociManifest))).toBe("accepted");
  });

  it("accepts an OCI manifest without a mediaType field, and an OCI index without one", () => {
    const { mediaType: _, ...bare } = ociManifest;
    expect(codeOf(MediaType.ociManifest, bytes(bare))).toBe("accepted");
    expect(codeOf(MediaType.ociIndex, bytes({ schemaVersion: 2, manifests: [] }))).toBe("accepted");
  });

  it("accepts descriptors that lie about size, media type and platform", () => {
    const lying = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ ...descriptor("text/plain", D1, -5), platform: { architecture: "nonsense", os: "plan9" } }],
    };
    expect(parseManifest(MediaType.ociIndex, bytes(lying)).children.map((c) => c.size)).toEqual([-5]);
  });

  it("ignores unknown fields and fields distribution 2.8 does not know (data, artifactType types)", () => {
    const extra = { ...ociManifest, newUnspecifiedField: [1, 2], layers: [{ ...descriptor("x/y", D2), data: 42 }] };
    expect(codeOf(MediaType.ociManifest, bytes(extra))).toBe("accepted");
  });

  it("reads subject, artifactType and annotations for the referrers API", () => {
    const artifact = {
      ...ociManifest,
      artifactType: "application/vnd.example.sbom",
      subject: descriptor(MediaType.ociManifest, D2),
      annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
    };
    const parsed = parseManifest(MediaType.ociManifest, bytes(artifact));
    expect(parsed.subject).toBe(D2);
    expect(parsed.artifactType).toBe("application/vnd.example.sbom");
    expect(parsed.annotations).toEqual(artifact.annotations);
  });

  it("accepts Docker schema 2 manifests and lists carrying their mediaType", () => {
    const docker = { ...ociManifest, mediaType: MediaType.dockerManifest };
    expect(codeOf(MediaType.dockerManifest, bytes(docker))).toBe("accepted");
    const list = { schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [] };
    expect(parseManifest(MediaType.dockerManifestList, bytes(list)).kind).toBe("index");
  });
});

describe("parseManifest: what distribution refuses (MANIFEST_INVALID)", () => {
  it.each([
    [
      "a mediaType that contradicts Content-Type",
      MediaType.ociManifest,
      { ...ociManifest, mediaType: MediaType.ociIndex },
    ],
    ["a Docker manifest without its mediaType", MediaType.dockerManifest, { ...ociManifest, mediaType: undefined }],
    ["a Docker list without its mediaType", MediaType.dockerManifestList, { schemaVersion: 2, manifests: [] }],
    ["an OCI manifest that has manifests", MediaType.ociManifest, { ...ociManifest, manifests: [] }],
    ["an OCI index that has layers", MediaType.ociIndex, { schemaVersion: 2, manifests: [], layers: [] }],
    ["schemaVersion 1", MediaType.ociManifest, { ...ociManifest, schemaVersion: 1 }],
    ["schemaVersion missing", MediaType.ociManifest, { ...ociManifest, schemaVersion: undefined }],
    [
      "a size that is not an integer",
      MediaType.ociManifest,
      { ...ociManifest, config: { ...ociManifest.config, size: "10" } },
    ],
    ["layers that is not an array", MediaType.ociManifest, { ...ociManifest, layers: {} }],
    ["annotations that are not strings", MediaType.ociManifest, { ...ociManifest, annotations: { a: 1 } }],
    [
      "a platform os that is not a string",
      MediaType.ociIndex,
      { schemaVersion: 2, manifests: [{ platform: { os: 1 } }] },
    ],
    ["a JSON array", MediaType.ociManifest, []],
  ])("%s", (_, contentType, body) => {
    expect(codeOf(contentType, bytes(body))).toBe("MANIFEST_INVALID");
  });

  it.each([
    ["schema 1", MediaType.dockerManifestSchema1Signed],
    ["no Content-Type", undefined],
    ["application/json", "application/json"],
    ["an unknown type", "application/vnd.example+json"],
  ])("refuses %s as Content-Type", (_, contentType) => {
    expect(codeOf(contentType, bytes(ociManifest))).toBe("MANIFEST_INVALID");
  });

  it("refuses bytes that are not JSON", () => {
    expect(codeOf(MediaType.ociManifest, Buffer.from("{not json"))).toBe("MANIFEST_INVALID");
    expect(codeOf(MediaType.ociManifest, Buffer.from(`\ufeff${JSON.stringify(ociManifest)}`))).toBe("MANIFEST_INVALID");
  });
});
