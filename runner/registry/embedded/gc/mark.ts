import type { Digest } from "../../../../grader/oci/digest.js";

// The mark phase of distribution 2.x's garbage collector (registry/storage/garbagecollect.go), as a pure
// function. Per repository, every manifest is a root — unless `deleteUntagged` is set and no tag points at it,
// in which case it is queued for deletion and its references are NOT marked, even when an index in the same
// repository lists it. The index marks the child's own bytes (they are among its references) but not the
// child's config and layers: so `--delete-untagged` breaks multi-platform images whose children are untagged,
// exactly as distribution does (lab 14 teaches this trap).

/** A manifest as the collector sees it. */
export interface ManifestSnapshot {
  readonly digest: Digest;
  /** At least one tag of its repository points at it now. */
  readonly tagged: boolean;
  /** Config and layers of an image manifest, or the children of an index (distribution's References()). */
  readonly references: readonly Digest[];
}

/** The manifests of one repository. */
export interface RepositorySnapshot {
  readonly name: string;
  readonly manifests: readonly ManifestSnapshot[];
}

/** A manifest to remove from a repository. */
export interface ManifestRemoval {
  readonly repository: string;
  readonly digest: Digest;
}

/** Blobs to keep and manifests to remove. */
export interface MarkResult {
  readonly marked: ReadonlySet<Digest>;
  readonly removals: readonly ManifestRemoval[];
}

// Marks every blob reachable from the manifests that survive, and lists the manifests that do not.
export function markReachable(repositories: readonly RepositorySnapshot[], deleteUntagged: boolean): MarkResult {
  const marked = new Set<Digest>();
  const removals: ManifestRemoval[] = [];
  for (const repository of repositories) {
    for (const manifest of repository.manifests) {
      if (deleteUntagged && !manifest.tagged) {
        removals.push({ repository: repository.name, digest: manifest.digest });
        continue;
      }
      marked.add(manifest.digest);
      for (const reference of manifest.references) marked.add(reference);
    }
  }
  return { marked, removals };
}
