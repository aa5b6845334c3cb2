import { randomBytes } from "node:crypto";
import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { EMPTY_JSON, EMPTY_JSON_DIGEST, MediaType } from "../../../grader/oci/media-types.js";
import type { PushItem } from "../../../runner/registry-client/index.js";

// Hand-made objects for the integration tests: small JSON, random layer bytes.

/** A blob with its descriptor. */
export interface Blob {
  readonly bytes: Buffer;
  readonly digest: Digest;
  readonly size: number;
  readonly mediaType: string;
}

// A blob of the given bytes.
export function makeBlob(bytes: Buffer | string, mediaType: string): Blob {
  const buffer = Buffer.from(bytes);
  return { bytes: buffer, digest: digestOf(buffer), size: buffer.length, mediaType };
}

// A config and one random layer, OCI or Docker typed.
export function makeImageParts(flavour: "oci" | "docker", arch = "amd64"): { config: Blob; layer: Blob } {
  const oci = flavour === "oci";
  const layer = makeBlob(randomBytes(3000), oci ? MediaType.ociLayerGzip : MediaType.dockerLayerGzip);
  const config = makeBlob(
    JSON.stringify({ architecture: arch, os: "linux", rootfs: { type: "layers", diff_ids: [layer.digest] } }),
    oci ? MediaType.ociConfig : MediaType.dockerConfig,
  );
  return { config, layer };
}

const descriptor = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });

// Manifest bytes, pretty-printed with 3 spaces so that any re-serialisation would change the digest.
export function makeManifest(flavour: "oci" | "docker", parts: { config: Blob; layer: Blob }): Blob {
  const mediaType = flavour === "oci" ? MediaType.ociManifest : MediaType.dockerManifest;
  const json = { schemaVersion: 2, mediaType, config: descriptor(parts.config), layers: [descriptor(parts.layer)] };
  return makeBlob(`${JSON.stringify(json, null, 3)}\n`, mediaType);
}

// An index over child manifests, with platforms.
export function makeIndex(children: readonly { manifest: Blob; arch: string }[]): Blob {
  const manifests = children.map((c) => ({
    ...descriptor(c.manifest),
    platform: { os: "linux", architecture: c.arch },
  }));
  return makeBlob(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }), MediaType.ociIndex);
}

// An artifact manifest with a subject (image-spec "Guidelines for Artifact Usage"), config = the empty descriptor.
export function makeArtifact(subject: Blob, artifactType: string, payload: Blob): Blob {
  const json = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
    layers: [descriptor(payload)],
    subject: descriptor(subject),
    annotations: { "org.example.kind": artifactType },
  };
  return makeBlob(JSON.stringify(json), MediaType.ociManifest);
}

export const emptyJson = makeBlob(EMPTY_JSON, MediaType.ociEmpty);

// pushAll items for an image: its blobs then its manifest under a tag.
export function toPushItems(parts: { config: Blob; layer: Blob }, manifest: Blob, tag?: string): PushItem[] {
  return [
    { kind: "blob", ...parts.config },
    { kind: "blob", ...parts.layer },
    { kind: "manifest", ...manifest, ...(tag ? { tag } : {}) },
  ];
}
