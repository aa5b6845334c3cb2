import { createDigestHasher, type Digest, digestAlgorithm, parseDigest } from "../oci/digest.js";
import { DEFAULT_LIMITS, LimitExceededError } from "../oci/limits.js";
import type { Descriptor } from "../oci/types.js";
import { bodyChunks, discardBody, expectStatus, readRegistryError } from "./body.js";
import { ContentMismatchError, redactUrl } from "./errors.js";
import { send, type Transport } from "./http.js";
import { blobUrl } from "./urls.js";

/** Default cap for blobs read into memory; callers pass smaller ones (maxConfigBytes for configs). */
export const BLOB_MAX_BYTES = DEFAULT_LIMITS.maxBlobBytes;

type BlobTarget = Pick<Descriptor, "digest" | "size">;

function assertSize(target: BlobTarget): void {
  if (!Number.isSafeInteger(target.size) || target.size < 0) {
    throw new TypeError(`invalid descriptor size ${target.size} for ${target.digest}`);
  }
}

// Streams a blob; refuses bytes beyond the descriptor's size and checks size and digest at the end.
export async function* streamBlob(t: Transport, repository: string, target: BlobTarget): AsyncGenerator<Uint8Array> {
  assertSize(target);
  const digest = parseDigest(target.digest);
  const url = blobUrl(t.origin, repository, digest);
  const where = redactUrl(url);
  const res = await send(t, { method: "GET", url });
  await expectStatus(res, 200);
  const declared = res.headers.get("content-length");
  if (declared !== undefined && Number(declared) !== target.size) {
    await discardBody(res);
    throw new ContentMismatchError(where, "size", target.size, Number(declared));
  }
  const hasher = createDigestHasher(digestAlgorithm(digest));
  for await (const chunk of bodyChunks(res)) {
    if (hasher.bytes + chunk.byteLength > target.size) {
      throw new ContentMismatchError(where, "size", target.size, `at least ${hasher.bytes + chunk.byteLength}`);
    }
    hasher.update(chunk);
    yield chunk;
  }
  if (hasher.bytes !== target.size) throw new ContentMismatchError(where, "size", target.size, hasher.bytes);
  const actual = hasher.digest();
  if (actual !== digest) throw new ContentMismatchError(where, "digest", digest, actual);
}

// Reads a whole blob into memory after verifying it; refuses descriptors larger than `maxBytes` up front.
export async function getBlob(
  t: Transport,
  repository: string,
  target: BlobTarget,
  maxBytes = BLOB_MAX_BYTES,
): Promise<Uint8Array> {
  assertSize(target);
  if (target.size > maxBytes) {
    throw new LimitExceededError("maxBlobBytes", target.size, maxBytes, `blob ${target.digest}`);
  }
  const out = new Uint8Array(target.size);
  let offset = 0;
  for await (const chunk of streamBlob(t, repository, target)) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

// HEADs a blob: true on 200, false on 404, RegistryError otherwise.
export async function headBlob(t: Transport, repository: string, digest: Digest): Promise<boolean> {
  const res = await send(t, { method: "HEAD", url: blobUrl(t.origin, repository, digest) });
  if (res.status === 404) {
    await discardBody(res);
    return false;
  }
  if (res.status !== 200) throw await readRegistryError(res);
  await discardBody(res);
  return true;
}
