import { type Digest, isDigest, parseDigest } from "../oci/digest.js";
import { isValidRepositoryName, isValidTag } from "../oci/reference.js";
import type { BasicCredentials } from "./auth.js";
import { CrossOriginError } from "./errors.js";

// URL building for the distribution API (distribution-spec v1.1 "Endpoints"). Every path segment is
// validated first, so a repository or tag can never smuggle `..`, `?` or `#` into a request.

/** A registry's origin (scheme, host, port) and credentials that were written into its URL. */
export interface RegistryOrigin {
  readonly origin: URL;
  readonly credentials: BasicCredentials | undefined;
}

// Parses `http://host:port` (a trailing `/` is fine); any path, query or fragment is refused.
export function parseRegistryUrl(baseUrl: string): RegistryOrigin {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`invalid registry URL ${JSON.stringify(baseUrl)}: expected http://host:port`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`invalid registry URL ${JSON.stringify(url.origin)}: only http and https are supported`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new TypeError(`invalid registry URL ${JSON.stringify(url.origin)}: give only scheme, host and port`);
  }
  const credentials =
    url.username === "" && url.password === ""
      ? undefined
      : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return { origin: new URL(url.origin), credentials };
}

// Resolves a Location or Link target against the URL it came from; refuses one on another origin.
export function resolveOnOrigin(origin: URL, from: URL, target: string, what: "redirect" | "link" | "location"): URL {
  const resolved = new URL(target, from);
  if (resolved.origin !== origin.origin) throw new CrossOriginError(what, from, resolved);
  return resolved;
}

// Checks a repository name against the spec grammar.
export function assertRepository(repository: string): string {
  if (!isValidRepositoryName(repository)) {
    throw new TypeError(
      `invalid repository name ${JSON.stringify(repository)}: expected lower-case path like labs/hello`,
    );
  }
  return repository;
}

// Checks that a manifest reference is a tag or a digest.
export function assertReference(reference: string): string {
  if (isValidTag(reference)) return reference;
  if (reference.includes(":")) return parseDigest(reference);
  throw new TypeError(`invalid reference ${JSON.stringify(reference)}: expected a tag or a digest`);
}

// The digest a reference names, or undefined for a tag.
export function referenceDigest(reference: string): Digest | undefined {
  return isDigest(reference) ? reference : undefined;
}

// `/v2/<name>/manifests/<reference>` on the origin.
export function manifestUrl(origin: URL, repository: string, reference: string): URL {
  return new URL(`/v2/${assertRepository(repository)}/manifests/${assertReference(reference)}`, origin);
}

// `/v2/<name>/blobs/<digest>` on the origin.
export function blobUrl(origin: URL, repository: string, digest: string): URL {
  return new URL(`/v2/${assertRepository(repository)}/blobs/${parseDigest(digest)}`, origin);
}

// `/v2/<name>/blobs/uploads/` on the origin, with optional query parameters.
export function uploadsUrl(origin: URL, repository: string, query: Record<string, string> = {}): URL {
  const url = new URL(`/v2/${assertRepository(repository)}/blobs/uploads/`, origin);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

// `/v2/<name>/tags/list`, with `n` when a page size is given.
export function tagsUrl(origin: URL, repository: string, pageSize?: number): URL {
  const url = new URL(`/v2/${assertRepository(repository)}/tags/list`, origin);
  if (pageSize !== undefined) url.searchParams.set("n", String(pageSize));
  return url;
}

// `/v2/<name>/referrers/<digest>`, with `artifactType` when filtering.
export function referrersUrl(origin: URL, repository: string, subject: Digest, artifactType?: string): URL {
  const url = new URL(`/v2/${assertRepository(repository)}/referrers/${parseDigest(subject)}`, origin);
  if (artifactType !== undefined) url.searchParams.set("artifactType", artifactType);
  return url;
}

// Appends `digest=<d>` to an upload Location, keeping its own query verbatim (distribution-spec "Push").
export function withDigestParam(location: URL, digest: Digest): URL {
  const href = location.href.replace(/#.*$/, "");
  const separator = href.endsWith("?") || href.endsWith("&") ? "" : location.search === "" ? "?" : "&";
  return new URL(`${href}${separator}digest=${encodeURIComponent(digest)}`);
}
