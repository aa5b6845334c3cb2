import { type Digest, isDigest } from "../../../../grader/oci/digest.js";
import { MediaType } from "../../../../grader/oci/media-types.js";
import { type ErrorEntry, RegistryError } from "../http/errors.js";
import type { Store } from "../storage/store.js";
import type { ParsedManifest } from "./parse.js";
import type { DescriptorFields } from "./shape.js";

// distribution's verifyManifest: every config, layer and child manifest a manifest references must already be in
// the repository, or the push fails with MANIFEST_BLOB_UNKNOWN (one error per missing digest). The `subject` is
// not checked (distribution-spec: MUST accept a missing subject). Layers with `urls` (and Docker foreign layers)
// are refused: distribution 2.8 allows external URLs only when `validation.manifests.urls.allow` is configured,
// and it is not by default (it answers 500 UNKNOWN plus MANIFEST_BLOB_UNKNOWN; here MANIFEST_BLOB_UNKNOWN, 400).

function unknown(digest: string): ErrorEntry {
  return { code: "MANIFEST_BLOB_UNKNOWN", message: `blob unknown to registry: ${digest}`, detail: digest };
}

function pointsOutside(parsed: ParsedManifest, descriptor: DescriptorFields): boolean {
  if (parsed.oci) return descriptor.urls.length > 0;
  return descriptor.mediaType === MediaType.dockerLayerForeignGzip;
}

async function checkBlob(
  store: Store,
  name: string,
  parsed: ParsedManifest,
  d: DescriptorFields,
): Promise<ErrorEntry[]> {
  if (pointsOutside(parsed, d)) return [unknown(d.digest)];
  if (!isDigest(d.digest)) return [invalidDigest(d.digest), unknown(d.digest)];
  return (await store.links.has(name, d.digest)) ? [] : [unknown(d.digest)];
}

async function checkChild(store: Store, name: string, d: DescriptorFields): Promise<ErrorEntry[]> {
  if (!isDigest(d.digest)) return [invalidDigest(d.digest), unknown(d.digest)];
  return (await store.revisions.get(name, d.digest as Digest)) ? [] : [unknown(d.digest)];
}

function invalidDigest(digest: string): ErrorEntry {
  return {
    code: "DIGEST_INVALID",
    message: `invalid digest in a descriptor: ${JSON.stringify(digest)}`,
    detail: digest,
  };
}

// Throws MANIFEST_BLOB_UNKNOWN (and DIGEST_INVALID for malformed digests) listing everything missing.
export async function verifyReferences(store: Store, name: string, parsed: ParsedManifest): Promise<void> {
  const results = await Promise.all([
    ...parsed.blobs.map((d) => checkBlob(store, name, parsed, d)),
    ...parsed.children.map((d) => checkChild(store, name, d)),
  ]);
  const [first, ...more] = results.flat();
  if (!first) return;
  throw new RegistryError(first.code, first.message, { detail: first.detail, more });
}
