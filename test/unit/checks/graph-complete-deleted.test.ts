import { describe, expect, it } from "vitest";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { check, index, put, registry, SEED } from "./objects-fixture.js";

// graph-complete tells a deletion from an incomplete copy: the tag still names the object the lab seeded there,
// and what it references was removed (lab 12's "delete the attestation manifests" mistake).

const tagged = seedFacts({ ...SEED, tags: [{ repository: "web", tag: "1.0", target: "multi" }] });
const attestations = () =>
  index("multi")
    .children.filter((c) => c.kind === "attestation")
    .map((c) => c.manifest.digest);

describe("graph-complete on a seeded tag whose children were deleted", () => {
  it("names the deletion and says what it broke", async () => {
    const source = registry();
    put(source, "web", index("multi"), "1.0", new Set(attestations()));
    const result = await check(source, { kind: "graph-complete", ref: "web:1.0" }, tagged);
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toMatch(
      /still names the object the lab seeded, but 2 of the objects it references were deleted/,
    );
    expect(result.hint).toMatch(/breaks that tag/);
  });

  it("keeps the incomplete-copy advice where the lab never seeded that tag", async () => {
    const source = registry();
    put(source, "mirror", index("multi"), "1.0", new Set(attestations()));
    const result = await check(source, { kind: "graph-complete", ref: "mirror:1.0" }, tagged);
    expect(result.diagnosis).toMatch(/The top object is there/);
    expect(result.hint).toMatch(/Copy the whole graph/);
  });
});
