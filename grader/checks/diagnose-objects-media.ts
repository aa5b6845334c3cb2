import { isImageConfigMediaType, type LayerCompression } from "../oci/media-types.js";
import type { Descriptor, ImageManifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { prefixed } from "./lab-ref.js";

// Predicates about media types and bytes: which family a type belongs to, whether a manifest is an image or an
// artifact, and what a layer's first bytes say it is (image-spec media-types.md, layer.md).

/** The family of a media type. */
export type MediaFamily = "oci" | "docker";

// `oci` for application/vnd.oci.*, `docker` for application/vnd.docker.*, else undefined.
export function familyOf(mediaType: string): MediaFamily | undefined {
  if (mediaType.startsWith("application/vnd.oci.")) return "oci";
  if (mediaType.startsWith("application/vnd.docker.")) return "docker";
  return undefined;
}

// "OCI" / "Docker".
export function familyName(family: MediaFamily): string {
  return family === "oci" ? "OCI" : "Docker";
}

// An artifact rather than a runnable image: it declares an `artifactType`, or its config is not an image config
// (image-spec manifest.md, "Guidelines for Artifact Usage").
export function isArtifactManifest(manifest: ImageManifest): boolean {
  return manifest.artifactType !== undefined || !isImageConfigMediaType(manifest.config.mediaType);
}

// The type an artifact declares: `artifactType`, else its config media type (as the referrers API reports it).
export function artifactTypeOf(manifest: ImageManifest): string {
  return manifest.artifactType ?? manifest.config.mediaType;
}

/** What a layer's first bytes are. */
export type SniffedFormat = LayerCompression | "unknown";

const TAR_MAGIC = "ustar";

// Recognises gzip (1f 8b), zstd (28 b5 2f fd) and tar (`ustar` at offset 257) from a blob's first bytes.
export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  if (head.byteLength >= 262 && new TextDecoder().decode(head.subarray(257, 262)) === TAR_MAGIC) return "none";
  return "unknown";
}

const HEAD_BYTES = 512;

// The first bytes of a blob in a lab repository (at most 512), read from its stream without verifying the rest.
export async function readBlobHead(
  ctx: GradeContext,
  repository: string,
  descriptor: Pick<Descriptor, "digest" | "size">,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const stream = ctx.source.blobStream(prefixed(ctx.prefix, repository), descriptor)[Symbol.asyncIterator]();
  try {
    while (length < HEAD_BYTES) {
      const next = await stream.next();
      if (next.done) break;
      parts.push(next.value);
      length += next.value.byteLength;
    }
  } finally {
    await stream.return?.();
  }
  return Buffer.concat(parts, length).subarray(0, HEAD_BYTES);
}

// "gzip-compressed tar", "zstd-compressed tar", "uncompressed tar", "not a tar archive".
export function describeFormat(format: SniffedFormat): string {
  if (format === "gzip") return "a gzip-compressed tar";
  if (format === "zstd") return "a zstd-compressed tar";
  if (format === "none") return "an uncompressed tar";
  return "not a tar archive";
}
