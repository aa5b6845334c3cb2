// What a grading run asked the registry about that can change without a new digest: where a tag points, whether
// something exists, a tag list, a referrers list. Content under a digest never changes, so it is not a probe.

/** One changeable fact a check read. */
export type Probe =
  | { readonly kind: "tag"; readonly repository: string; readonly tag: string }
  | { readonly kind: "manifest"; readonly repository: string; readonly reference: string }
  | { readonly kind: "blob"; readonly repository: string; readonly digest: string }
  | { readonly kind: "tags"; readonly repository: string }
  | {
      readonly kind: "referrers";
      readonly repository: string;
      readonly subject: string;
      readonly artifactType?: string;
    };

/** A probe and its value: a digest, `present`/`absent`, a sorted list, or `error`. */
export interface Observation {
  readonly probe: Probe;
  readonly value: string;
}

export const PRESENT = "present";
export const ABSENT = "absent";
export const FAILED = "error";

// A stable key for a probe (kind, repository and what is asked).
export function probeKey(probe: Probe): string {
  switch (probe.kind) {
    case "tag":
      return `tag ${probe.repository}:${probe.tag}`;
    case "manifest":
      return `manifest ${probe.repository}@${probe.reference}`;
    case "blob":
      return `blob ${probe.repository}@${probe.digest}`;
    case "tags":
      return `tags ${probe.repository}`;
    default:
      return `referrers ${probe.repository}@${probe.subject} ${probe.artifactType ?? ""}`;
  }
}

// A list as one comparable value.
export function listValue(items: readonly string[]): string {
  return [...items].sort().join(",");
}

// Whether an error is the registry's 404 (RegistryError.isNotFound).
export function isNotFound(error: unknown): boolean {
  const e = error as { isNotFound?: () => boolean } | undefined;
  return typeof e?.isNotFound === "function" && e.isNotFound();
}
