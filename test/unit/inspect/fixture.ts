import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import type { Descriptor, Platform } from "../../../grader/oci/types.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

// An in-memory lab repository shaped like lab 9's `src/app:v1`: an OCI index of linux/amd64 and
// linux/arm64/v8 images that share their base layer, one BuildKit attestation, and an SBOM artifact that
// refers to the index. Options break it: a layer the registry lacks, an index entry that lies about a size.

export const REPO = "lab09/src/app";
export const REGISTRY = "127.0.0.1:5000";
export const ARTIFACT_TYPE = "application/vnd.example.sbom+json";

/** What the fixture pushed, for tests to compute expectations from. */
export interface Fixture {
  readonly src: MemorySource;
  readonly index: Descriptor;
  readonly amd64: Descriptor;
  readonly arm64: Descriptor;
  readonly attestation: Descriptor;
  readonly artifact: Descriptor;
  readonly amd64Config: Digest;
  readonly baseLayer: Digest;
  readonly baseDiffId: Digest;
  readonly missingLayer: Digest;
}

const layer = (src: MemorySource, text: string): Descriptor => ({
  mediaType: MediaType.ociLayerGzip,
  ...src.putBlob(REPO, text),
});

function image(src: MemorySource, platform: Platform, layers: readonly Descriptor[], diffIds: readonly Digest[]) {
  const config = JSON.stringify({ ...platform, rootfs: { type: "layers", diff_ids: diffIds } });
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, ...src.putBlob(REPO, config) },
    layers,
  };
  return { descriptor: { ...src.putManifest(REPO, manifest), platform }, config: manifest.config.digest };
}

// Pushes the fixture; `missingLayer` leaves arm64's app layer out, `lyingSize` makes the index lie about arm64.
export function seedFixture(options: { missingLayer?: boolean; lyingSize?: boolean } = {}): Fixture {
  const src = createMemorySource();
  const base = layer(src, "base layer (gzip)");
  const baseDiffId = digestOf("base layer (tar)");
  const amd = image(
    src,
    { os: "linux", architecture: "amd64" },
    [base, layer(src, "amd64 app")],
    [baseDiffId, digestOf("amd64 app (tar)")],
  );
  const armApp = options.missingLayer
    ? { mediaType: MediaType.ociLayerGzip, digest: digestOf("arm64 app"), size: 9 }
    : layer(src, "arm64 app");
  const arm = image(
    src,
    { os: "linux", architecture: "arm64", variant: "v8" },
    [base, armApp],
    [baseDiffId, digestOf("arm64 app (tar)")],
  );
  const statement = {
    mediaType: MediaType.inTotoLayer,
    ...src.putBlob(REPO, '{"_type":"https://in-toto.io/Statement/v0.1"}'),
  };
  const attestationManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, ...src.putBlob(REPO, "{}") },
    layers: [statement],
  };
  const attestation = {
    ...src.putManifest(REPO, attestationManifest),
    platform: { os: "unknown", architecture: "unknown" },
    annotations: {
      "vnd.docker.reference.type": "attestation-manifest",
      "vnd.docker.reference.digest": amd.descriptor.digest,
    },
  };
  const armEntry = options.lyingSize ? { ...arm.descriptor, size: arm.descriptor.size + 7 } : arm.descriptor;
  const index = src.putManifest(
    REPO,
    { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [amd.descriptor, armEntry, attestation] },
    { tag: "v1" },
  );
  const artifact = src.putManifest(REPO, {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: ARTIFACT_TYPE,
    config: { mediaType: MediaType.ociEmpty, ...src.putBlob(REPO, "{}") },
    layers: [{ mediaType: "application/spdx+json", ...src.putBlob(REPO, '{"spdxVersion":"SPDX-2.3"}') }],
    subject: { mediaType: index.mediaType, digest: index.digest, size: index.size },
  });
  return {
    src,
    index,
    amd64: amd.descriptor,
    arm64: arm.descriptor,
    attestation,
    artifact,
    amd64Config: amd.config,
    baseLayer: base.digest,
    baseDiffId,
    missingLayer: armApp.digest,
  };
}
