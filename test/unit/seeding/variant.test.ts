import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import { labPrefix } from "../../../grader/lab/types.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { learnerVariant } from "../../../runner/seeding/variant.js";

const file = resolve(import.meta.dirname, "../../../labs/09-mirror-preserving-digest/lab.yaml");
const source = readFileSync(file, "utf8");

// Lab 9 as a learner with this variant gets it: their choices (tags, a platform) and their seed.
function labFor(variant: string) {
  const loaded = loadLabText(file, source, CHECKS, { variant });
  if (!("lab" in loaded)) throw new Error("lab 9 does not load");
  return loaded.lab;
}

function allDigests(variant: string): Set<string> {
  const digests = new Set<string>();
  for (const fact of seedFacts(labFor(variant).seed, variant).values()) for (const d of fact.reachable) digests.add(d);
  return digests;
}

describe("personalised seeds", () => {
  it("derive the same variant from the same learner, lab and course key, and another from any change", () => {
    const base = learnerVariant(9, "ada", "key-1");
    expect(learnerVariant(9, "ada", "key-1")).toBe(base);
    expect(
      new Set([
        base,
        learnerVariant(9, "bob", "key-1"),
        learnerVariant(8, "ada", "key-1"),
        learnerVariant(9, "ada", "key-2"),
      ]).size,
    ).toBe(4);
    expect(learnerVariant(9, undefined, "key-1")).toBe("");
  });

  it("share no graded digest between two learners, and reproduce each learner's digests exactly", () => {
    const ada = allDigests(learnerVariant(9, "ada", "k"));
    const bob = allDigests(learnerVariant(9, "bob", "k"));
    const shared = [...ada].filter((d) => bob.has(d));
    // Only the attestations' in-toto statements could coincide; every image, config and layer differs.
    const adaVariant = learnerVariant(9, "ada", "k");
    const graded = [...seedFacts(labFor(adaVariant).seed, adaVariant).values()].flatMap((f) => [
      f.digest,
      f.configDigest ?? f.digest,
    ]);
    expect(graded.filter((d) => bob.has(d))).toEqual([]);
    expect(shared.length).toBeLessThan(ada.size);
    expect(allDigests(learnerVariant(9, "ada", "k"))).toEqual(ada);
  });

  it("keeps the unpersonalised seed for a lab without a learner", () => {
    expect(allDigests("")).toEqual(allDigests(learnerVariant(9, undefined)));
    expect(labPrefix(9)).toBe("lab09");
    expect(labPrefix(9, "ada")).toBe("course/ada/lab09");
  });
});
