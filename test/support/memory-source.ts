import { decodeManifest } from "../../grader/oci/decode.js";
import { type Digest, digestAlgorithm, digestOf, isDigest } from "../../grader/oci/digest.js";
import { DEFAULT_LIMITS, LimitExceededError } from "../../grader/oci/limits.js";
import type { Descriptor, Fetched, Manifest } from "../../grader/oci/types.js";
import { ContentMismatchError, RegistryError } from "../../grader/registry/errors.js";
import type { ObjectSource } from "../../grader/registry/source.js";

// An in-memory ObjectSource for unit tests: raw bytes by digest and tags, per repository. It verifies like the
// registry client (404 → RegistryError, wrong bytes or size → ContentMismatchError, manifests decoded
// strictly) and records every call, so tests can count fetches. `corrupt()` stores wrong bytes under a
// digest; `{ verify: false }` makes a lying source that serves whatever is stored, as its claimed digest.

/** One recorded call. */
export interface SourceCall {
  readonly method: "manifest" | "manifestExists" | "blob" | "blobStream" | "blobExists" | "tags" | "referrers";
  readonly repository: string;
  readonly reference: string;
}

/** An ObjectSource plus the means to fill it and to watch it. */
export interface MemorySource extends ObjectSource {
  readonly calls: readonly SourceCall[];
  // Stores a blob; returns its digest and size.
  putBlob(repository: string, bytes: Uint8Array | string): Pick<Descriptor, "digest" | "size">;
  // Stores a manifest (bytes, or an object serialised compactly) and optionally tags it; returns its descriptor.
  putManifest(
    repository: string,
    content: Uint8Array | object,
    options?: { mediaType?: string; tag?: string },
  ): Descriptor;
  // Stores arbitrary bytes under a digest, as a damaged registry would.
  corrupt(repository: string, digest: Digest, bytes: Uint8Array | string, mediaType?: string): void;
  tag(repository: string, tag: string, digest: Digest): void;
  // How many calls of a method (for a reference, if given) were made.
  count(method: SourceCall["method"], reference?: string): number;
}

interface Repo {
  readonly blobs: Map<Digest, Uint8Array>;
  readonly manifests: Map<Digest, { raw: Uint8Array; contentType: string }>;
  readonly tags: Map<string, Digest>;
}

const CHUNK = 16 * 1024;

function bytesOf(content: Uint8Array | string | object): Uint8Array {
  if (content instanceof Uint8Array) return content;
  return new TextEncoder().encode(typeof content === "string" ? content : JSON.stringify(content));
}

function notFound(repository: string, what: string, reference: string, code: string): RegistryError {
  return new RegistryError({
    method: "GET",
    url: `memory://${repository}/${what}/${reference}`,
    status: 404,
    codes: [{ code }],
  });
}

