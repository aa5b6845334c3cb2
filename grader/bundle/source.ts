import type { WorkspaceReader } from "../checks/inputs.js";
import { decodeManifest } from "../oci/decode.js";
import { type Digest, isDigest } from "../oci/digest.js";
import { DEFAULT_LIMITS, LimitExceededError, type Limits } from "../oci/limits.js";
import { ContentMismatchError, ObjectNotFoundError } from "../oci/source-errors.js";
import type { Descriptor, Fetched, Manifest } from "../oci/types.js";
import type { ObjectSource } from "../registry/source.js";
import type { BundleRepository } from "./format.js";
import type { Bundle } from "./read.js";

// A verified bundle read as an ObjectSource, so every check runs on it unchanged. Each repository serves only
// what the bundle lists for it (tags, manifests, linked blobs), the way a registry serves one repository; the
// bytes were hash-verified when the bundle was read, and sizes are checked against each descriptor here.

// An ObjectSource over the bundle's repositories; manifests over the bound are refused like a registry's.
export function bundleSource(bundle: Bundle, limits: Limits = DEFAULT_LIMITS): ObjectSource {
  const repo = (name: string): BundleRepository | undefined => bundle.index.repositories[name];
  const decoded = new Map<Digest, Fetched<Manifest>>();
  function manifestByDigest(r: BundleRepository, digest: Digest): Fetched<Manifest> {
    const mediaType = r.manifests[digest];
    const raw = bundle.blobs.get(digest);
    if (mediaType === undefined || !raw) throw new ObjectNotFoundError(`manifest ${digest} is not in the bundle`);
    let hit = decoded.get(digest);
    if (!hit) {
      if (raw.byteLength > limits.maxManifestBytes)
        throw new LimitExceededError("maxManifestBytes", raw.byteLength, limits.maxManifestBytes, `manifest ${digest}`);
      hit = decodeManifest(raw, mediaType, { maxDepth: limits.maxJsonDepth });
      decoded.set(digest, hit);
    }
    return hit;
  }
  function resolve(repository: string, reference: string): Fetched<Manifest> {
    const r = repo(repository);
    if (!r) throw new ObjectNotFoundError(`repository ${repository} is not in the bundle`);
    const digest = isDigest(reference) ? reference : r.tags[reference];
    if (!digest) throw new ObjectNotFoundError(`tag ${reference} is not in the bundle's ${repository}`);
    return manifestByDigest(r, digest);
  }
  function blobBytes(repository: string, descriptor: Pick<Descriptor, "digest" | "size">, maxBytes?: number) {
    const r = repo(repository);
    const bytes = bundle.blobs.get(descriptor.digest);
    if (!r || !bytes || !(r.blobs.includes(descriptor.digest) || descriptor.digest in r.manifests))
      throw new ObjectNotFoundError(`blob ${descriptor.digest} is not in the bundle's ${repository}`);
    if (bytes.byteLength !== descriptor.size)
      throw new ContentMismatchError("size", descriptor.size, bytes.byteLength, "bundle blob");
    if (maxBytes !== undefined && bytes.byteLength > maxBytes)
      throw new LimitExceededError("maxBlobBytes", bytes.byteLength, maxBytes, `blob ${descriptor.digest}`);
    return bytes;
  }
  return {
    async manifest(repository, reference) {
      return resolve(repository, reference);
    },
    async manifestExists(repository, reference) {
      try {
        resolve(repository, reference);
        return true;
      } catch (error) {
        if (error instanceof ObjectNotFoundError) return false;
        throw error;
      }
    },
    async blob(repository, descriptor, maxBytes) {
      return blobBytes(repository, descriptor, maxBytes);
    },
    async *blobStream(repository, descriptor) {
      yield blobBytes(repository, descriptor);
    },
    async blobExists(repository, digest) {
      const r = repo(repository);
      return r !== undefined && bundle.blobs.has(digest) && (r.blobs.includes(digest) || digest in r.manifests);
    },
    async tags(repository) {
      return Object.keys(repo(repository)?.tags ?? {}).sort();
    },
    async referrers(repository, subject, artifactType) {
      const r = repo(repository);
      if (!r) return [];
      const found: Descriptor[] = [];
      for (const digest of Object.keys(r.manifests) as Digest[]) {
        const m = manifestByDigest(r, digest);
        if (m.value.subject?.digest !== subject) continue;
        const type = m.value.artifactType ?? (m.value.kind === "manifest" ? m.value.config.mediaType : undefined);
        if (artifactType !== undefined && type !== artifactType) continue;
        const annotations = m.value.annotations;
        found.push({ mediaType: m.mediaType, digest, size: m.raw.byteLength, artifactType: type, annotations });
      }
      return found;
    },
  };
}

// The bundle's workspace files, read like the learner's workspace (bounded; only files the bundle lists).
export function bundleWorkspace(bundle: Bundle): WorkspaceReader {
  return {
    async read(path, maxBytes) {
      const digest = bundle.index.files[path.replace(/^\.\//, "")];
      const bytes = digest ? bundle.blobs.get(digest) : undefined;
      if (!bytes) return undefined;
      if (bytes.byteLength > maxBytes)
        throw new Error(`${path} is ${bytes.byteLength} bytes, over the ${maxBytes}-byte bound`);
      return bytes;
    },
  };
}
