import { describe, expect, it } from "vitest";
import { annotations } from "../../../grader/checks/annotations.js";
import type { BuiltIndex } from "../../../runner/seed/built.js";
import { buildIndex, imageEntry } from "../../../runner/seed/index-builder.js";
import { check, image, index, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set<string>(), answerKeys: new Set<string>() };
const SOURCE = "org.opencontainers.image.source";
const REVISION = "org.opencontainers.image.revision";
const KEEP = { [SOURCE]: "https://example.com/edge", [REVISION]: "v3-7f1c2e" };
const entries = () => [imageEntry(image("amd64")), imageEntry(image("arm64")), imageEntry(image("armv7"))];

async function edge(published: BuiltIndex, fields: Record<string, unknown> = { equals: KEEP }) {
  const source = registry();
  put(source, "edge", published, "v3");
  return check(source, { kind: "annotations", ref: "edge:v3", ...fields });
}

describe("annotations: validation", () => {
  it.each([
    [{ ref: "a:v1" }, "give at least one of `equals`, `present`, `absent`, `matches`"],
    [{ ref: "a:v1", target: "entry", present: ["x"] }, "`target: entry` needs `platform`"],
    [{ ref: "a:v1", target: "layer", present: ["x"] }, "`layer` goes with `target: layer`"],
    [{ ref: "a:v1", matches: { x: "(" } }, "not a regular expression"],
    [{ ref: "a:v1", equals: { x: 1 } }, "`equals` must map names to string values"],
    [{ ref: "a:v1", present: [] }, "`present` must be a non-empty list"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = annotations.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("annotations of an index (L11: keep the index annotations)", () => {
  it("passes the original annotations, whatever else changed", async () => {
    const fixed = buildIndex({ flavour: "oci", entries: entries(), annotations: KEEP, json: { indent: 4 } });
    expect((await edge(fixed)).status).toBe("pass");
  });

  it("recognises a Docker manifest list, which cannot carry annotations", async () => {
    const result = await edge(buildIndex({ flavour: "docker", entries: entries() }));
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("Docker manifest list");
    expect(result.hint).toContain("OCI image index");
  });

  it("recognises an OCI index re-created without annotations (buildah manifest)", async () => {
    const result = await edge(buildIndex({ flavour: "oci", entries: entries() }));
    expect(result.diagnosis).toContain("no annotations at all");
    expect(result.actual).toBe("no annotations");
  });

  it("names the missing key and the wrong value, without printing the expected value", async () => {
    const partial = await edge(
      buildIndex({ flavour: "oci", entries: entries(), annotations: { [SOURCE]: KEEP[SOURCE] } }),
    );
    expect(partial.diagnosis).toBe(`It lacks \`${REVISION}\`.`);
    const wrong = await edge(
      buildIndex({ flavour: "oci", entries: entries(), annotations: { ...KEEP, [REVISION]: "v4" } }),
    );
    expect(wrong.diagnosis).toBe(`\`${REVISION}\` is \`v4\`.`);
    expect(`${wrong.diagnosis}${wrong.hint}`).not.toContain("v3-7f1c2e");
  });

  it("checks presence, absence and patterns", async () => {
    const published = buildIndex({
      flavour: "oci",
      entries: entries(),
      annotations: { ...KEEP, "com.example.debug": "1" },
    });
    expect((await edge(published, { present: [SOURCE], matches: { [REVISION]: "^v3-[0-9a-f]{6}$" } })).status).toBe(
      "pass",
    );
    const absent = await edge(published, { absent: ["com.example.debug"] });
    expect(absent.diagnosis).toBe("`com.example.debug` is still set.");
    const pattern = await edge(published, { matches: { [SOURCE]: "^https://github\\.com/" } });
    expect(pattern.status).toBe("fail");
  });
});

describe("annotations of entries and descriptors", () => {
  it("reads an index entry's annotations by platform", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const entry = await check(source, {
      kind: "annotations",
      ref: "app:v1",
      target: "entry",
      platform: "linux/arm64",
      absent: ["vnd.docker.reference.type"],
    });
    expect(entry.status).toBe("pass");
    const missing = await check(source, {
      kind: "annotations",
      ref: "app:v1",
      target: "entry",
      platform: "linux/s390x",
      present: ["x"],
    });
    expect(missing.summary).toContain("has 0 entries for `linux/s390x`");
  });

  it("reads a layer descriptor of an attestation manifest", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const attestation = index("multi").children[2]!;
    const ref = `app@${attestation.manifest.digest}`;
    const result = await check(source, {
      kind: "annotations",
      ref,
      target: "layer",
      layer: 0,
      equals: { "in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2" },
    });
    expect(result.status).toBe("pass");
    const none = await check(source, { kind: "annotations", ref, target: "config", present: ["x"] });
    expect(none.diagnosis).toContain("no annotations at all");
  });

  it("asks for a platform before reading a config descriptor of an index", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    const result = await check(source, { kind: "annotations", ref: "app:v1", target: "config", present: ["x"] });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("name a `platform`");
  });
});
