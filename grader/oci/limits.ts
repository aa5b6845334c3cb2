// Bounds on everything the grader reads, so a hostile or broken image (a huge manifest, a gzip bomb, a tar
// with a million entries, a deep index chain) ends in a clear error instead of exhausting memory or time.

const MiB = 1024 * 1024;

/** Every bound the grader enforces. */
export interface Limits {
  /** Largest manifest or index read; registries SHOULD accept at least 4 MB (distribution-spec "Pushing Manifests"). */
  readonly maxManifestBytes: number;
  /** Largest image configuration read into memory. */
  readonly maxConfigBytes: number;
  /** Largest blob read or hash-verified. */
  readonly maxBlobBytes: number;
  /** Largest decompressed output of one layer. */
  readonly maxDecompressedBytes: number;
  /** Largest ratio of decompressed to compressed bytes (a gzip bomb exceeds 1000). */
  readonly maxDecompressionRatio: number;
  /** Most entries read from one tar layer. */
  readonly maxTarEntries: number;
  /** Largest tar entry content (or PAX / long-name header) held in memory. */
  readonly maxTarEntryBytes: number;
  /** Deepest nesting of JSON arrays and objects. */
  readonly maxJsonDepth: number;
  /** Deepest chain of references walked from a root (index → index → … → layer). */
  readonly maxGraphDepth: number;
  /** Most distinct objects visited in one graph walk. */
  readonly maxGraphNodes: number;
  /** Time budget for one grading run. */
  readonly gradingDeadlineMs: number;
}

export type LimitName = keyof Limits;

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxManifestBytes: 4 * MiB,
  maxConfigBytes: 8 * MiB,
  maxBlobBytes: 512 * MiB,
  maxDecompressedBytes: 1024 * MiB,
  maxDecompressionRatio: 100,
  maxTarEntries: 100_000,
  maxTarEntryBytes: 16 * MiB,
  maxJsonDepth: 64,
  maxGraphDepth: 8,
  maxGraphNodes: 10_000,
  gradingDeadlineMs: 60_000,
});

/** A bound was exceeded: which one, the value reached (or at least reached) and the bound. */
export class LimitExceededError extends Error {
  readonly code = "LIMIT_EXCEEDED";

  constructor(
    readonly limit: LimitName,
    readonly value: number,
    readonly bound: number,
    /** What was being read, for example `blob sha256:…`. */
    readonly context = "",
  ) {
    super(`${context === "" ? "" : `${context}: `}${limit} exceeded (${value} > ${bound})`);
    this.name = "LimitExceededError";
  }
}
