// Deterministic image builder: pure functions from a lab's spec to exact bytes (docs/seeding.md).

export { type ArtifactLayer, type ArtifactSpec, buildArtifact, EMPTY_BLOB } from "./artifact.js";
export {
  type AttestationSpec,
  attestationEntry,
  buildAttestation,
  type InTotoPredicate,
  SLSA_PROVENANCE_V02,
  SPDX_DOCUMENT,
} from "./attestation.js";
export { type Blob, jsonBlob, makeBlob, toDescriptor } from "./blob.js";
export {
  allBlobs,
  type Built,
  type BuiltArtifact,
  type BuiltAttestation,
  type BuiltImage,
  type BuiltIndex,
  type PushPlan,
  pushPlan,
} from "./built.js";
export { chainIds } from "./chain-id.js";
export { type Compression, compress, DEFAULT_GZIP_LEVEL, GZIP_OS_UNKNOWN, gzip } from "./compress.js";
export { configMediaType, type Flavour, indexMediaType, layerMediaType, manifestMediaType } from "./flavour.js";
export { buildImage, type ImageSpec } from "./image.js";
export type { HistoryEntry, RuntimeConfig } from "./image-config.js";
export { buildIndex, type DescriptorOverride, type IndexEntry, type IndexSpec, imageEntry } from "./index-builder.js";
export { encodeJson, formatJson, type JsonFormat } from "./json.js";
export { type BuiltLayer, buildLayer, type LayerSpec } from "./layer.js";
export {
  buildTar,
  RECORD_SIZE,
  type TarDir,
  type TarEntry,
  type TarFile,
  type TarHardlink,
  type TarOpaqueWhiteout,
  type TarOptions,
  type TarSymlink,
  type TarWhiteout,
} from "./tar.js";
