import { gunzipBounded } from "../oci/bounded.js";
import { type Digest, digestOfStream } from "../oci/digest.js";
import { OciFormatError } from "../oci/format-error.js";
import type { Descriptor, ImageConfig, ImageManifest } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { shortDigest } from "./describe.js";
import { readBlobHead, sniffFormat } from "./diagnose-objects-media.js";
import { prefixed } from "./lab-ref.js";

// Verifies an image config's rootfs.diff_ids against its layers: DiffID = digest of the uncompressed tar
// (image-spec config.md "Layer DiffID"), streamed through a bounded gunzip, never extracted.

/** One diff_id that does not match its layer, in words, and whether it is the compressed digest instead. */
export interface DiffIdLie {
  readonly message: string;
  readonly compressedDigest: boolean;
}

// The diff_id lies of one image (count mismatch, wrong digests); zstd layers are not checked, nor layers that
// `readable` refuses (a layer whose size or digest lies is reported as that lie, and cannot be streamed).
export async function diffIdLies(
  ctx: GradeContext,
  repository: string,
  manifest: ImageManifest,
  config: ImageConfig,
  readable: (layer: Descriptor) => boolean = () => true,
): Promise<DiffIdLie[]> {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    const message = `the config lists ${diffIds.length} diff_ids for ${manifest.layers.length} layers`;
    return [{ message, compressedDigest: false }];
  }
  const lies: DiffIdLie[] = [];
  for (const [i, layer] of manifest.layers.entries()) {
    const diffId = diffIds[i] as Digest;
    if (!readable(layer)) continue;
    const actual = await uncompressedDigest(ctx, repository, layer);
    if (actual === undefined || actual === diffId) continue;
    const compressedDigest = diffId === layer.digest;
    const what = compressedDigest ? "the compressed layer's digest" : shortDigest(diffId);
    lies.push({
      message: `rootfs.diff_ids[${i}] is ${what}, but layer ${i} uncompresses to ${shortDigest(actual)}`,
      compressedDigest,
    });
  }
  return lies;
}

// The digest of a layer's uncompressed tar; undefined for zstd (no decompressor here) and for a broken gzip
// stream (not a diff_id question: the layer itself is unreadable).
async function uncompressedDigest(
  ctx: GradeContext,
  repository: string,
  layer: Descriptor,
): Promise<Digest | undefined> {
  const format = sniffFormat(await readBlobHead(ctx, repository, layer));
  if (format === "zstd") return undefined;
  const stream = ctx.source.blobStream(prefixed(ctx.prefix, repository), layer);
  if (format !== "gzip") return (await digestOfStream(stream)).digest;
  const bounds = { maxBytes: ctx.limits.maxDecompressedBytes, maxRatio: ctx.limits.maxDecompressionRatio };
  try {
    return (await digestOfStream(gunzipBounded(stream, bounds))).digest;
  } catch (error) {
    if (error instanceof OciFormatError) return undefined;
    throw error;
  }
}
