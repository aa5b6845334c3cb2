import { describe, expect, it } from "vitest";
import type { Digest } from "../../../grader/oci/digest.js";
import { digestHex } from "../../../grader/oci/digest.js";
import type { Built, BuiltImage } from "../../../runner/seed/built.js";
import { allText, check, put, registry, variant } from "./objects-fixture.js";

// For two personalised seeds, every failing object check whose expected value is a seeded digest must, with
// `showExpected: never`, print no 12 consecutive hex characters of that digest anywhere.

interface Case {
  readonly name: string;
  /** Fills the registry with a wrong state, from the learner's own seed. */
  readonly arrange: (built: ReadonlyMap<string, Built>) => ReturnType<typeof registry>;
  readonly fields: Record<string, unknown>;
  /** The hidden expected digests. */
  readonly secrets: (built: ReadonlyMap<string, Built>) => readonly Digest[];
}

const img = (built: ReadonlyMap<string, Built>, name: string) => built.get(name) as BuiltImage;
const only = (built: ReadonlyMap<string, Built>, name: string, tag: string, repository = "app") => {
  const source = registry();
  put(source, repository, built.get(name) as Built, tag);
  return source;
};

const CASES: readonly Case[] = [
  {
    name: "digest-equals with a seeded index",
    arrange: (b) => only(b, "amd64", "v1"),
    fields: { kind: "digest-equals", ref: "app:v1", seed: "multi" },
    secrets: (b) => [(b.get("multi") as Built).manifest.digest],
  },
  {
    name: "digest-equals with one entry of a seeded index",
    arrange: (b) => only(b, "multi", "pinned"),
    fields: { kind: "digest-equals", ref: "app:pinned", seed: "multi", child: "linux/arm64" },
    secrets: (b) => [img(b, "arm64").manifest.digest],
  },
  {
    name: "same-config with a seeded image",
    arrange: (b) => only(b, "leak", "v1"),
    fields: { kind: "same-config", ref: "app:v1", seed: "amd64" },
    secrets: (b) => [img(b, "amd64").config.digest],
  },
  {
    name: "blob-absent of the leaked image's own blobs",
    arrange: (b) => only(b, "leak", "debug-42", "indexer"),
    fields: { kind: "blob-absent", repository: "indexer", seed: "leak", blob: "unique" },
    secrets: (b) => [img(b, "leak").config.digest, img(b, "leak").layers[2]!.digest],
  },
];

describe.each(["alice", "bob"])("hidden expected values for learner %s", (learner) => {
  const seed = variant(learner);

  it.each(CASES)("$name never prints them", async (c) => {
    const result = await check(c.arrange(seed.built), { ...c.fields, showExpected: "never" }, seed.facts);
    expect(result.status).toBe("fail");
    expect(result.expected).toBeUndefined();
    const text = allText(result);
    for (const secret of c.secrets(seed.built)) {
      const hex = digestHex(secret);
      for (let i = 0; i + 12 <= hex.length; i += 1) expect(text).not.toContain(hex.slice(i, i + 12));
    }
  });
});

describe("personalised seeds", () => {
  it("show the expected digest by default, so the hiding above is what removes it", async () => {
    const seed = variant("alice");
    const c = CASES[0] as Case;
    const result = await check(c.arrange(seed.built), c.fields, seed.facts);
    expect(result.expected).toContain(digestHex(c.secrets(seed.built)[0] as Digest).slice(0, 12));
  });

  it("differ between learners, so no graded digest is shared", () => {
    expect(variant("alice").facts.get("multi")?.digest).not.toBe(variant("bob").facts.get("multi")?.digest);
  });
});
