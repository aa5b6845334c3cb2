import { EMPTY_JSON, MediaType } from "../../grader/oci/media-types.js";
import type { Descriptor } from "../../grader/oci/types.js";
import { type Blob, jsonBlob, makeBlob, toDescriptor } from "./blob.js";
import type { BuiltArtifact } from "./built.js";
import type { JsonFormat } from "./json.js";
import { orderDescriptor } from "./key-order.js";

// OCI 1.1 artifacts (image-spec manifest.md, "Guidelines for Artifact Usage"): an image manifest with
// `artifactType`, usually the empty config, and optionally a `subject` that makes it a referrer.

/** The empty descriptor's blob: `{}`, media type application/vnd.oci.empty.v1+json. */
export const EMPTY_BLOB: Blob = makeBlob(MediaType.ociEmpty, EMPTY_JSON);

/** One artifact layer: any blob, with optional descriptor annotations (e.g. org.opencontainers.image.title). */
export interface ArtifactLayer {
  readonly blob: Blob;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ArtifactSpec {
  readonly artifactType: string;
  /** Written as given, in order (an empty list stays empty). */
  readonly layers: readonly ArtifactLayer[];
  /** Default: the empty descriptor (EMPTY_BLOB). */
  readonly config?: Blob;
  /** The manifest this artifact refers to; it need not exist in the registry. */
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly json?: JsonFormat;
}

// Builds an artifact manifest: {schemaVersion, mediaType, artifactType, config, layers, subject, annotations}.
export function buildArtifact(spec: ArtifactSpec): BuiltArtifact {
  if (!spec.artifactType) throw new Error("an artifact needs a non-empty artifactType");
  const config = spec.config ?? EMPTY_BLOB;
  const value = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: spec.artifactType,
    config: orderDescriptor(toDescriptor(config), "oci"),
    layers: spec.layers.map((l) => orderDescriptor(toDescriptor(l.blob, { annotations: l.annotations }), "oci")),
    subject: spec.subject && orderDescriptor(spec.subject, "oci"),
    annotations: spec.annotations,
  };
  const manifest = jsonBlob(MediaType.ociManifest, value, spec.json);
  return { kind: "artifact", manifest, config, layers: spec.layers.map((l) => l.blob) };
}
