import { type Digest, digestAlgorithm, digestOf } from "../../grader/oci/digest.js";
import {
  ContentMismatchError,
  discardBody,
  expectStatus,
  RegistryProtocolError,
  type RegistryResponse,
  redactUrl,
  resolveOnOrigin,
  send,
  type Transport,
  uploadsUrl,
  withDigestParam,
} from "../../grader/registry/index.js";

// Blob upload flows (distribution-spec v1.1 "Pushing blobs"): POST then PUT, chunked PATCHes, single POST.

/** How a blob's bytes travel: one PUT, several PATCHes, or the POST itself (with a PUT fallback). */
export type UploadMode = "monolithic" | "chunked" | "single-post";

/** The upload session a POST opened. */
export interface UploadSession {
  readonly location: URL;
  /** `OCI-Chunk-Min-Length`, when the registry sent one. */
  readonly minChunkBytes: number | undefined;
}

const OCTET_STREAM = { "content-type": "application/octet-stream" };

// The session Location of a 202 (or 201) answer; must stay on the registry's origin.
export function readSession(t: Transport, res: RegistryResponse): UploadSession {
  const header = res.headers.get("location");
  if (header === undefined)
    throw new RegistryProtocolError(res.method, redactUrl(res.url), "upload answer without Location");
  const minChunk = Number(res.headers.get("oci-chunk-min-length") ?? Number.NaN);
  return {
    location: resolveOnOrigin(t.origin, res.url, header, "location"),
    minChunkBytes: Number.isSafeInteger(minChunk) && minChunk > 0 ? minChunk : undefined,
  };
}

// A registry's Docker-Content-Digest after a push must name what we sent.
export function checkReportedDigest(res: RegistryResponse, digest: Digest): void {
  const reported = res.headers.get("docker-content-digest");
  if (reported !== undefined && reported !== digest) {
    throw new ContentMismatchError(redactUrl(res.url), "digest", digest, reported);
  }
}

// Refuses to push bytes that do not hash to the digest they are pushed under.
export function assertBytesMatch(bytes: Uint8Array, digest: Digest, what: string): void {
  const actual = digestOf(bytes, digestAlgorithm(digest));
  if (actual !== digest) throw new ContentMismatchError(what, "digest", digest, actual);
}

// POST /v2/<name>/blobs/uploads/ with no body: opens a session (202).
export async function startUpload(t: Transport, repository: string): Promise<UploadSession> {
  const res = await send(t, { method: "POST", url: uploadsUrl(t.origin, repository), body: new Uint8Array(0) });
  await expectStatus(res, 202);
  await discardBody(res);
  return readSession(t, res);
}

// PUT <location>?digest=<d>, with the (rest of the) bytes or none: closes the session (201).
export async function finishUpload(t: Transport, session: UploadSession, digest: Digest, body?: Uint8Array) {
  const url = withDigestParam(session.location, digest);
  const res = await send(t, { method: "PUT", url, headers: OCTET_STREAM, body: body ?? new Uint8Array(0) });
  await expectStatus(res, 201);
  await discardBody(res);
  checkReportedDigest(res, digest);
}

// PATCH one chunk with `Content-Range: <start>-<end>` (inclusive, no `bytes ` prefix); returns the next session.
async function patchChunk(t: Transport, session: UploadSession, chunk: Uint8Array, start: number) {
  const headers = { ...OCTET_STREAM, "content-range": `${start}-${start + chunk.byteLength - 1}` };
  const res = await send(t, { method: "PATCH", url: session.location, headers, body: chunk });
  await expectStatus(res, 202);
  await discardBody(res);
  return { ...readSession(t, res), minChunkBytes: session.minChunkBytes };
}

// Uploads in PATCHes of `chunkSize` bytes (raised to the registry's minimum), then closes with an empty PUT.
async function uploadChunked(t: Transport, repository: string, bytes: Uint8Array, digest: Digest, chunkSize: number) {
  let session = await startUpload(t, repository);
  const size = Math.max(chunkSize, session.minChunkBytes ?? 0);
  for (let start = 0; start < bytes.byteLength; start += size) {
    session = await patchChunk(t, session, bytes.subarray(start, start + size), start);
  }
  await finishUpload(t, session, digest);
}

// POST …/uploads/?digest=<d> with the bytes: 201 is done; 202 means unsupported, so PUT them to the session.
async function uploadSinglePost(t: Transport, repository: string, bytes: Uint8Array, digest: Digest) {
  const url = uploadsUrl(t.origin, repository, { digest });
  const res = await send(t, { method: "POST", url, headers: OCTET_STREAM, body: bytes });
  await expectStatus(res, 201, 202);
  await discardBody(res);
  if (res.status === 201) return checkReportedDigest(res, digest);
  await finishUpload(t, readSession(t, res), digest, bytes);
}

/** How pushBlob uploads: the flow, and the PATCH size for chunked uploads. */
export interface UploadOptions {
  readonly mode?: UploadMode;
  readonly chunkSize?: number;
}

// Uploads bytes as a blob with the chosen flow; the bytes must hash to `digest`.
export async function uploadBlob(
  t: Transport,
  repository: string,
  bytes: Uint8Array,
  digest: Digest,
  options: UploadOptions = {},
): Promise<void> {
  assertBytesMatch(bytes, digest, `blob for ${repository}`);
  const mode = options.mode ?? "monolithic";
  const chunkSize = options.chunkSize ?? 5 * 1024 * 1024;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new TypeError(`invalid chunk size ${chunkSize}`);
  if (mode === "chunked") return uploadChunked(t, repository, bytes, digest, chunkSize);
  if (mode === "single-post") return uploadSinglePost(t, repository, bytes, digest);
  await finishUpload(t, await startUpload(t, repository), digest, bytes);
}
