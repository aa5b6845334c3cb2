import { describe, expect, it } from "vitest";
import { layerCount } from "../../../grader/checks/layer-count.js";
import { buildArtifact } from "../../../runner/seed/artifact.js";
import { makeBlob } from "../../../runner/seed/blob.js";
import { check, image, index, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set<string>(), answerKeys: new Set<string>() };

describe("layer-count: validation", () => {
  it.each([
    [{ ref: "a:v1" }, "give `count`, or `min` and/or `max`"],
    [{ ref: "a:v1", count: 1.5 }, "`count` must be a whole number"],
    [{ ref: "a:v1", count: 1, platform: "arm64" }, "expected os/architecture"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = layerCount.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("layer-count", () => {
  it("counts the layers of an image and of an index entry", async () => {
    const source = registry();
    put(source, "app", image("leak"), "debug");
    put(source, "app", index("multi"), "v1");
    expect((await check(source, { kind: "layer-count", ref: "app:debug", count: 3 })).status).toBe("pass");
    expect(
      (await check(source, { kind: "layer-count", ref: "app:v1", platform: "linux/arm64", min: 1, max: 2 })).status,
    ).toBe("pass");
  });

  it("says which history entries made the extra layers", async () => {
    const source = registry();
    put(source, "byhand", image("leak"), "v1");
    const result = await check(source, { kind: "layer-count", ref: "byhand:v1", count: 1 });
    expect(result.status).toBe("fail");
    expect(result.actual).toBe("3 layers");
    expect(result.diagnosis).toContain("More layers than asked");
    expect(result.diagnosis).toContain("`labs seed: layer 2`");
  });

  it("says when layers were merged", async () => {
    const source = registry();
    put(source, "byhand", image("docker_amd64"), "v1");
    const result = await check(source, { kind: "layer-count", ref: "byhand:v1", min: 2 });
    expect(result.diagnosis).toContain("squashed");
  });

  it("recognises an index and an artifact", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    put(
      source,
      "app",
      buildArtifact({
        artifactType: "text/x",
        layers: [{ blob: makeBlob("text/plain", "a") }, { blob: makeBlob("text/plain", "b") }],
      }),
      "file",
    );
    expect((await check(source, { kind: "layer-count", ref: "app:v1", count: 1 })).diagnosis).toContain(
      "not a single image manifest",
    );
    expect((await check(source, { kind: "layer-count", ref: "app:file", count: 1 })).diagnosis).toContain(
      "artifact of type `text/x`",
    );
  });
});
