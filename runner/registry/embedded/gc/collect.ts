import { appendFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Digest, isDigest } from "../../../../grader/oci/digest.js";
import type { AuditEntry } from "../audit/entry.js";
import { acquireRootLock } from "../root-lock.js";
import { listDir, sizeIfExists } from "../storage/fs-util.js";
import { blobPath, type Layout, layoutOf } from "../storage/layout.js";
import { prepareRoot } from "../storage/prepare.js";
import { listRepositories } from "../storage/repositories.js";
import { createStore, type Store } from "../storage/store.js";
import { type ManifestRemoval, markReachable } from "./mark.js";
import { snapshotRepositories } from "./snapshot.js";

/** How to collect (`labs registry gc [--dry-run] [--delete-untagged]`). */
export interface GarbageCollectionOptions {
  /** Report what would be removed, remove nothing. */
  readonly dryRun?: boolean;
  /** Also remove manifests no tag points at (and so, as in distribution 2.x, index children that only an index lists). */
  readonly deleteUntagged?: boolean;
}

/** What a collection removed (or, in a dry run, would remove). */
export interface GarbageCollectionReport {
  readonly dryRun: boolean;
  readonly deleteUntagged: boolean;
  readonly blobsMarked: number;
  readonly blobsRemoved: readonly Digest[];
  readonly manifestsRemoved: readonly ManifestRemoval[];
  readonly bytesFreed: number;
  /** Repository links to removed blobs, dropped with them. */
  readonly linksRemoved: number;
}

async function listBlobs(layout: Layout): Promise<Digest[]> {
  const digests: Digest[] = [];
  for (const algorithm of await listDir(layout.blobsDir)) {
    for (const prefix of await listDir(join(layout.blobsDir, algorithm))) {
      for (const hex of await listDir(join(layout.blobsDir, algorithm, prefix))) {
        const digest = `${algorithm}:${hex}`;
        if (isDigest(digest)) digests.push(digest);
      }
    }
  }
  return digests;
}

async function removeManifest(store: Store, removal: ManifestRemoval): Promise<void> {
  const record = await store.revisions.get(removal.repository, removal.digest);
  if (record?.subject) await store.referrers.remove(removal.repository, record.subject, removal.digest);
  await store.revisions.remove(removal.repository, removal.digest);
}

async function removeDanglingLinks(store: Store, removed: readonly Digest[]): Promise<number> {
  let count = 0;
  for (const name of await listRepositories(store.layout)) {
    for (const digest of removed) if (await store.links.unlink(name, digest)) count++;
  }
  return count;
}

async function recordAudit(layout: Layout, report: GarbageCollectionReport): Promise<void> {
  const entry: AuditEntry = {
    time: new Date().toISOString(),
    kind: "gc",
    method: "GC",
    status: 0,
    gc: {
      dryRun: report.dryRun,
      deleteUntagged: report.deleteUntagged,
      blobsRemoved: report.blobsRemoved.length,
      manifestsRemoved: report.manifestsRemoved.length,
      bytesFreed: report.bytesFreed,
    },
  };
  await appendFile(layout.auditFile, `${JSON.stringify(entry)}\n`);
}

async function sweep(store: Store, options: Required<GarbageCollectionOptions>): Promise<GarbageCollectionReport> {
  const { marked, removals } = markReachable(await snapshotRepositories(store), options.deleteUntagged);
  const unmarked = (await listBlobs(store.layout)).filter((digest) => !marked.has(digest));
  let bytesFreed = 0;
  for (const digest of unmarked) bytesFreed += (await sizeIfExists(blobPath(store.layout, digest))) ?? 0;
  let linksRemoved = 0;
  if (!options.dryRun) {
    for (const removal of removals) await removeManifest(store, removal);
    for (const digest of unmarked) await rm(blobPath(store.layout, digest), { force: true });
    linksRemoved = await removeDanglingLinks(store, unmarked);
  }
  return {
    ...options,
    blobsMarked: marked.size,
    blobsRemoved: unmarked,
    manifestsRemoved: removals,
    bytesFreed,
    linksRemoved,
  };
}

// Mark and sweep with distribution 2.x semantics (see mark.ts). Takes the root's lock, so it refuses to run while
// a registry serves the root (RootLockedError): like distribution, collect only while the registry is stopped.
export async function collectGarbage(
  root: string,
  options: GarbageCollectionOptions = {},
): Promise<GarbageCollectionReport> {
  const layout = layoutOf(root);
  await mkdir(root, { recursive: true });
  const lock = await acquireRootLock(layout.lockFile);
  try {
    await prepareRoot(layout);
    const report = await sweep(createStore(layout, false), {
      dryRun: options.dryRun ?? false,
      deleteUntagged: options.deleteUntagged ?? false,
    });
    await recordAudit(layout, report);
    return report;
  } finally {
    await lock.release();
  }
}
