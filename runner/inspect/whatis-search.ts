import { createDeadline, type Deadline } from "../../grader/oci/deadline.js";
import type { Digest } from "../../grader/oci/digest.js";
import { DEFAULT_LIMITS, type Limits } from "../../grader/oci/limits.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { buildInspectGraph } from "./build-graph.js";
import { type Sighting, sightingsOf } from "./whatis-sightings.js";

// Searches repositories for every object their tags reach, with one deadline for the whole search (and the
// walk's node caps per tag). Referrers fallback tags (`sha256-<hex>`) are not walked as tags: the referrers
// of each manifest are read with its graph.

/** What a search covered and found. */
export interface SearchResult {
  readonly repositories: readonly string[];
  readonly tags: number;
  /** False when the deadline ended the search early. */
  readonly complete: boolean;
  readonly sightings: readonly Sighting[];
}

const FALLBACK_TAG = /^sha(256|512)-[0-9a-f]+$/;

/** Bounds of a search. */
export interface SearchOptions {
  readonly deadline?: Deadline;
  readonly limits?: Limits;
}

// Walks every tag of every repository and collects where each digest occurs.
export async function searchRegistry(
  source: ObjectSource,
  registry: string,
  repositories: readonly string[],
  options: SearchOptions = {},
): Promise<SearchResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = options.deadline ?? createDeadline(limits.gradingDeadlineMs);
  const sightings: Sighting[] = [];
  let tags = 0;
  for (const repository of repositories) {
    for (const tag of (await source.tags(repository)).filter((t) => !FALLBACK_TAG.test(t))) {
      if (deadline.remainingMs() <= 0) return { repositories, tags, complete: false, sightings };
      const graph = await buildInspectGraph(source, { registry, repository, reference: tag }, { deadline, limits });
      sightings.push(...sightingsOf(graph, tag));
      tags++;
    }
  }
  return { repositories, tags, complete: deadline.remainingMs() > 0, sightings };
}

// Where a digest no tag reaches is still stored: a manifest or a blob in some repository (an orphan).
export async function findUnreferenced(
  source: ObjectSource,
  repositories: readonly string[],
  digest: Digest,
): Promise<Sighting[]> {
  const found: Sighting[] = [];
  for (const repository of repositories) {
    if (await source.manifestExists(repository, digest))
      found.push({ digest, as: "unreferenced", repository, type: "manifest" });
    else if (await source.blobExists(repository, digest))
      found.push({ digest, as: "unreferenced", repository, type: "blob" });
  }
  return found;
}
