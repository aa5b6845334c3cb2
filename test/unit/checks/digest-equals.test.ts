import { describe, expect, it } from "vitest";
import { digestEquals } from "../../../grader/checks/digest-equals.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { allText, check, facts, image, index, put, putManifest, registry, rewrite } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const amd64Digest = image("amd64").manifest.digest;

describe("digest-equals: validation", () => {
  it.each([
    [{ ref: "a/b:v1" }, "give one of `other`, `seed`"],
    [{ ref: "a/b:v1", other: "c/d:v1", seed: "multi" }, "give only one of"],
    [{ ref: "a/b:v1", other: "c/d:v1", child: "linux/amd64" }, "`child` names an entry of `seed`"],
    [{ ref: "a/b:v1", seed: "nope" }, 'no seeded object is named "nope"'],
    [{ ref: "a/b:v1", seed: "multi", child: "unknown/unknown" }, "attestation"],
    [{ ref: "a/b:v1", seed: "multi", expect: "equal" }, "`expect` must be one of same, different"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = digestEquals.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("digest-equals against another reference", () => {
  it("passes a byte-for-byte copy and names a single platform copied alone", async () => {
    const source = registry();
    put(source, "src/app", index("multi"), "v1");
    put(source, "mirror/app", index("multi"), "v1");
    const ok = await check(source, { kind: "digest-equals", ref: "mirror/app:v1", other: "src/app:v1" });
    expect(ok.status).toBe("pass");
    put(source, "mirror/app", image("arm64"), "v1");
    const one = await check(source, { kind: "digest-equals", ref: "mirror/app:v1", other: "src/app:v1" });
    expect(one.status).toBe("fail");
    expect(one.diagnosis).toContain("`linux/arm64/v8` image from inside the source index");
  });

  it("fails (not errors) when the reference to compare with is gone", async () => {
    const source = registry();
    put(source, "mirror/app", index("multi"), "v1");
    const result = await check(source, { kind: "digest-equals", ref: "mirror/app:v1", other: "src/app:v1" });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("The reference to compare with");
  });

  it.each([[{ indent: 2 }], [{ indent: 4 }], [{ trailingNewline: true }]])(
    "recognises a re-serialised index (%j) as written anew",
    async (format) => {
      const source = registry();
      put(source, "src/app", index("multi"), "v1");
      put(source, "mirror/app", index("multi"));
      putManifest(source, "mirror/app", rewrite(index("multi").manifest, format), "v1");
      const result = await check(source, { kind: "digest-equals", ref: "mirror/app:v1", other: "src/app:v1" });
      expect(result.diagnosis).toContain("written anew");
    },
  );
});

describe("digest-equals against a seeded object", () => {
  it("recognises a docker re-push of the right build: same image ID, new bytes (L02)", async () => {
    const source = registry();
    const amd = image("amd64");
    put(source, "api", amd);
    putManifest(source, "api", rewrite(amd.manifest, { indent: 3 }), "prod");
    const result = await check(source, { kind: "digest-equals", ref: "api:prod", seed: "amd64" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("same image ID");
    expect(result.diagnosis).toContain("`linux/amd64`");
  });

  it("says a tag on another build is a different image", async () => {
    const source = registry();
    put(source, "api", image("leak"), "prod");
    const result = await check(source, { kind: "digest-equals", ref: "api:prod", seed: "amd64" });
    expect(result.diagnosis).toContain("shares nothing");
  });

  it.each([
    ["linux/amd64", "amd64"],
    ["linux/arm64", "arm64"],
    ["linux/arm64/v8", "arm64"],
  ])("compares with one entry of a seeded index (child: %s)", async (platform, name) => {
    const source = registry();
    put(source, "app", image(name), "pinned");
    const result = await check(source, { kind: "digest-equals", ref: "app:pinned", seed: "multi", child: platform });
    expect(result.status).toBe("pass");
  });

  it("says when the index that lists the wanted child was given instead", async () => {
    const source = registry();
    put(source, "app", index("multi"), "pinned");
    const result = await check(source, {
      kind: "digest-equals",
      ref: "app:pinned",
      seed: "multi",
      child: "linux/amd64",
    });
    expect(result.diagnosis).toContain("the index that lists the expected image");
  });

  it("errors when the seeded index has no entry for the child platform", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const result = await check(source, { kind: "digest-equals", ref: "app:v1", seed: "multi", child: "linux/s390x" });
    expect(result.status).toBe("error");
  });

  it("recognises a rebuilt index without attestations", async () => {
    const source = registry();
    const rebuilt = buildIndex({ flavour: "oci", entries: [imageEntry(image("amd64")), imageEntry(image("arm64"))] });
    put(source, "app", rebuilt, "v1");
    const result = await check(source, { kind: "digest-equals", ref: "app:v1", seed: "multi" });
    expect(result.diagnosis).toContain("2 attestation manifests are gone");
  });

  it("never shows the expected digest outside `expected`, and hides it when asked", async () => {
    const source = registry();
    put(source, "app", image("arm64"), "pinned");
    const result = await check(source, {
      kind: "digest-equals",
      ref: "app:pinned",
      seed: "amd64",
      showExpected: "never",
    });
    expect(result.status).toBe("fail");
    expect(result.expected).toBeUndefined();
    expect(allText(result)).not.toContain(amd64Digest.slice(7, 19));
  });
});

describe("digest-equals with expect: different", () => {
  it("passes a changed index and fails an untouched one (L11: the digest must change)", async () => {
    const source = registry();
    put(source, "edge", index("lying"), "v3");
    const same = await check(source, { kind: "digest-equals", ref: "edge:v3", seed: "lying", expect: "different" });
    expect(same.status).toBe("fail");
    expect(same.diagnosis).toContain("unchanged");
    putManifest(source, "edge", rewrite(index("lying").manifest, { indent: 4 }), "v3");
    const changed = await check(source, { kind: "digest-equals", ref: "edge:v3", seed: "lying", expect: "different" });
    expect(changed.status).toBe("pass");
  });
});
