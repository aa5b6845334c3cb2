import { formatPlatform, isAttestationDescriptor, normalizePlatform, platformOfConfig } from "../oci/platform.js";
import type { Descriptor, ImageIndex, ImageManifest, Platform } from "../oci/types.js";
import type { GradeContext } from "./context.js";
import { listWords } from "./describe.js";
import type { LabRef } from "./lab-ref.js";
import { digestRef, loadConfig, loadRef } from "./objects-load.js";

// Platform predicates over observed objects: what an image's config says it runs on, what each index entry
// really points at, and which entries an index lists twice (image-index.md "platform"; config.md).

// The platform an image's config declares; undefined when the config cannot be read or names none.
export async function configPlatform(
  ctx: GradeContext,
  repository: string,
  manifest: ImageManifest,
): Promise<Platform | undefined> {
  const loaded = await loadConfig(ctx, repository, manifest);
  return loaded.state === "found" ? platformOfConfig(loaded.config) : undefined;
}

/** One index entry with what its child's config says (when the child is a readable image). */
export interface EntryTruth {
  readonly descriptor: Descriptor;
  readonly position: number;
  /** The platform in the child's config; undefined when the child is absent, an index, or has no platform. */
  readonly actual?: Platform;
}

const MAX_ENTRIES_READ = 64;

// Reads the config platform behind each entry of an index (bounded), in order.
export async function entryTruths(ctx: GradeContext, ref: LabRef, index: ImageIndex): Promise<EntryTruth[]> {
  const truths: EntryTruth[] = [];
  for (const [position, descriptor] of index.manifests.slice(0, MAX_ENTRIES_READ).entries()) {
    ctx.deadline.check("reading index entries");
    const loaded = await loadRef(ctx, digestRef(ref, descriptor.digest));
    const child = loaded.state === "found" ? loaded.fetched.value : undefined;
    const actual = child?.kind === "manifest" ? await configPlatform(ctx, ref.repository, child) : undefined;
    truths.push({ descriptor, position, ...(actual ? { actual } : {}) });
  }
  return truths;
}

// `linux/arm64/v8` after normalisation (arm64 → arm64/v8, arm → arm/v7), the key platforms compare by.
export function platformKey(platform: Platform): string {
  return formatPlatform(normalizePlatform(platform));
}

// "linux/amd64, linux/arm/v7 and 2 attestation entries": an index's entries in words.
export function describeEntries(index: ImageIndex): string {
  const runnable = index.manifests.filter((d) => !isAttestationDescriptor(d));
  const names = runnable.map((d) => (d.platform ? `\`${formatPlatform(d.platform)}\`` : "an entry without platform"));
  const attestations = index.manifests.length - runnable.length;
  if (attestations > 0) names.push(`${attestations} attestation ${attestations === 1 ? "entry" : "entries"}`);
  return names.length === 0 ? "no entries" : listWords(names);
}
