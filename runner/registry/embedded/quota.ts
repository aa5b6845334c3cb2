import { readdir, stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { RegistryError } from "./http/errors.js";
import type { Layout } from "./storage/layout.js";

/** Disk-use limits: free space on the filesystem and, when configured, the total size of stored blobs. */
export interface Quota {
  /** Throws 507 DENIED when `incoming` more bytes would break a limit. */
  check(incoming: number): Promise<void>;
  /** Counts bytes newly stored in the blob store. */
  added(bytes: number): void;
}

// A quota for a root; the stored total is scanned in the background (only when maxStoreBytes is set).
export function createQuota(layout: Layout, minFreeBytes: number, maxStoreBytes: number | undefined): Quota {
  let stored = 0;
  const scanned =
    maxStoreBytes === undefined
      ? Promise.resolve()
      : sumBlobBytes(layout.blobsDir).then((n) => {
          stored += n;
        });
  scanned.catch(() => {});

  return {
    async check(incoming) {
      const fs = await statfs(layout.root);
      const free = fs.bavail * fs.bsize;
      if (free - incoming < minFreeBytes) {
        throw full(`the disk holding the registry has ${free} bytes free, and it keeps at least ${minFreeBytes}`);
      }
      if (maxStoreBytes === undefined) return;
      await scanned;
      if (stored + incoming > maxStoreBytes) {
        throw full(`the registry holds ${stored} bytes of blobs and its quota is ${maxStoreBytes}`);
      }
    },
    added(bytes) {
      stored += bytes;
    },
  };
}

function full(message: string): RegistryError {
  return new RegistryError("DENIED", `${message}; delete images and run garbage collection, or raise the limit`, {
    status: 507,
  });
}

async function sumBlobBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await sumBlobBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}
