import { describe, expect, it } from "vitest";
import { sameConfig } from "../../../grader/checks/same-config.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { jsonBlob, toDescriptor } from "../../../runner/seed/blob.js";
import { buildImage } from "../../../runner/seed/image.js";
import { check, facts, image, index, PREFIX, put, putManifest, registry, rewrite } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const amd = image("amd64");

// The amd64 image with its config re-serialised (indent 2) and an extra field: same layers, new image ID.
function rewrittenConfig() {
  const value = JSON.parse(new TextDecoder().decode(amd.config.bytes));
  const config = jsonBlob(MediaType.ociConfig, { ...value, docker_version: "20.10" }, { indent: 2 });
  return { config, manifest: rewrite(amd.manifest, {}, (m) => ({ ...m, config: toDescriptor(config) })) };
}

describe("same-config: validation", () => {
  it.each([
    [{ ref: "a:v1" }, "give one of `other`, `seed`"],
    [{ ref: "a:v1", other: "b:v1", child: "linux/amd64" }, "`child` names an entry of `seed`"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = sameConfig.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("same-config (image ID, L04 id-vs-digest)", () => {
  it.each([[{ indent: 3 }], [{ indent: 2 }], [{ indent: 4, trailingNewline: true }]])(
    "passes a re-serialised manifest (%j): new digest, same image ID",
    async (format) => {
      const source = registry();
      put(source, "twins", amd);
      putManifest(source, "twins", rewrite(amd.manifest, format), "pretty");
      expect((await check(source, { kind: "same-config", ref: "twins:pretty", seed: "amd64" })).status).toBe("pass");
    },
  );

  it("compares with one entry of a seeded index, and with another reference's entry", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    put(source, "app", image("arm64"), "arm");
    expect(
      (await check(source, { kind: "same-config", ref: "app:arm", seed: "multi", child: "linux/arm64" })).status,
    ).toBe("pass");
    expect(
      (await check(source, { kind: "same-config", ref: "app:arm", other: "app:v1", platform: "linux/arm64" })).status,
    ).toBe("fail");
    const entry = await check(source, { kind: "same-config", ref: "app:v1", platform: "linux/arm64", other: "app:v1" });
    expect(entry.status).toBe("pass");
  });

  it("recognises a rewritten config with the same layers (skopeo --format)", async () => {
    const source = registry();
    const { config, manifest } = rewrittenConfig();
    put(source, "mirror", amd);
    source.putBlob(`${PREFIX}/mirror`, config.bytes);
    putManifest(source, "mirror", manifest, "f");
    const bySeed = await check(source, { kind: "same-config", ref: "mirror:f", seed: "amd64" });
    expect(bySeed.status).toBe("fail");
    expect(bySeed.diagnosis).toContain("Same layer blobs, another config");
    put(source, "src", amd, "f");
    const byRef = await check(source, { kind: "same-config", ref: "mirror:f", other: "src:f" });
    expect(byRef.diagnosis).toContain("Same layer blobs");
  });

  it("says another build is another image", async () => {
    const source = registry();
    put(source, "twins", image("leak"), "rebuilt");
    const result = await check(source, { kind: "same-config", ref: "twins:rebuilt", seed: "amd64" });
    expect(result.diagnosis).toContain("another image");
  });

  it("fails an index where an image was expected", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const result = await check(source, { kind: "same-config", ref: "app:v1", seed: "amd64" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("not a single image manifest");
  });
});

describe("same-config against a recompressed, re-configured image", () => {
  it("says the filesystem is the same (equal diff_ids) but the config was rewritten", async () => {
    const files = [{ type: "file" as const, path: "app/run", content: "x\n" }];
    const platform = { os: "linux", architecture: "amd64" };
    const original = buildImage({ flavour: "oci", platform, layers: [{ files }] });
    const changed = buildImage({
      flavour: "oci",
      platform,
      layers: [{ files, level: 1 }],
      created: "2024-02-02T00:00:00Z",
    });
    const source = registry();
    put(source, "src", original, "v1");
    put(source, "mirror", changed, "v1");
    const result = await check(source, { kind: "same-config", ref: "mirror:v1", other: "src:v1" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("equal diff_ids");
  });
});
