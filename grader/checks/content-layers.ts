import { gunzipBounded } from "../oci/bounded.js";
import { type Digest, digestOfStream } from "../oci/digest.js";
import { layerCompression } from "../oci/media-types.js";
import { readTarEntries, type TarEntry } from "../oci/tar.js";
import type { Descriptor } from "../oci/types.js";
import type { GradeContext } from "./context.js";

// Reading layer blobs by streaming (image-spec layer.md): blob chunks → bounded gunzip → tar entries, never
// extracted and never held whole. The compression comes from the media type; a blob of another media type is
// sniffed (gzip magic or plain tar). zstd cannot be read with Node 20's zlib and is reported as an error.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md, https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-diffid

const GZIP_MAGIC = [0x1f, 0x8b];

// The uncompressed tar bytes of a layer, as a stream.
export async function* layerTarStream(
  ctx: GradeContext,
  repository: string,
  descriptor: Descriptor,
): AsyncGenerator<Uint8Array> {
  ctx.deadline.check(`reading layer ${descriptor.digest}`);
  const compression = layerCompression(descriptor.mediaType);
  if (compression === "zstd")
    throw new Error(`layer ${descriptor.digest} is zstd-compressed, which this grader cannot read`);
  const chunks = ctx.source.blobStream(repository, descriptor);
  const bounds = { maxBytes: ctx.limits.maxDecompressedBytes, maxRatio: ctx.limits.maxDecompressionRatio };
  if (compression === "gzip") return yield* gunzipBounded(chunks, bounds);
  if (compression === "none") return yield* chunks;
  const { first, rest } = await peek(chunks);
  const all = prepend(first, rest);
  if (first && GZIP_MAGIC.every((b, i) => first[i] === b)) return yield* gunzipBounded(all, bounds);
  return yield* all;
}

// The tar entries of a layer; `wantContent` picks the regular files whose content is read (bounded).
export function layerEntries(
  ctx: GradeContext,
  repository: string,
  descriptor: Descriptor,
  wantContent?: (entry: TarEntry) => boolean,
): AsyncGenerator<TarEntry> {
  return readTarEntries(layerTarStream(ctx, repository, descriptor), {
    maxEntries: ctx.limits.maxTarEntries,
    maxEntryBytes: ctx.limits.maxTarEntryBytes,
    ...(wantContent ? { wantContent } : {}),
  });
}

const diffIds = new WeakMap<GradeContext, Map<string, Promise<Digest>>>();

// The DiffID of a layer: sha256 of its uncompressed tar (image-spec config.md "rootfs"), once per grading run.
export function diffIdOf(ctx: GradeContext, repository: string, descriptor: Descriptor): Promise<Digest> {
  const memo = diffIds.get(ctx) ?? new Map<string, Promise<Digest>>();
  diffIds.set(ctx, memo);
  const key = `${repository}\u0000${descriptor.digest}\u0000${descriptor.mediaType}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = digestOfStream(layerTarStream(ctx, repository, descriptor)).then((r) => r.digest);
    memo.set(key, hit);
  }
  return hit;
}

async function peek(chunks: AsyncIterable<Uint8Array>) {
  const rest = chunks[Symbol.asyncIterator]();
  const next = await rest.next();
  return { first: next.done ? undefined : next.value, rest };
}

async function* prepend(first: Uint8Array | undefined, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    if (first) yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
