import { decodeManifest } from "../oci/decode.js";
import { type Digest, digestAlgorithm, digestHex } from "../oci/digest.js";
import { MediaType } from "../oci/media-types.js";
import type { Descriptor, Manifest } from "../oci/types.js";
import { discardBody, expectStatus, readBody } from "./body.js";
import { RegistryError, RegistryProtocolError, redactUrl } from "./errors.js";
import { type RegistryResponse, send, type Transport } from "./http.js";
import { parseNextLink } from "./link.js";
import { getManifest, MANIFEST_MAX_BYTES } from "./manifests.js";
import { manifestUrl, referrersUrl, resolveOnOrigin } from "./urls.js";

const MAX_PAGES = 1000;

// The referrers fallback tag `<alg>-<hex>` (distribution-spec "Referrers Tag Schema"): parts truncated
// to 32 and 64 characters, characters a tag cannot hold replaced with `-`.
export function referrersFallbackTag(subject: Digest): string {
  const tag = `${digestAlgorithm(subject).slice(0, 32)}-${digestHex(subject).slice(0, 64)}`;
  return tag.replace(/[^a-zA-Z0-9_.-]/g, "-");
}

function readIndexEntries(value: Manifest, res: { method: string; url: URL }): readonly Descriptor[] {
  if (value.kind !== "index") {
    throw new RegistryProtocolError(res.method, redactUrl(res.url), "referrers response is not an image index");
  }
  return value.manifests;
}

function isFilteredByRegistry(res: RegistryResponse): boolean {
  const header = res.headers.get("oci-filters-applied") ?? "";
  return header.split(",").some((f) => f.trim() === "artifactType");
}

async function readReferrersPage(res: RegistryResponse): Promise<readonly Descriptor[]> {
  await expectStatus(res, 200);
  const raw = await readBody(res, MANIFEST_MAX_BYTES, "maxManifestBytes", "referrers page");
  const contentType = res.headers.get("content-type") ?? MediaType.ociIndex;
  return readIndexEntries(decodeManifest(raw, contentType).value, res);
}

// The descriptors of the fallback tag's index; none when the tag does not exist.
async function fallbackReferrers(t: Transport, repository: string, subject: Digest): Promise<readonly Descriptor[]> {
  const tag = referrersFallbackTag(subject);
  try {
    const { manifest } = await getManifest(t, repository, tag);
    return readIndexEntries(manifest.value, { method: "GET", url: manifestUrl(t.origin, repository, tag) });
  } catch (error) {
    if (error instanceof RegistryError && error.isNotFound()) return [];
    throw error;
  }
}

function filterByArtifactType(entries: readonly Descriptor[], artifactType: string | undefined): Descriptor[] {
  return entries.filter((d) => artifactType === undefined || d.artifactType === artifactType);
}

// Referrers of a subject through the API (following `Link`), or the fallback tag when the API answers 404;
// filtered by artifact type here unless the registry says it filtered (`OCI-Filters-Applied`).
export async function listReferrers(
  t: Transport,
  repository: string,
  subject: Digest,
  artifactType?: string,
): Promise<Descriptor[]> {
  const url = referrersUrl(t.origin, repository, subject, artifactType);
  const headers = { accept: MediaType.ociIndex };
  const first = await send(t, { method: "GET", url, headers });
  if (first.status === 404) {
    await discardBody(first);
    return filterByArtifactType(await fallbackReferrers(t, repository, subject), artifactType);
  }
  const found: Descriptor[] = [];
  let res = first;
  for (let page = 1; ; page++) {
    const entries = await readReferrersPage(res);
    found.push(...(isFilteredByRegistry(res) ? entries : filterByArtifactType(entries, artifactType)));
    const link = parseNextLink(res.headers.get("link"));
    if (link === undefined) return found;
    const next = resolveOnOrigin(t.origin, res.url, link, "link");
    if (page >= MAX_PAGES) throw new RegistryProtocolError("GET", redactUrl(next), "referrers pagination does not end");
    res = await send(t, { method: "GET", url: next, headers });
  }
}
