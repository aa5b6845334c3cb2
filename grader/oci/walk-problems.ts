import { type Digest, digestHex, isDigest } from "./digest.js";
import { OciFormatError } from "./format-error.js";
import { LimitExceededError } from "./limits.js";
import { isIndexMediaType } from "./media-types.js";
import type { Problem, ProblemKind, Visit } from "./walk-types.js";

// Turning what an ObjectSource throws into graph problems. Sources are duck-typed so this core does not import
// the registry client: a not-found error has `isNotFound()` true or `status` 404; a content mismatch has
// `code: "CONTENT_MISMATCH"`, `field: "digest" | "size"`, `expected` and `actual` (grader/registry/errors.ts).

/** A content mismatch reported by a source. */
export interface MismatchLike {
  readonly field: "digest" | "size";
  readonly expected: string | number;
  readonly actual: string | number;
}

// True when a source error means "this object is not in the repository" (HTTP 404).
export function isNotFoundError(error: unknown): boolean {
  const e = error as { isNotFound?: () => boolean; status?: unknown } | undefined;
  if (typeof e?.isNotFound === "function") return e.isNotFound();
  return e?.status === 404;
}

// The mismatch details when a source refused content that does not match its descriptor.
export function asContentMismatch(error: unknown): MismatchLike | undefined {
  const e = error as Partial<MismatchLike> & { code?: unknown };
  if (e?.code !== "CONTENT_MISMATCH" || (e.field !== "digest" && e.field !== "size")) return undefined;
  return { field: e.field, expected: e.expected ?? "?", actual: e.actual ?? "?" };
}

// `sha256:0123456789ab…`, to keep messages readable.
export function shortDigest(digest: string): string {
  return isDigest(digest)
    ? `${digest.slice(0, digest.indexOf(":"))}:${digestHex(digest as Digest).slice(0, 12)}…`
    : digest;
}

// "layer sha256:0123456789ab… at manifests[0].layers[1]", or "manifest `v1` (the root)".
export function describeVisit(visit: Visit): string {
  const noun =
    visit.role === "manifest"
      ? visit.descriptor && isIndexMediaType(visit.descriptor.mediaType)
        ? "index"
        : "manifest"
      : visit.role;
  const name = isDigest(visit.reference) ? shortDigest(visit.reference) : `\`${visit.reference}\``;
  return `${noun} ${name}${visit.path === "" ? " (the root)" : ` at ${visit.path}`}`;
}

// A problem about a visit.
export function problemAt(visit: Visit, kind: ProblemKind, message: string): Problem {
  const digest = isDigest(visit.reference) ? visit.reference : undefined;
  return { kind, path: visit.path, message, ...(digest ? { digest } : {}) };
}

// The problem a source error amounts to; undefined for errors that mean "could not evaluate" (rethrown).
export function problemFromError(visit: Visit, repository: string, error: unknown): Problem | undefined {
  const what = describeVisit(visit);
  if (isNotFoundError(error)) return problemAt(visit, "missing", `${what} is not in \`${repository}\``);
  const mismatch = asContentMismatch(error);
  if (mismatch?.field === "digest") {
    return problemAt(
      visit,
      "digest-mismatch",
      `${what}: the registry's bytes hash to ${mismatch.actual}, not to the digest that names them`,
    );
  }
  if (mismatch) return sizeMismatch(visit, mismatch.expected, mismatch.actual);
  if (error instanceof OciFormatError) return problemAt(visit, "invalid", `${what} is not valid: ${error.message}`);
  if (error instanceof LimitExceededError) return problemAt(visit, "limit", `${what}: ${error.message}`);
  return undefined;
}

// A size-mismatch problem showing both sides.
export function sizeMismatch(visit: Visit, expected: string | number, actual: string | number): Problem {
  return problemAt(
    visit,
    "size-mismatch",
    `${describeVisit(visit)}: the descriptor says ${expected} bytes, the registry served ${actual}`,
  );
}
