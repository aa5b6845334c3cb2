import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  attestationEntry,
  type Blob,
  buildAttestation,
  buildImage,
  SLSA_PROVENANCE_V02,
  SPDX_DOCUMENT,
} from "../../../runner/seed/index.js";
import { goldenImageSpec } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const parse = (blob: Blob) => JSON.parse(new TextDecoder().decode(blob.bytes));
const image = buildImage(goldenImageSpec("oci"));

describe("buildAttestation", () => {
  const attestation = buildAttestation({ image: image.manifest });
  const manifest = parse(attestation.manifest);

  it("is an OCI manifest with an OCI config and one in-toto layer annotated with its predicate type", () => {
    expect(attestation.manifest.mediaType).toBe(MediaType.ociManifest);
    expect(manifest.mediaType).toBe(MediaType.ociManifest);
    expect(manifest.config).toEqual({
      mediaType: MediaType.ociConfig,
      digest: attestation.config.digest,
      size: attestation.config.size,
    });
    expect(manifest.layers).toEqual([
      {
        mediaType: MediaType.inTotoLayer,
        digest: sha256(attestation.layers[0]!.bytes),
        size: attestation.layers[0]!.bytes.byteLength,
        annotations: { "in-toto.io/predicate-type": SLSA_PROVENANCE_V02 },
      },
    ]);
  });

  it("has a config of unknown/unknown whose diff_ids are the in-toto layer digests", () => {
    expect(parse(attestation.config)).toEqual({
      architecture: "unknown",
      os: "unknown",
      config: {},
      rootfs: { type: "layers", diff_ids: [attestation.layers[0]!.digest] },
    });
  });

  it("holds an in-toto statement whose subject is the image manifest digest", () => {
    const statement = parse(attestation.layers[0]!);
    expect(Object.keys(statement)).toEqual(["_type", "predicateType", "subject", "predicate"]);
    expect(statement._type).toBe("https://in-toto.io/Statement/v0.1");
    expect(statement.predicateType).toBe(SLSA_PROVENANCE_V02);
    expect(statement.subject).toEqual([{ name: "_", digest: { sha256: image.manifest.digest.slice(7) } }]);
    expect(attestation.describes).toBe(image.manifest.digest);
  });

  it("writes one layer per predicate, in order, with the given subject name", () => {
    const two = buildAttestation({
      image: image.manifest,
      subjectName: "pkg:docker/lab12/web@1.0?platform=linux%2Famd64",
      predicates: [
        { predicateType: SPDX_DOCUMENT, predicate: { spdxVersion: "SPDX-2.3", packages: [] } },
        { predicateType: SLSA_PROVENANCE_V02, predicate: { buildType: "https://mobyproject.org/buildkit@v1" } },
      ],
    });
    expect(two.layers.map((l) => parse(l).predicateType)).toEqual([SPDX_DOCUMENT, SLSA_PROVENANCE_V02]);
    expect(parse(two.manifest).layers.map((l: { annotations: object }) => l.annotations)).toEqual([
      { "in-toto.io/predicate-type": SPDX_DOCUMENT },
      { "in-toto.io/predicate-type": SLSA_PROVENANCE_V02 },
    ]);
    expect(parse(two.layers[0]!).subject[0].name).toBe("pkg:docker/lab12/web@1.0?platform=linux%2Famd64");
    expect(parse(two.config).rootfs.diff_ids).toEqual(two.layers.map((l) => l.digest));
  });

  it("describes a different image with different bytes", () => {
    const other = buildImage(goldenImageSpec("oci", "arm64"));
    expect(buildAttestation({ image: other.manifest }).manifest.digest).not.toBe(attestation.manifest.digest);
  });

  it("rejects an empty predicate list", () => {
    expect(() => buildAttestation({ image: image.manifest, predicates: [] })).toThrow(/at least one predicate/);
  });
});

describe("attestationEntry", () => {
  it("points at the attestation with platform unknown/unknown and BuildKit's reference annotations", () => {
    const attestation = buildAttestation({ image: image.manifest });
    expect(attestationEntry(attestation)).toEqual({
      manifest: attestation,
      platform: { architecture: "unknown", os: "unknown" },
      annotations: {
        "vnd.docker.reference.digest": image.manifest.digest,
        "vnd.docker.reference.type": "attestation-manifest",
      },
    });
  });
});
