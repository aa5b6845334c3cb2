import { readBounded } from "../oci/bounded.js";
import { type Digest, digestOf } from "../oci/digest.js";
import { OciFormatError } from "../oci/format-error.js";
import { DEFAULT_LIMITS, LimitExceededError, type Limits } from "../oci/limits.js";
import { readTarEntries } from "../oci/tar.js";
import { type BundleIndex, parseBundleIndex } from "./format.js";

// Reading a submission bundle: a plain tar of `bundle.json` and `blobs/sha256/<hex>` files, nothing else.
// Everything is bounded (total bytes, entries, each entry) and every blob is hashed against its name before
// anything is graded; an entry of another type or path (a symlink, `../x`) makes the whole bundle invalid.

/** A verified bundle: its index and its content-addressed files. */
export interface Bundle {
  readonly index: BundleIndex;
  readonly blobs: ReadonlyMap<Digest, Uint8Array>;
  /** sha256 of the bundle file's bytes, as `labs submit` printed it. */
  readonly digest: Digest;
}

/** Bounds of one bundle. */
export interface BundleLimits {
  readonly maxBundleBytes: number;
  readonly maxBundleEntries: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = Object.freeze({
  maxBundleBytes: 256 * 1024 * 1024,
  maxBundleEntries: 20_000,
});

const BLOB_PATH = /^blobs\/sha256\/([0-9a-f]{64})$/;

// Reads, bounds and verifies a bundle; throws OciFormatError or LimitExceededError with the reason.
export async function readBundle(
  chunks: AsyncIterable<Uint8Array>,
  limits: Limits = DEFAULT_LIMITS,
  bundleLimits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<Bundle> {
  const bytes = await readBounded(chunks, bundleLimits.maxBundleBytes, "maxBlobBytes", "bundle");
  const blobs = new Map<Digest, Uint8Array>();
  let indexBytes: Uint8Array | undefined;
  const entries = readTarEntries(once(bytes), {
    maxEntries: bundleLimits.maxBundleEntries,
    maxEntryBytes: Math.max(limits.maxBlobBytes, limits.maxManifestBytes),
    wantContent: () => true,
  });
  for await (const entry of entries) {
    if (entry.type === "dir" && (entry.path === "blobs" || entry.path === "blobs/sha256")) continue;
    if (entry.type !== "file")
      throw invalid(`entry "${entry.path}" is a ${entry.type}; a bundle holds regular files only`);
    const content = entry.content ?? new Uint8Array();
    if (entry.path === "bundle.json") {
      indexBytes = content;
      continue;
    }
    const hex = BLOB_PATH.exec(entry.path)?.[1];
    if (!hex) throw invalid(`unexpected entry "${entry.path}" (only bundle.json and blobs/sha256/<hex>)`);
    const digest = digestOf(content);
    if (digest !== `sha256:${hex}`) throw invalid(`blobs/sha256/${hex} hashes to ${digest}: the bundle was altered`);
    blobs.set(digest, content);
  }
  if (!indexBytes) throw invalid("it has no bundle.json");
  if (indexBytes.byteLength > limits.maxManifestBytes)
    throw new LimitExceededError("maxManifestBytes", indexBytes.byteLength, limits.maxManifestBytes, "bundle.json");
  const index = parseBundleIndex(indexBytes, limits.maxJsonDepth);
  for (const digest of referencedDigests(index)) {
    if (!blobs.has(digest)) throw invalid(`bundle.json names ${digest}, which the bundle does not hold`);
  }
  return { index, blobs, digest: digestOf(bytes) };
}

function referencedDigests(index: BundleIndex): Digest[] {
  const repos = Object.values(index.repositories);
  return [
    ...repos.flatMap((r) => Object.keys(r.manifests) as Digest[]),
    ...repos.flatMap((r) => r.blobs),
    ...Object.values(index.files),
  ];
}

function invalid(reason: string): OciFormatError {
  return new OciFormatError("INVALID_BUNDLE", `not a valid bundle: ${reason}`);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
