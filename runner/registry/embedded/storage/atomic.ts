import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// Every visible file appears by rename(2) of a complete temporary file on the same filesystem, so a reader
// (or a restart after kill -9) sees the old file or the new one, never a part. With `fsync`, the data is
// flushed before the rename and the directory after it, which also survives a power loss.

/** Writes files atomically through a temporary directory under the registry root. */
export interface AtomicWriter {
  /** Writes `data` to `path` by way of a temporary file and a rename. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Moves a complete file (already under the root) to `path`, creating parent directories. */
  moveInto(source: string, path: string): Promise<void>;
}

// An atomic writer whose temporary files go to `tmpDir` (which must be on the same filesystem as the targets).
export function createAtomicWriter(tmpDir: string, fsync: boolean): AtomicWriter {
  const knownDirs = new Set<string>();
  const prefix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  let counter = 0;

  // Creates a directory (and parents) once; later calls for the same directory cost nothing. With fsync, the
  // entries of newly created directories are flushed in their parents too.
  async function ensureDir(dir: string): Promise<void> {
    if (knownDirs.has(dir)) return;
    const firstCreated = await mkdir(dir, { recursive: true });
    if (fsync && firstCreated !== undefined) {
      for (let created = dir; ; created = dirname(created)) {
        await syncDir(dirname(created));
        if (created === firstCreated || created === dirname(created)) break;
      }
    }
    knownDirs.add(dir);
  }

  async function place(source: string, path: string): Promise<void> {
    const dir = dirname(path);
    await ensureDir(dir);
    await rename(source, path);
    if (fsync) await syncDir(dir);
  }

  return {
    async writeFile(path, data) {
      const temp = join(tmpDir, `${prefix}-${++counter}`);
      try {
        if (fsync) await writeSynced(temp, data);
        else await writeFile(temp, data);
        await place(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async moveInto(source, path) {
      if (fsync) await syncFile(source);
      await place(source, path);
    },
  };
}

async function writeSynced(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
