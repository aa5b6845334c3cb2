import { rm } from "node:fs/promises";
import type { Digest } from "../../../../grader/oci/digest.js";
import type { AtomicWriter } from "./atomic.js";
import { readIfExists, sizeIfExists } from "./fs-util.js";
import { blobPath, type Layout } from "./layout.js";
import type { KeyedMutex } from "./locks.js";
import { createByteLru } from "./lru.js";

/** Content-addressed bytes, stored once for all repositories. */
export interface BlobStore {
  /** Size of a stored blob, or undefined. */
  size(digest: Digest): Promise<number | undefined>;
  /** The file holding a blob (check `size` first). */
  path(digest: Digest): string;
  /** Moves a complete, verified file into place; a blob already stored is kept and the file dropped. */
  commit(source: string, digest: Digest): Promise<{ readonly created: boolean; readonly size: number }>;
  /** Stores small content (a manifest) held in memory. */
  put(digest: Digest, bytes: Uint8Array): Promise<{ readonly created: boolean }>;
  /** Bytes of a small blob (a manifest), served from memory when recently used. */
  read(digest: Digest): Promise<Uint8Array | undefined>;
}

const MANIFEST_CACHE_BYTES = 64 * 1024 * 1024;

// The blob store of a layout; commits of one digest are serialised by `locks`.
export function createBlobStore(layout: Layout, writer: AtomicWriter, locks: KeyedMutex): BlobStore {
  const sizes = new Map<Digest, number>();
  const small = createByteLru<Digest>(MANIFEST_CACHE_BYTES);

  async function size(digest: Digest): Promise<number | undefined> {
    const known = sizes.get(digest);
    if (known !== undefined) return known;
    const found = await sizeIfExists(blobPath(layout, digest));
    if (found !== undefined) sizes.set(digest, found);
    return found;
  }

  return {
    size,
    path: (digest) => blobPath(layout, digest),
    commit: (source, digest) =>
      locks.run(`blob:${digest}`, async () => {
        const existing = await size(digest);
        if (existing !== undefined) {
          await rm(source, { force: true });
          return { created: false, size: existing };
        }
        const stored = (await sizeIfExists(source)) ?? 0;
        await writer.moveInto(source, blobPath(layout, digest));
        sizes.set(digest, stored);
        return { created: true, size: stored };
      }),
    put: (digest, bytes) =>
      locks.run(`blob:${digest}`, async () => {
        small.set(digest, bytes);
        if ((await size(digest)) !== undefined) return { created: false };
        await writer.writeFile(blobPath(layout, digest), bytes);
        sizes.set(digest, bytes.byteLength);
        return { created: true };
      }),
    async read(digest) {
      const cached = small.get(digest);
      if (cached) return cached;
      const bytes = await readIfExists(blobPath(layout, digest));
      if (bytes) small.set(digest, bytes);
      return bytes;
    },
  };
}
