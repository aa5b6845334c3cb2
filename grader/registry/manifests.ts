import { decodeManifest } from "../oci/decode.js";
import { digestAlgorithm } from "../oci/digest.js";
import { DEFAULT_LIMITS } from "../oci/limits.js";
import { MANIFEST_ACCEPT } from "../oci/media-types.js";
import type { Fetched, Manifest } from "../oci/types.js";
import { discardBody, expectStatus, readBody, readRegistryError } from "./body.js";
import { ContentMismatchError, redactUrl } from "./errors.js";
import { send, type Transport } from "./http.js";
import { manifestUrl, referenceDigest } from "./urls.js";

/** Manifests larger than this are refused while reading (distribution-spec: support at least 4 MB). */
export const MANIFEST_MAX_BYTES = DEFAULT_LIMITS.maxManifestBytes;

/** The `Accept` value of every manifest request: the four supported types, never a wildcard. */
export const MANIFEST_ACCEPT_HEADER = MANIFEST_ACCEPT.join(", ");

/** A verified manifest and the digest the registry claimed (diagnostics only, never trusted). */
export interface ManifestResponse {
  readonly manifest: Fetched<Manifest>;
  readonly reportedDigest: string | undefined;
}

/** What a HEAD on a manifest tells, unverified: there is no body to hash. */
export interface ManifestHead {
  readonly mediaType: string | undefined;
  readonly size: number | undefined;
  readonly reportedDigest: string | undefined;
}

// GETs a manifest, bounded to 4 MiB; the digest is computed over the bytes and must match a digest reference.
export async function getManifest(t: Transport, repository: string, reference: string): Promise<ManifestResponse> {
  const url = manifestUrl(t.origin, repository, reference);
  const res = await send(t, { method: "GET", url, headers: { accept: MANIFEST_ACCEPT_HEADER } });
  await expectStatus(res, 200);
  const raw = await readBody(res, MANIFEST_MAX_BYTES, "maxManifestBytes", `manifest ${repository}:${reference}`);
  const expected = referenceDigest(reference);
  const algorithm = expected ? digestAlgorithm(expected) : "sha256";
  const manifest = decodeManifest(raw, res.headers.get("content-type") ?? "", { algorithm });
  if (expected !== undefined && manifest.digest !== expected) {
    throw new ContentMismatchError(redactUrl(url), "digest", expected, manifest.digest);
  }
  return { manifest, reportedDigest: res.headers.get("docker-content-digest") ?? undefined };
}

// HEADs a manifest; undefined when the registry answers 404.
export async function headManifest(
  t: Transport,
  repository: string,
  reference: string,
): Promise<ManifestHead | undefined> {
  const url = manifestUrl(t.origin, repository, reference);
  const res = await send(t, { method: "HEAD", url, headers: { accept: MANIFEST_ACCEPT_HEADER } });
  if (res.status === 404) {
    await discardBody(res);
    return undefined;
  }
  if (res.status !== 200) throw await readRegistryError(res);
  await discardBody(res);
  const length = res.headers.get("content-length");
  return {
    mediaType: res.headers.get("content-type") ?? undefined,
    size: length === undefined ? undefined : Number(length),
    reportedDigest: res.headers.get("docker-content-digest") ?? undefined,
  };
}
