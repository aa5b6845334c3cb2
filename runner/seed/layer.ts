import { type Digest, digestOf } from "../../grader/oci/digest.js";
import { type Blob, makeBlob } from "./blob.js";
import { type Compression, compress, DEFAULT_GZIP_LEVEL } from "./compress.js";
import { type Flavour, layerMediaType } from "./flavour.js";
import { buildTar, type TarEntry } from "./tar.js";

/** One filesystem layer: its members in order and how the tar is stored. */
export interface LayerSpec {
  readonly files: readonly TarEntry[];
  /** Default "gzip". */
  readonly compression?: Compression;
  /** gzip level 0-9; default 9. */
  readonly level?: number;
  /** Insert missing parent directories (see TarOptions). */
  readonly addParents?: boolean;
  /** The `created_by` of this layer's default history entry. */
  readonly createdBy?: string;
}

/** A built layer: the (compressed) blob and the digest of the uncompressed tar. */
export interface BuiltLayer {
  readonly blob: Blob;
  readonly diffId: Digest;
}

// A layer blob whose media type follows the flavour and compression, with its DiffID (sha256 of the plain tar).
export function buildLayer(spec: LayerSpec & { readonly mediaTypeFlavour?: Flavour }): BuiltLayer {
  const compression = spec.compression ?? "gzip";
  const mediaType = layerMediaType(spec.mediaTypeFlavour ?? "oci", compression);
  const tar = buildTar(spec.files, { addParents: spec.addParents ?? false });
  return {
    blob: makeBlob(mediaType, compress(tar, compression, spec.level ?? DEFAULT_GZIP_LEVEL)),
    diffId: digestOf(tar),
  };
}
