import { type Digest, digestAlgorithm, digestOf, isDigest } from "../../grader/oci/digest.js";
import {
  blobUrl,
  ContentMismatchError,
  discardBody,
  expectStatus,
  manifestUrl,
  send,
  type Transport,
} from "../../grader/registry/index.js";
import { checkReportedDigest } from "./upload.js";

// PUTs manifest bytes as they are (the registry stores them exactly) under a tag or their digest;
// Content-Type is the media type (distribution-spec "Pushing Manifests"). Returns the bytes' digest.
export async function putManifest(
  t: Transport,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<Digest> {
  const digest = digestOf(bytes, isDigest(reference) ? digestAlgorithm(reference) : "sha256");
  if (isDigest(reference) && reference !== digest) {
    throw new ContentMismatchError(`manifest for ${repository}@${reference}`, "digest", reference, digest);
  }
  const url = manifestUrl(t.origin, repository, reference);
  const res = await send(t, { method: "PUT", url, headers: { "content-type": mediaType }, body: bytes });
  await expectStatus(res, 201);
  await discardBody(res);
  checkReportedDigest(res, digest);
  return digest;
}

// DELETE /v2/<name>/manifests/<digest or tag> (202); distribution 2.8 refuses tags with DIGEST_INVALID.
export async function deleteManifest(t: Transport, repository: string, reference: string): Promise<void> {
  const res = await send(t, { method: "DELETE", url: manifestUrl(t.origin, repository, reference) });
  await expectStatus(res, 202);
  await discardBody(res);
}

// DELETE /v2/<name>/blobs/<digest> (202): unlinks the blob from this repository only.
export async function deleteBlob(t: Transport, repository: string, digest: Digest): Promise<void> {
  const res = await send(t, { method: "DELETE", url: blobUrl(t.origin, repository, digest) });
  await expectStatus(res, 202);
  await discardBody(res);
}
