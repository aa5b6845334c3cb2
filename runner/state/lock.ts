import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LabsError } from "../errors.js";

/** How long a lock may be held before others take it over even though its holder still runs. */
export const LOCK_STALE_MS = 10_000;
const ACQUIRE_TIMEOUT_MS = 15_000;
const FIRST_WAIT_MS = 2;
const MAX_WAIT_MS = 40;

/** What a lock file holds: who took it, when, and a nonce telling one taking from another. */
interface LockRecord {
  readonly pid: number;
  readonly at: number;
  readonly nonce: string;
}

// Runs `body` while holding the inter-process lock `lockFile` (created with O_EXCL); always releases it.
export async function withFileLock<T>(lockFile: string, body: () => Promise<T>): Promise<T> {
  const nonce = await acquire(lockFile);
  try {
    return await body();
  } finally {
    await release(lockFile, nonce);
  }
}

async function acquire(lockFile: string): Promise<string> {
  await mkdir(dirname(lockFile), { recursive: true });
  const record: LockRecord = { pid: process.pid, at: Date.now(), nonce: randomBytes(8).toString("hex") };
  const started = Date.now();
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    if (await tryCreate(lockFile, { ...record, at: Date.now() })) return record.nonce;
    const holder = await readLock(lockFile);
    if (await isStale(lockFile, holder)) await takeOver(lockFile, holder);
    else if (Date.now() - started > ACQUIRE_TIMEOUT_MS) throw lockTimeout(lockFile, holder);
    else await sleep(wait / 2 + Math.random() * wait);
  }
}

async function tryCreate(lockFile: string, record: LockRecord): Promise<boolean> {
  try {
    const handle = await open(lockFile, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(record));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

// The lock's holder; undefined when the file vanished or is still being written (an empty or torn file).
async function readLock(lockFile: string): Promise<LockRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(lockFile, "utf8")) as Partial<LockRecord>;
    if (typeof value.pid !== "number" || typeof value.at !== "number" || typeof value.nonce !== "string")
      return undefined;
    return { pid: value.pid, at: value.at, nonce: value.nonce };
  } catch {
    return undefined;
  }
}

// A lock is stale when its holder is gone or held it too long; an unreadable one (its writer died between
// creating and writing it) when the file is old.
async function isStale(lockFile: string, holder: LockRecord | undefined): Promise<boolean> {
  if (holder) return Date.now() - holder.at > LOCK_STALE_MS || !isAlive(holder.pid);
  const info = await stat(lockFile).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > LOCK_STALE_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Moves the stale lock aside atomically; if another process replaced it meanwhile, puts that live lock back.
async function takeOver(lockFile: string, stale: LockRecord | undefined): Promise<void> {
  const aside = `${lockFile}.${randomBytes(6).toString("hex")}.stale`;
  try {
    await rename(lockFile, aside);
  } catch {
    return;
  }
  const moved = await readLock(aside);
  if (moved && moved.nonce !== stale?.nonce) await link(aside, lockFile).catch(() => {});
  await unlink(aside).catch(() => {});
}

async function release(lockFile: string, nonce: string): Promise<void> {
  const holder = await readLock(lockFile);
  if (holder?.nonce === nonce) await unlink(lockFile).catch(() => {});
}

function lockTimeout(lockFile: string, holder: LockRecord | undefined): LabsError {
  const who = holder ? `process ${holder.pid}` : "another process";
  return new LabsError(
    "ENVIRONMENT",
    `The labs state is locked by ${who} (${lockFile}).`,
    `Wait for the other \`labs\` command to finish; if none runs, delete ${lockFile}.`,
  );
}