// A fresh, empty source.
export function createMemorySource(options: { verify?: boolean } = {}): MemorySource {
  const verify = options.verify ?? true;
  const repos = new Map<string, Repo>();
  const calls: SourceCall[] = [];
  const repo = (name: string): Repo => {
    const found = repos.get(name) ?? { blobs: new Map(), manifests: new Map(), tags: new Map() };
    repos.set(name, found);
    return found;
  };
  const record = (method: SourceCall["method"], repository: string, reference: string) =>
    calls.push({ method, repository, reference });

  function checkBytes(url: string, bytes: Uint8Array, expected: Pick<Descriptor, "digest" | "size">): void {
    if (bytes.byteLength !== expected.size)
      throw new ContentMismatchError(url, "size", expected.size, bytes.byteLength);
    const actual = digestOf(bytes, digestAlgorithm(expected.digest));
    if (verify && actual !== expected.digest) throw new ContentMismatchError(url, "digest", expected.digest, actual);
  }

  function blobBytes(repository: string, digest: Digest): Uint8Array {
    const bytes = repo(repository).blobs.get(digest) ?? repo(repository).manifests.get(digest)?.raw;
    if (!bytes) throw notFound(repository, "blobs", digest, "BLOB_UNKNOWN");
    return bytes;
  }

  function getManifest(repository: string, reference: string): Fetched<Manifest> {
    const r = repo(repository);
    const digest = isDigest(reference) ? reference : r.tags.get(reference);
    const stored = digest && r.manifests.get(digest);
    if (!digest || !stored) throw notFound(repository, "manifests", reference, "MANIFEST_UNKNOWN");
    const bound = DEFAULT_LIMITS.maxManifestBytes;
    if (stored.raw.byteLength > bound) throw new LimitExceededError("maxManifestBytes", stored.raw.byteLength, bound);
    const fetched = decodeManifest(stored.raw, stored.contentType, { algorithm: digestAlgorithm(digest) });
    if (!verify) return { ...fetched, digest };
    if (fetched.digest !== digest) {
      throw new ContentMismatchError(`memory://${repository}/manifests/${reference}`, "digest", digest, fetched.digest);
    }
    return fetched;
  }

  async function* streamBlob(repository: string, descriptor: Pick<Descriptor, "digest" | "size">) {
    const bytes = blobBytes(repository, descriptor.digest);
    for (let at = 0; at < Math.min(bytes.byteLength, descriptor.size); at += CHUNK) {
      yield bytes.subarray(at, Math.min(at + CHUNK, bytes.byteLength, descriptor.size));
    }
    checkBytes(`memory://${repository}/blobs/${descriptor.digest}`, bytes, descriptor);
  }

  function referrersOf(repository: string, subject: Digest, artifactType?: string): Descriptor[] {
    const found: Descriptor[] = [];
    for (const [digest, { raw, contentType }] of repo(repository).manifests) {
      const { value, mediaType } = decodeManifest(raw, contentType);
      if (value.subject?.digest !== subject) continue;
      const type = value.artifactType ?? (value.kind === "manifest" ? value.config.mediaType : undefined);
      if (artifactType !== undefined && type !== artifactType) continue;
      const annotations = value.annotations ? { annotations: value.annotations } : {};
      found.push({ mediaType, digest, size: raw.byteLength, ...(type ? { artifactType: type } : {}), ...annotations });
    }
    return found;
  }

  return {
    calls,
    putBlob(repository, content) {
      const bytes = bytesOf(content);
      const digest = digestOf(bytes);
      repo(repository).blobs.set(digest, bytes);
      return { digest, size: bytes.byteLength };
    },
    putManifest(repository, content, opts = {}) {
      const raw = bytesOf(content);
      const field = content instanceof Uint8Array ? undefined : (content as { mediaType?: unknown }).mediaType;
      const mediaType = opts.mediaType ?? (typeof field === "string" ? field : undefined);
      if (!mediaType) throw new Error("putManifest needs a mediaType (option or field)");
      const digest = digestOf(raw);
      repo(repository).manifests.set(digest, { raw, contentType: mediaType });
      if (opts.tag) repo(repository).tags.set(opts.tag, digest);
      return { mediaType, digest, size: raw.byteLength };
    },
    corrupt(repository, digest, content, mediaType) {
      const bytes = bytesOf(content);
      if (mediaType) repo(repository).manifests.set(digest, { raw: bytes, contentType: mediaType });
      else repo(repository).blobs.set(digest, bytes);
    },
    tag(repository, tag, digest) {
      repo(repository).tags.set(tag, digest);
    },
    count(method, reference) {
      return calls.filter((c) => c.method === method && (reference === undefined || c.reference === reference)).length;
    },
    async manifest(repository, reference) {
      record("manifest", repository, reference);
      return getManifest(repository, reference);
    },
    async manifestExists(repository, reference) {
      record("manifestExists", repository, reference);
      const r = repo(repository);
      return r.manifests.has((isDigest(reference) ? reference : r.tags.get(reference)) as Digest);
    },
    async blob(repository, descriptor, maxBytes = DEFAULT_LIMITS.maxBlobBytes) {
      record("blob", repository, descriptor.digest);
      const bytes = blobBytes(repository, descriptor.digest);
      if (descriptor.size > maxBytes) throw new LimitExceededError("maxBlobBytes", descriptor.size, maxBytes);
      checkBytes(`memory://${repository}/blobs/${descriptor.digest}`, bytes, descriptor);
      return bytes;
    },
    blobStream(repository, descriptor) {
      record("blobStream", repository, descriptor.digest);
      return streamBlob(repository, descriptor);
    },
    async blobExists(repository, digest) {
      record("blobExists", repository, digest);
      return repo(repository).blobs.has(digest) || repo(repository).manifests.has(digest);
    },
    async tags(repository) {
      record("tags", repository, "");
      return [...(repos.get(repository)?.tags.keys() ?? [])].sort();
    },
    async referrers(repository, subject, artifactType) {
      record("referrers", repository, subject);
      return referrersOf(repository, subject, artifactType);
    },
  };
}
