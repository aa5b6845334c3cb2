import { join } from "node:path";
import { type Digest, isDigest } from "../../../../grader/oci/digest.js";
import type { AtomicWriter } from "./atomic.js";
import { listDir, readIfExists, removeFile } from "./fs-util.js";
import { type Layout, revisionPath, revisionsDir } from "./layout.js";

/** What a repository records about one of its manifests; the bytes live in the blob store. */
export interface RevisionRecord {
  /** The Content-Type the manifest was pushed with (base type, no parameters), served back unchanged. */
  readonly contentType: string;
  /** The `subject` digest of an OCI manifest or index, indexed for the referrers API. */
  readonly subject?: Digest;
}

/** The manifests of each repository. */
export interface RevisionStore {
  get(name: string, digest: Digest): Promise<RevisionRecord | undefined>;
  put(name: string, digest: Digest, record: RevisionRecord): Promise<void>;
  /** Removes the record; false when there was none. */
  remove(name: string, digest: Digest): Promise<boolean>;
  /** Every manifest digest of a repository. */
  list(name: string): Promise<Digest[]>;
}

// Parses a revision file; undefined when it is not one this registry wrote.
function decodeRevision(bytes: Uint8Array): RevisionRecord | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
    if (typeof value.contentType !== "string") return undefined;
    if (isDigest(value.subject)) return { contentType: value.contentType, subject: value.subject };
    return { contentType: value.contentType };
  } catch {
    return undefined;
  }
}

// Revision records under repositories/<name>/_manifests/revisions, cached in memory once read or written.
export function createRevisionStore(layout: Layout, writer: AtomicWriter): RevisionStore {
  const cache = new Map<string, RevisionRecord>();
  const key = (name: string, digest: Digest) => `${name}\0${digest}`;

  return {
    async get(name, digest) {
      const cached = cache.get(key(name, digest));
      if (cached) return cached;
      const bytes = await readIfExists(revisionPath(layout, name, digest));
      const record = bytes && decodeRevision(bytes);
      if (record) cache.set(key(name, digest), record);
      return record;
    },
    async put(name, digest, record) {
      const cached = cache.get(key(name, digest));
      if (cached?.contentType === record.contentType && cached.subject === record.subject) return;
      await writer.writeFile(revisionPath(layout, name, digest), JSON.stringify(record));
      cache.set(key(name, digest), record);
    },
    async remove(name, digest) {
      cache.delete(key(name, digest));
      return removeFile(revisionPath(layout, name, digest));
    },
    async list(name) {
      const digests: Digest[] = [];
      const base = revisionsDir(layout, name);
      for (const algorithm of await listDir(base)) {
        for (const hex of await listDir(join(base, algorithm))) {
          const digest = `${algorithm}:${hex}`;
          if (isDigest(digest)) digests.push(digest);
        }
      }
      return digests;
    },
  };
}
