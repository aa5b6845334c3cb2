import type { Digest } from "../../../../grader/oci/digest.js";
import type { AtomicWriter } from "./atomic.js";
import { exists, removeFile } from "./fs-util.js";
import { type Layout, layerLinkPath } from "./layout.js";

/** Which blobs belong to which repository (a blob is served from a repository only when linked into it). */
export interface LinkStore {
  has(name: string, digest: Digest): Promise<boolean>;
  link(name: string, digest: Digest): Promise<void>;
  /** Removes the link; false when there was none. */
  unlink(name: string, digest: Digest): Promise<boolean>;
}

// Layer links under repositories/<name>/_layers, with known links remembered in memory.
export function createLinkStore(layout: Layout, writer: AtomicWriter): LinkStore {
  const known = new Set<string>();
  const key = (name: string, digest: Digest) => `${name}\0${digest}`;

  async function has(name: string, digest: Digest): Promise<boolean> {
    if (known.has(key(name, digest))) return true;
    const found = await exists(layerLinkPath(layout, name, digest));
    if (found) known.add(key(name, digest));
    return found;
  }

  return {
    has,
    async link(name, digest) {
      if (await has(name, digest)) return;
      await writer.writeFile(layerLinkPath(layout, name, digest), digest);
      known.add(key(name, digest));
    },
    async unlink(name, digest) {
      known.delete(key(name, digest));
      return removeFile(layerLinkPath(layout, name, digest));
    },
  };
}
