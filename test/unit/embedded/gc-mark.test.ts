import { describe, expect, it } from "vitest";
import type { Digest } from "../../../grader/oci/digest.js";
import { markReachable, type RepositorySnapshot } from "../../../runner/registry/embedded/gc/mark.js";

const d = (name: string) => `sha256:${name.padEnd(64, "0")}` as Digest;

// Lab 14's repository: the arm64 child is referenced only by the index tagged `latest`.
const lab14: RepositorySnapshot = {
  name: "lab14/search-indexer",
  manifests: [
    { digest: d("a100"), tagged: true, references: [d("c100"), d("b0"), d("b1"), d("b2")] },
    { digest: d("a110"), tagged: true, references: [d("c110"), d("b0"), d("b1"), d("b3")] },
    { digest: d("a11a"), tagged: false, references: [d("c11a"), d("b0a"), d("b1a"), d("b3a")] },
    { digest: d("1de"), tagged: true, references: [d("a110"), d("a11a")] },
    { digest: d("dbb"), tagged: false, references: [d("cdbb"), d("b0"), d("b1"), d("b4")] },
  ],
};

describe("markReachable (distribution 2.x semantics)", () => {
  it("keeps every manifest and what it references when untagged manifests are kept", () => {
    const { marked, removals } = markReachable([lab14], false);
    expect(removals).toEqual([]);
    for (const digest of ["a11a", "c11a", "b0a", "b3a", "dbb", "b4", "cdbb"]) expect(marked.has(d(digest))).toBe(true);
  });

  it("with deleteUntagged removes an index child that no tag points at, and leaves its layers unmarked", () => {
    const { marked, removals } = markReachable([lab14], true);
    expect(removals).toEqual([
      { repository: "lab14/search-indexer", digest: d("a11a") },
      { repository: "lab14/search-indexer", digest: d("dbb") },
    ]);
    // the index still marks the child's own bytes …
    expect(marked.has(d("a11a"))).toBe(true);
    // … but not the child's config and layers: the arm64 image is broken, as in distribution
    for (const digest of ["c11a", "b0a", "b1a", "b3a"]) expect(marked.has(d(digest))).toBe(false);
    // shared layers survive through the tagged manifests, the leaked ones do not
    for (const digest of ["b0", "b1", "b3", "c110"]) expect(marked.has(d(digest))).toBe(true);
    for (const digest of ["b4", "cdbb"]) expect(marked.has(d(digest))).toBe(false);
  });

  it("marks per repository: a blob is kept when any repository still references it", () => {
    const backup: RepositorySnapshot = {
      name: "lab14/backup",
      manifests: [{ digest: d("a11a"), tagged: true, references: [d("c11a"), d("b0a"), d("b1a"), d("b3a")] }],
    };
    const { marked, removals } = markReachable([lab14, backup], true);
    expect(removals).toContainEqual({ repository: "lab14/search-indexer", digest: d("a11a") });
    expect(removals).not.toContainEqual({ repository: "lab14/backup", digest: d("a11a") });
    for (const digest of ["c11a", "b0a", "b1a", "b3a"]) expect(marked.has(d(digest))).toBe(true);
  });

  it("marks nothing for an empty registry", () => {
    expect(markReachable([], true)).toEqual({ marked: new Set(), removals: [] });
  });
});
