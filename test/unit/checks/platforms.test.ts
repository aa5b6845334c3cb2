import { describe, expect, it } from "vitest";
import { platforms } from "../../../grader/checks/platforms.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { check, facts, image, index, put, putManifest, registry, rewrite } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const TWO = ["linux/amd64", "linux/arm64"];

describe("platforms: validation", () => {
  it.each([
    [{ ref: "a:v1" }, "`platforms` is a list of platforms"],
    [{ ref: "a:v1", platforms: [] }, "names no platform"],
    [{ ref: "a:v1", platforms: ["unknown/unknown"] }, "attestation entries"],
    [{ ref: "a:v1", platforms: ["linux/arm64", "linux/arm64/v8"] }, "names linux/arm64/v8 twice"],
    [{ ref: "a:v1", platforms: ["linux"] }, "expected os/architecture"],
    [{ ref: "a:v1", platforms: { "linux/amd64": "nope" } }, '"nope" is not the name of a seeded object'],
    [{ ref: "a:v1", platforms: TWO, exact: "yes" }, "`exact` must be true or false"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = platforms.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });

  it("reads a map from platform to seeded image", () => {
    const { spec } = platforms.validate(
      { ref: "a:v1", platforms: { "linux/amd64": "amd64", "linux/arm64": "arm64" } },
      scope,
    );
    expect(spec?.platforms.map((w) => w.seed)).toEqual(["amd64", "arm64"]);
  });
});

describe("platforms of an index", () => {
  it("ignores attestation entries and treats arm64 as arm64/v8", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const result = await check(source, { kind: "platforms", ref: "app:v1", platforms: TWO });
    expect(result.status).toBe("pass");
    expect(result.summary).toContain("2 attestation entries");
  });

  it("accepts an entry written linux/arm64 (no variant) for linux/arm64/v8", async () => {
    const source = registry();
    const noVariant = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry(image("amd64")),
        imageEntry(image("arm64"), { platform: { os: "linux", architecture: "arm64" } }),
      ],
    });
    put(source, "app", noVariant, "v1");
    const result = await check(source, {
      kind: "platforms",
      ref: "app:v1",
      platforms: { "linux/amd64": "amd64", "linux/arm64/v8": "arm64" },
    });
    expect(result.status).toBe("pass");
  });

  it("fails an extra platform when exact, and passes it when not", async () => {
    const source = registry();
    put(source, "app", index("legacy"), "v1");
    const exact = await check(source, { kind: "platforms", ref: "app:v1", platforms: ["linux/amd64"] });
    expect(exact.status).toBe("fail");
    expect(exact.diagnosis).toContain("also lists `linux/arm/v7`");
    const loose = await check(source, { kind: "platforms", ref: "app:v1", platforms: ["linux/amd64"], exact: false });
    expect(loose.status).toBe("pass");
  });

  it("names a missing platform", async () => {
    const source = registry();
    put(source, "app", index("legacy"), "v1");
    const result = await check(source, {
      kind: "platforms",
      ref: "app:v1",
      platforms: ["linux/amd64", "linux/arm/v7", "linux/arm64"],
      exact: false,
    });
    expect(result.summary).toContain("no entry for `linux/arm64`");
    expect(result.diagnosis).toContain("No entry of the index is for `linux/arm64`");
  });

  it("names the lie of a lying index from the configs (L11)", async () => {
    const source = registry();
    put(source, "edge", index("lying"), "v3");
    const result = await check(source, {
      kind: "platforms",
      ref: "edge:v3",
      platforms: { "linux/amd64": "amd64", "linux/arm64": "arm64", "linux/arm/v7": "armv7" },
    });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toMatch(/claims `linux\/arm64\/v8` but its config says `linux\/amd64`/);
  });

  it("recognises an image hidden as unknown/unknown", async () => {
    const source = registry();
    const hidden = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry(image("amd64"), { platform: { os: "unknown", architecture: "unknown" } }),
        imageEntry(image("arm64")),
      ],
    });
    put(source, "app", hidden, "v1");
    const result = await check(source, { kind: "platforms", ref: "app:v1", platforms: TWO });
    expect(result.diagnosis).toContain("`linux/amd64` image but is marked unknown/unknown");
  });

  it("recognises a platform listed twice", async () => {
    const source = registry();
    const twice = buildIndex({
      flavour: "oci",
      entries: [imageEntry(image("amd64")), imageEntry(image("leak")), imageEntry(image("arm64"))],
    });
    put(source, "app", twice, "v1");
    const result = await check(source, { kind: "platforms", ref: "app:v1", platforms: TWO });
    expect(result.diagnosis).toContain("lists `linux/amd64` more than once");
  });

  it("names an entry without a platform", async () => {
    const source = registry();
    const bare = buildIndex({ flavour: "oci", entries: [imageEntry(image("amd64")), { manifest: image("arm64") }] });
    put(source, "app", bare, "v1");
    const result = await check(source, { kind: "platforms", ref: "app:v1", platforms: ["linux/amd64"], exact: false });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("an entry without platform");
  });

  it.each([[{ indent: 3 }], [{ indent: 2, trailingNewline: true }]])(
    "recognises a child converted or re-encoded on push (%j) when images are named (L08)",
    async (format) => {
      const source = registry();
      const arm = image("arm64");
      put(source, "metrics", arm);
      const converted = rewrite(arm.manifest, format);
      putManifest(source, "metrics", converted);
      const withConverted = buildIndex({
        flavour: "docker",
        entries: [imageEntry(image("amd64")), imageEntry({ ...arm, manifest: converted })],
      });
      put(source, "metrics", withConverted, "v2");
      const result = await check(source, {
        kind: "platforms",
        ref: "metrics:v2",
        platforms: { "linux/amd64": "amd64", "linux/arm64": "arm64" },
      });
      expect(result.diagnosis).toContain("same image ID");
      expect(result.hint).toContain("without `--format`");
    },
  );
});

describe("platforms of a single manifest", () => {
  it.each([
    ["amd64", "linux/amd64"],
    ["arm64", "linux/arm64/v8"],
  ])("says a %s child copied alone is one platform of the index", async (name, platform) => {
    const source = registry();
    put(source, "app", image(name), "v1");
    const result = await check(source, { kind: "platforms", ref: "app:v1", platforms: TWO });
    expect(result.status).toBe("fail");
    expect(result.actual).toBe(`a single image for \`${platform}\``);
    expect(result.diagnosis).toContain("only one platform was copied");
  });

  it("passes a single image for the one platform asked, and fails another", async () => {
    const source = registry();
    put(source, "byhand", image("amd64"), "v1");
    expect((await check(source, { kind: "platforms", ref: "byhand:v1", platforms: ["linux/amd64"] })).status).toBe(
      "pass",
    );
    const arm = await check(source, { kind: "platforms", ref: "byhand:v1", platforms: ["linux/arm64"] });
    expect(arm.status).toBe("fail");
    expect(arm.hint).toContain("platform the task names");
  });
});
