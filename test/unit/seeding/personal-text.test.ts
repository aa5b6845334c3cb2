import { describe, expect, it } from "vitest";
import type { BuiltImage } from "../../../runner/seed/built.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { fillPersonal } from "../../../runner/seeding/personal-text.js";
import { learnerVariant } from "../../../runner/seeding/variant.js";
import { loadLabFixture } from "../../support/lab-fixture.js";

describe("personal values in seeded files", () => {
  it("keep the written value in the shared seed and give each learner one of the same shape", () => {
    const text = "token=S3CR3T-{{personal:4242}} id={{personal:ab-CD}}\n";
    expect(fillPersonal(text, "", "app/config.ini")).toBe("token=S3CR3T-4242 id=ab-CD\n");
    const ada = fillPersonal(text, learnerVariant(3, "ada", "k"), "app/config.ini");
    const bob = fillPersonal(text, learnerVariant(3, "bob", "k"), "app/config.ini");
    expect(ada).toMatch(/^token=S3CR3T-\d{4} id=[a-z]{2}-[A-Z]{2}\n$/);
    expect(ada).not.toBe(bob);
    expect(fillPersonal(text, learnerVariant(3, "ada", "k"), "app/config.ini")).toBe(ada);
    expect(fillPersonal(text, learnerVariant(3, "ada", "k"), "other/file")).not.toBe(ada);
    expect(fillPersonal("no {{personal}} here {{registry}}", "v", "f")).toBe("no {{personal}} here {{registry}}");
  });

  it("make lab 3's token differ per learner while the shared lab keeps the curriculum's", () => {
    const lab = loadLabFixture("03-layers-and-whiteouts");
    const layerOf = (variant: string) => (buildSeed(lab.seed, variant).get("leaky") as BuiltImage).layers[1]?.digest;
    expect(layerOf("")).not.toBe(layerOf(learnerVariant(3, "ada")));
    expect(new Set([layerOf(learnerVariant(3, "ada")), layerOf(learnerVariant(3, "bob"))]).size).toBe(2);
  });
});
