import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EMPTY_JSON_DIGEST, MediaType } from "../../../grader/oci/media-types.js";
import { type Blob, buildArtifact, EMPTY_BLOB, jsonBlob, makeBlob } from "../../../runner/seed/index.js";
import { goldenArtifact } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const parse = (blob: Blob) => JSON.parse(new TextDecoder().decode(blob.bytes));

describe("buildArtifact", () => {
  it("produces the golden digest for an artifact with a subject", () => {
    const artifact = goldenArtifact();
    expect(artifact.manifest.digest).toBe("sha256:0fc709b4960c223d775a3226fdb89b2e55929c2d83eb2734433132cbd139ff9a");
    expect(artifact.manifest.digest).toBe(sha256(artifact.manifest.bytes));
  });

  it("writes artifactType, the empty config, annotated layers, subject and annotations in spec order", () => {
    const artifact = goldenArtifact();
    const value = parse(artifact.manifest);
    expect(Object.keys(value)).toEqual([
      "schemaVersion",
      "mediaType",
      "artifactType",
      "config",
      "layers",
      "subject",
      "annotations",
    ]);
    expect(value.artifactType).toBe("application/vnd.example.sbom.v1");
    expect(value.config).toEqual({ mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 });
    expect(value.layers[0]).toEqual({
      mediaType: "application/spdx+json",
      digest: sha256(artifact.layers[0]!.bytes),
      size: artifact.layers[0]!.size,
      annotations: { "org.opencontainers.image.title": "sbom.spdx.json" },
    });
    expect(value.subject.mediaType).toBe(MediaType.ociManifest);
    expect(artifact.config).toBe(EMPTY_BLOB);
  });

  it("has an empty blob whose bytes are {} and whose digest is the spec's constant", () => {
    expect(new TextDecoder().decode(EMPTY_BLOB.bytes)).toBe("{}");
    expect(EMPTY_BLOB.digest).toBe(EMPTY_JSON_DIGEST);
    expect(sha256(EMPTY_BLOB.bytes)).toBe(EMPTY_JSON_DIGEST);
  });

  it("uses a given config and leaves out subject and annotations when absent", () => {
    const config = jsonBlob("application/vnd.example.config.v1+json", { tool: "x" });
    const artifact = buildArtifact({ artifactType: "application/x.a", config, layers: [] });
    const value = parse(artifact.manifest);
    expect(value.config.digest).toBe(config.digest);
    expect(value.layers).toEqual([]);
    expect(Object.keys(value)).toEqual(["schemaVersion", "mediaType", "artifactType", "config", "layers"]);
  });

  it("changes digest when the subject changes", () => {
    const layer = { blob: makeBlob("text/plain", "x") };
    const a = buildArtifact({ artifactType: "application/x.a", layers: [layer] });
    const b = buildArtifact({
      artifactType: "application/x.a",
      layers: [layer],
      subject: { mediaType: MediaType.ociManifest, digest: EMPTY_JSON_DIGEST as never, size: 2 },
    });
    expect(a.manifest.digest).not.toBe(b.manifest.digest);
  });

  it("rejects an empty artifactType", () => {
    expect(() => buildArtifact({ artifactType: "", layers: [] })).toThrow(/artifactType/);
  });
});
