import { open, readFile, rm } from "node:fs/promises";
import { isProcessRunning, processStartToken } from "./process-identity.js";

// One process at a time owns a registry root (the server or a garbage collection): in-process locks and
// caches are only correct when nothing else writes. The lock file records the owner's pid and start token; a
// lock left by a dead process (kill -9) is taken over.

/** Raised when another live process holds the root. */
export class RootLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(`registry root is in use by process ${pid} (lock ${lockFile})`);
    this.name = "RootLockedError";
  }
}

/** A held lock; release removes the file if it is still ours. */
export interface RootLock {
  release(): Promise<void>;
}

interface LockRecord {
  readonly pid: number;
  readonly processStart?: string;
}

// Takes the lock file, or throws RootLockedError when a live process holds it.
export async function acquireRootLock(lockFile: string): Promise<RootLock> {
  const mine: LockRecord = { pid: process.pid, processStart: processStartToken(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      return { release: () => releaseIfOurs(lockFile, mine) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await readLock(lockFile);
    if (holder && isProcessRunning(holder.pid, holder.processStart)) throw new RootLockedError(lockFile, holder.pid);
    await rm(lockFile, { force: true });
  }
  throw new Error(`taking the registry lock ${lockFile}: it keeps reappearing`);
}

async function readLock(lockFile: string): Promise<LockRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(lockFile, "utf8")) as Partial<LockRecord>;
    return typeof value.pid === "number" ? { pid: value.pid, processStart: value.processStart } : undefined;
  } catch {
    return undefined;
  }
}

async function releaseIfOurs(lockFile: string, mine: LockRecord): Promise<void> {
  const holder = await readLock(lockFile);
  if (holder?.pid === mine.pid && holder.processStart === mine.processStart) await rm(lockFile, { force: true });
}
