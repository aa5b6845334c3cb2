import { describe, expect, it } from "vitest";
import { descriptorsTruthful } from "../../../grader/checks/descriptors-truthful.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { jsonBlob, toDescriptor } from "../../../runner/seed/blob.js";
import { buildImage } from "../../../runner/seed/image.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { check, facts, image, index, PREFIX, put, putManifest, registry, rewrite } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe("descriptors-truthful: validation", () => {
  it("rejects a non-boolean option and unknown fields", () => {
    const { problems } = descriptorsTruthful.validate({ ref: "a:v1", diffIds: "yes", sizes: true }, scope);
    expect(problems.map((p) => p.message)).toEqual([
      "unknown field `sizes` (this kind takes: ref, explicitVariant, diffIds)",
      "`diffIds` must be true or false",
    ]);
  });
});

describe("descriptors-truthful on indexes", () => {
  it("passes a seeded index with attestations, and a Docker list", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    put(source, "app", index("legacy"), "legacy");
    const multi = await check(source, { kind: "descriptors-truthful", ref: "app:v1", explicitVariant: true });
    expect(multi.status).toBe("pass");
    expect((await check(source, { kind: "descriptors-truthful", ref: "app:legacy" })).status).toBe("pass");
  });

  it("names each platform lie of the lying index, reading the configs (L11)", async () => {
    const source = registry();
    put(source, "edge", index("lying"), "v3");
    const result = await check(source, { kind: "descriptors-truthful", ref: "edge:v3" });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("2 descriptors");
    expect(result.diagnosis).toMatch(
      /^The entry for sha256:\w{12}… claims `linux\/arm64\/v8` but its config says `linux\/amd64`\.$/,
    );
    expect(result.hint).toContain("config of the image it points at");
  });

  it("requires an explicit variant when asked (arm is not assumed to be v7)", async () => {
    const source = registry();
    const noVariant = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry(image("amd64")),
        imageEntry(image("armv7"), { platform: { os: "linux", architecture: "arm" } }),
      ],
    });
    put(source, "edge", noVariant, "v3");
    expect((await check(source, { kind: "descriptors-truthful", ref: "edge:v3" })).status).toBe("pass");
    const strict = await check(source, { kind: "descriptors-truthful", ref: "edge:v3", explicitVariant: true });
    expect(strict.status).toBe("fail");
    expect(strict.diagnosis).toContain("without the variant its config states (`linux/arm/v7`)");
  });

  it("names a wrong entry size and a wrong entry media type (hand-written index)", async () => {
    const source = registry();
    const amd = image("amd64");
    const arm = image("arm64");
    const lying = buildIndex({
      flavour: "oci",
      entries: [
        imageEntry(amd, { override: { size: amd.manifest.size + 1 } }),
        imageEntry(arm, { override: { mediaType: MediaType.dockerManifest } }),
      ],
    });
    put(source, "metrics", lying, "v2");
    const result = await check(source, { kind: "descriptors-truthful", ref: "metrics:v2" });
    expect(result.status).toBe("fail");
    expect(result.actual).toContain(`the descriptor says ${amd.manifest.size + 1} bytes`);
    expect(result.actual).toContain(`the descriptor says ${MediaType.dockerManifest}`);
    expect(result.hint).toContain("size");
    expect(result.hint).toContain("media type its manifest is served with");
  });

  it("fails an entry whose manifest is not in the repository", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1", new Set([image("arm64").manifest.digest]));
    const result = await check(source, { kind: "descriptors-truthful", ref: "app:v1" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("is not in");
  });
});

describe("descriptors-truthful on image manifests (L05)", () => {
  const layers = [{ files: [{ type: "file" as const, path: "hello.txt", content: "hello, OCI\n" }] }];

  it("passes a hand-made image, with diff_ids verified", async () => {
    const source = registry();
    put(
      source,
      "byhand",
      buildImage({ flavour: "oci", platform: { os: "linux", architecture: "amd64" }, layers }),
      "v1",
    );
    const result = await check(source, { kind: "descriptors-truthful", ref: "byhand:v1", diffIds: true });
    expect(result.status).toBe("pass");
    expect(result.summary).toContain("diff_ids");
  });

  // With diff_ids verified too, the lying layer must still be a fail (it cannot be streamed), not an error.
  it.each([false, true])(
    "names a layer size taken from the .tar instead of the .tar.gz (diffIds %s)",
    async (diffIds) => {
      const source = registry();
      const img = buildImage({ flavour: "oci", platform: { os: "linux", architecture: "amd64" }, layers });
      put(source, "byhand", img);
      const wrong = rewrite(img.manifest, {}, (m) => ({
        ...m,
        layers: [{ ...toDescriptor(img.layers[0]!), size: 2048 }],
      }));
      putManifest(source, "byhand", wrong, "v1");
      const result = await check(source, { kind: "descriptors-truthful", ref: "byhand:v1", diffIds });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain("the descriptor says 2048 bytes");
      expect(result.hint).toContain("not the .tar");
    },
  );

  it("names a plain tar declared as tar+gzip", async () => {
    const source = registry();
    const plain = buildImage({
      flavour: "oci",
      platform: { os: "linux", architecture: "amd64" },
      layers: [{ ...layers[0]!, compression: "none" }],
    });
    put(source, "byhand", plain);
    const relabelled = rewrite(plain.manifest, {}, (m) => ({
      ...m,
      layers: [{ ...toDescriptor(plain.layers[0]!), mediaType: MediaType.ociLayerGzip }],
    }));
    putManifest(source, "byhand", relabelled, "v1");
    const result = await check(source, { kind: "descriptors-truthful", ref: "byhand:v1" });
    expect(result.diagnosis).toContain("its bytes are an uncompressed tar");
    expect(result.hint).toContain("gzip the tar");
  });

  it("names diff_ids that are the compressed digests", async () => {
    const source = registry();
    const img = buildImage({ flavour: "oci", platform: { os: "linux", architecture: "amd64" }, layers });
    put(source, "byhand", img);
    const cfg = decode(img.config.bytes);
    const badConfig = jsonBlob(MediaType.ociConfig, {
      ...cfg,
      rootfs: { type: "layers", diff_ids: [img.layers[0]!.digest] },
    });
    source.putBlob(`${PREFIX}/byhand`, badConfig.bytes);
    putManifest(
      source,
      "byhand",
      rewrite(img.manifest, {}, (m) => ({ ...m, config: toDescriptor(badConfig) })),
      "v1",
    );
    expect((await check(source, { kind: "descriptors-truthful", ref: "byhand:v1" })).status).toBe("pass");
    const result = await check(source, { kind: "descriptors-truthful", ref: "byhand:v1", diffIds: true });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("rootfs.diff_ids[0] is the compressed layer's digest");
    expect(result.hint).toContain("uncompressed");
  });

  it("fails a missing tag instead of erroring", async () => {
    const result = await check(registry(), { kind: "descriptors-truthful", ref: "byhand:v1" });
    expect(result.status).toBe("fail");
  });
});
