import type { EmbeddedRegistryLimits } from "./types.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Defaults sized for a laptop: generous for lab images, tight enough to stop a runaway client. */
export const DEFAULT_LIMITS: EmbeddedRegistryLimits = {
  maxManifestBytes: 4 * MiB,
  maxBlobBytes: 8 * GiB,
  maxOpenUploads: 128,
  maxStoreBytes: undefined,
  minFreeDiskBytes: 512 * MiB,
  uploadIdleMs: 60 * 60_000,
  uploadSweepMs: 5 * 60_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30 * 60_000,
  keepAliveTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  maxPageEntries: 1000,
  auditMaxBytes: 16 * MiB,
  auditKeep: 5,
  fsync: false,
};

// Limits with every missing field taken from DEFAULT_LIMITS.
export function resolveLimits(partial: Partial<EmbeddedRegistryLimits> = {}): EmbeddedRegistryLimits {
  const merged = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}
