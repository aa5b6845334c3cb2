import { describe, expect, it } from "vitest";
import { referenceKind } from "../../../grader/checks/reference-kind.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { buildArtifact, EMPTY_BLOB } from "../../../runner/seed/artifact.js";
import { makeBlob, toDescriptor } from "../../../runner/seed/blob.js";
import { buildImage } from "../../../runner/seed/image.js";
import { check, image, index, PREFIX, put, putManifest, registry, rewrite } from "./objects-fixture.js";

const scope = { seedNames: new Set<string>(), answerKeys: new Set<string>() };

describe("reference-kind: validation", () => {
  it("accepts the documented fields", () => {
    const { spec, problems } = referenceKind.validate({ ref: "mirror/app:v1", is: "index", flavour: "oci" }, scope);
    expect(problems).toEqual([]);
    expect(spec?.is).toBe("index");
  });

  it.each([
    [{ ref: "mirror/app:v1" }, "`is` is required"],
    [{ ref: "mirror/app:v1", is: "tarball" }, "`is` must be one of"],
    [{ ref: "mirror/app:v1", is: "index", flavour: "podman" }, "`flavour` must be one of"],
    [{ ref: "mirror/app:v1", is: "image", artifactType: "x/y" }, "needs `is: artifact`"],
    [{ ref: "mirror/app", is: "index" }, "needs a tag"],
    [{ ref: "mirror/app:v1", is: "index", colour: "red" }, "unknown field `colour`"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = referenceKind.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("reference-kind: an index is expected", () => {
  it("passes an OCI index, and a Docker list when no flavour is asked", async () => {
    const source = registry();
    put(source, "mirror/app", index("multi"), "v1");
    put(source, "mirror/app", index("legacy"), "legacy");
    expect(
      (await check(source, { kind: "reference-kind", ref: "mirror/app:v1", is: "index", flavour: "oci" })).status,
    ).toBe("pass");
    const legacy = await check(source, { kind: "reference-kind", ref: "mirror/app:legacy", is: "index" });
    expect(legacy.status).toBe("pass");
    expect(legacy.summary).toContain("Docker manifest list");
  });

  it.each([
    ["amd64", "linux/amd64"],
    ["arm64", "linux/arm64/v8"],
  ])("names the platform of a child copied alone (%s host)", async (name, platform) => {
    const source = registry();
    put(source, "mirror/app", image(name), "v1");
    const result = await check(source, { kind: "reference-kind", ref: "mirror/app:v1", is: "index" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain(`\`${platform}\` image from inside a seeded index`);
    expect(result.diagnosis).toContain("only one platform was copied");
    expect(result.hint).toContain("--all");
  });

  it.each([
    ["indent 3 (docker push)", { indent: 3 }],
    ["indent 2", { indent: 2 }],
    ["indent 4 with a trailing newline", { indent: 4, trailingNewline: true }],
  ])("recognises a re-encoded single image with the seeded image ID, %s", async (_name, format) => {
    const source = registry();
    const arm = image("arm64");
    put(source, "mirror/app", arm);
    putManifest(source, "mirror/app", rewrite(arm.manifest, format), "v1");
    const result = await check(source, { kind: "reference-kind", ref: "mirror/app:v1", is: "index" });
    expect(result.diagnosis).toContain("image ID of a seeded image");
    expect(result.diagnosis).toContain("`linux/arm64/v8`");
  });

  it("says a single unrelated manifest is not an index", async () => {
    const source = registry();
    const other = buildImage({
      flavour: "oci",
      platform: { os: "linux", architecture: "s390x" },
      layers: [{ files: [] }],
    });
    put(source, "mirror/app", other, "v1");
    const result = await check(source, { kind: "reference-kind", ref: "mirror/app:v1", is: "index" });
    expect(result.diagnosis).toContain("single-platform image manifest (`linux/s390x`)");
  });

  it("fails a missing tag with a hint, not an error", async () => {
    const result = await check(registry(), { kind: "reference-kind", ref: "mirror/app:v1", is: "index" });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("does not exist");
  });

  it("recognises a Docker list where an OCI index was asked (conversion)", async () => {
    const source = registry();
    put(source, "mirror/app", index("legacy"), "v1");
    const result = await check(source, { kind: "reference-kind", ref: "mirror/app:v1", is: "index", flavour: "oci" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("Docker media types");
    expect(result.expected).toBe("an image index with OCI media types");
  });

  it("recognises an OCI index where the Docker list had to stay", async () => {
    const source = registry();
    put(source, "mirror/app", index("multi"), "legacy");
    const result = await check(source, {
      kind: "reference-kind",
      ref: "mirror/app:legacy",
      is: "index",
      flavour: "docker",
    });
    expect(result.diagnosis).toContain("`--format oci`");
  });
});

describe("reference-kind: an image is expected", () => {
  it("says which index it found where one image was asked", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const result = await check(source, { kind: "reference-kind", ref: "app:v1", is: "manifest" });
    expect(result.diagnosis).toContain("OCI image index with 2 runnable entries");
  });

  it("recognises an artifact pushed where a runnable image was asked (oras push)", async () => {
    const source = registry();
    const file = makeBlob("text/plain", "hello, OCI\n");
    const artifact = buildArtifact({ artifactType: "application/vnd.unknown.artifact.v1", layers: [{ blob: file }] });
    put(source, "byhand", artifact, "v1");
    const result = await check(source, { kind: "reference-kind", ref: "byhand:v1", is: "image", flavour: "oci" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("OCI artifact");
    expect(result.diagnosis).toContain(MediaType.ociEmpty);
  });

  it("passes an artifact of the right type and rejects another type", async () => {
    const source = registry();
    const artifact = buildArtifact({
      artifactType: "application/vnd.example.sbom+json",
      layers: [{ blob: EMPTY_BLOB }],
    });
    put(source, "app", artifact, "sbom");
    const ok = await check(source, {
      kind: "reference-kind",
      ref: "app:sbom",
      is: "artifact",
      artifactType: "application/vnd.example.sbom+json",
    });
    expect(ok.status).toBe("pass");
    const wrong = await check(source, {
      kind: "reference-kind",
      ref: "app:sbom",
      is: "artifact",
      artifactType: "application/spdx+json",
    });
    expect(wrong.diagnosis).toContain("`application/vnd.example.sbom+json`");
  });

  it("recognises Docker media types where OCI was asked (docker push)", async () => {
    const source = registry();
    put(source, "byhand", image("docker_amd64"), "v1");
    const result = await check(source, { kind: "reference-kind", ref: "byhand:v1", is: "image", flavour: "oci" });
    expect(result.diagnosis).toContain("Docker media types");
    expect(result.hint).toContain("--format oci");
  });

  it("fails a Docker schema 1 manifest with its own diagnosis, not an error", async () => {
    const source = registry();
    const schema1 = { schemaVersion: 1, name: "app", tag: "v1", fsLayers: [], history: [] };
    source.putManifest(`${PREFIX}/app`, schema1, { mediaType: MediaType.dockerManifestSchema1Signed, tag: "v1" });
    const result = await check(source, { kind: "reference-kind", ref: "app:v1", is: "image" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("schema 1");
    expect(result.hint).toContain("Accept header");
  });

  it("fails a manifest pushed with a Content-Type that contradicts its mediaType", async () => {
    const source = registry();
    const amd = image("amd64");
    put(source, "app", amd);
    source.putManifest(`${PREFIX}/app`, amd.manifest.bytes, { mediaType: MediaType.dockerManifest, tag: "v1" });
    const result = await check(source, { kind: "reference-kind", ref: "app:v1", is: "image" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("Content-Type");
  });

  it("checks an exact media type", async () => {
    const source = registry();
    put(source, "app", image("amd64"), "v1");
    const ok = await check(source, {
      kind: "reference-kind",
      ref: "app:v1",
      is: "image",
      mediaType: MediaType.ociManifest,
    });
    expect(ok.status).toBe("pass");
    const wrong = await check(source, {
      kind: "reference-kind",
      ref: "app:v1",
      is: "image",
      mediaType: MediaType.dockerManifest,
    });
    expect(wrong.status).toBe("fail");
  });

  it("treats a manifest whose config is an image config but which declares an artifactType as an artifact", async () => {
    const source = registry();
    const amd = image("amd64");
    put(source, "app", amd);
    const cfg = toDescriptor(amd.config);
    putManifest(
      source,
      "app",
      rewrite(amd.manifest, {}, (v) => ({ ...v, artifactType: "application/x", config: cfg })),
      "v1",
    );
    const result = await check(source, { kind: "reference-kind", ref: "app:v1", is: "image" });
    expect(result.diagnosis).toContain("OCI artifact (type `application/x`)");
  });
});
