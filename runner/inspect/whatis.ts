import type { ObjectSource } from "../../grader/registry/source.js";
import { explainAmbiguous, explainDigest, explainUnknown, type WhatisAnswer } from "./whatis-explain.js";
import { type DigestQuery, matchDigests } from "./whatis-query.js";
import { findUnreferenced, type SearchOptions, searchRegistry } from "./whatis-search.js";

// `labs whatis` without the CLI: search, match the pasted digest (whole or shortened), explain.

// What `query` (as typed: `text`) is among `repositories` of the registry `registry`.
export async function whatisDigest(
  source: ObjectSource,
  registry: string,
  repositories: readonly string[],
  query: DigestQuery,
  text: string,
  options: SearchOptions = {},
): Promise<WhatisAnswer> {
  const { sightings, ...searched } = await searchRegistry(source, registry, repositories, options);
  const matches = matchDigests(
    query,
    sightings.map((s) => s.digest),
  );
  if (query.kind === "prefix") {
    const [only] = matches;
    if (matches.length > 1) return explainAmbiguous(text, matches, searched);
    return only ? explainDigest(text, only, sightings, searched) : explainUnknown(text, searched);
  }
  if (sightings.some((s) => s.digest === query.digest)) return explainDigest(text, query.digest, sightings, searched);
  const stored = await findUnreferenced(source, repositories, query.digest);
  return explainDigest(text, query.digest, stored, searched);
}
