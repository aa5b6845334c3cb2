import { type AtomicWriter, createAtomicWriter } from "./atomic.js";
import { type BlobStore, createBlobStore } from "./blobs.js";
import type { Layout } from "./layout.js";
import { createLinkStore, type LinkStore } from "./links.js";
import { createKeyedMutex, createKeyedRwLock, type KeyedRwLock } from "./locks.js";
import { createReferrerStore, type ReferrerStore } from "./referrers.js";
import { createRevisionStore, type RevisionStore } from "./revisions.js";
import { createTagStore, type TagStore } from "./tags.js";

/** Everything on disk under one root, with its caches and locks. The disk is the truth; caches follow writes. */
export interface Store {
  readonly layout: Layout;
  readonly writer: AtomicWriter;
  readonly blobs: BlobStore;
  readonly links: LinkStore;
  readonly revisions: RevisionStore;
  readonly tags: TagStore;
  readonly referrers: ReferrerStore;
  /** Per-repository lock: pushes share it, deletions take it alone. */
  readonly repoLocks: KeyedRwLock;
}

// The store of a prepared root.
export function createStore(layout: Layout, fsync: boolean): Store {
  const writer = createAtomicWriter(layout.tmpDir, fsync);
  const mutex = createKeyedMutex();
  return {
    layout,
    writer,
    blobs: createBlobStore(layout, writer, mutex),
    links: createLinkStore(layout, writer),
    revisions: createRevisionStore(layout, writer),
    tags: createTagStore(layout, writer, mutex),
    referrers: createReferrerStore(layout, writer),
    repoLocks: createKeyedRwLock(),
  };
}
