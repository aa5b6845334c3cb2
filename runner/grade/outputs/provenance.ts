import type { LearnerResult } from "../result.js";

// The bundle's sha256 for a result graded from (or failing on) a bundle: the evidence's, else the source's.
export function bundleDigest(result: LearnerResult): string | undefined {
  return result.report?.evidence?.digest ?? (result.source.kind === "bundle" ? result.source.digest : undefined);
}

// Where the result came from, in one line: the bundle file, or the registry and the learner's prefix.
export function formatSource(result: LearnerResult): string {
  const source = result.source;
  return source.kind === "bundle" ? `bundle ${source.file}` : `registry ${source.url} ${source.prefix}`;
}
