import { describe, expect, it } from "vitest";
import { attestations } from "../../../grader/checks/attestations.js";
import { attestationEntry, buildAttestation } from "../../../runner/seed/attestation.js";
import type { Built } from "../../../runner/seed/built.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { check, facts, image, index, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const amd = image("amd64");
const arm = image("arm64");
const seededAttestations = index("multi").children.slice(2);

async function web(published: Built, fields: Record<string, unknown>) {
  const source = registry();
  put(source, "web", index("multi"), "1.0");
  put(source, "web", published, "1.0-noattest");
  return check(source, { kind: "attestations", ref: "web:1.0-noattest", ...fields });
}

describe("attestations: validation", () => {
  it.each([
    [{ ref: "web:1.0", count: -1 }, "`count` must be a whole number"],
    [{ ref: "web:1.0", seed: "nope" }, 'no seeded object is named "nope"'],
    [{ ref: "web:1.0", each: true }, "unknown field `each`"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = attestations.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("attestations", () => {
  it("passes the seeded index kept whole, by count and by seed", async () => {
    expect((await web(index("multi"), { count: 2 })).status).toBe("pass");
    expect((await web(index("multi"), { seed: "multi" })).status).toBe("pass");
  });

  it("passes an attestation-free variant and fails the original (L12)", async () => {
    const noattest = buildIndex({ flavour: "oci", entries: [imageEntry(amd), imageEntry(arm)] });
    expect((await web(noattest, { count: 0 })).status).toBe("pass");
    const still = await web(index("multi"), { count: 0 });
    expect(still.status).toBe("fail");
    expect(still.diagnosis).toContain("still lists 2 attestation entries");
    expect(still.hint).toContain("do not delete the attestation manifests");
  });

  it.each([
    ["amd64", "linux/amd64"],
    ["arm64", "linux/arm64/v8"],
  ])("says a single %s image is not an index (copied without --all)", async (name, platform) => {
    const result = await web(image(name), { count: 0 });
    expect(result.summary).toContain("is not an index");
    expect(result.diagnosis).toContain(`\`${platform}\` image from inside a seeded index`);
  });

  it("recognises attestations dropped by re-creating the index", async () => {
    const rebuilt = buildIndex({ flavour: "oci", entries: [imageEntry(amd), imageEntry(arm)] });
    const result = await web(rebuilt, { count: 2 });
    expect(result.diagnosis).toContain("dropped");
    const bySeed = await web(rebuilt, { seed: "multi" });
    expect(bySeed.diagnosis).toContain("2 of the original attestation manifests are not listed");
  });

  it("recognises rewritten attestation manifests (indent 2)", async () => {
    const rewritten = seededAttestations.map((a) =>
      attestationEntry(
        buildAttestation({
          image: a.kind === "attestation" && a.describes === amd.manifest.digest ? amd.manifest : arm.manifest,
          json: { indent: 2 },
        }),
      ),
    );
    const published = buildIndex({ flavour: "oci", entries: [imageEntry(amd), imageEntry(arm), ...rewritten] });
    const result = await web(published, { seed: "multi" });
    expect(result.diagnosis).toContain("2 listed ones are new");
  });

  it("recognises an attestation whose image is not in the index (L08 extra entries)", async () => {
    const orphan = attestationEntry(buildAttestation({ image: arm.manifest }));
    const published = buildIndex({ flavour: "oci", entries: [imageEntry(amd), imageEntry(image("armv7")), orphan] });
    const result = await web(published, {});
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("which is not an image of this index");
  });

  it("recognises an unknown/unknown entry without the reference annotation", async () => {
    const bare = { ...attestationEntry(buildAttestation({ image: amd.manifest })), annotations: undefined };
    const published = buildIndex({ flavour: "oci", entries: [imageEntry(amd), bare] });
    const result = await web(published, { count: 1 });
    expect(result.diagnosis).toContain("has no `vnd.docker.reference.digest` annotation");
  });
});
