import { describe, expect, it } from "vitest";
import { manifestAbsent } from "../../../grader/checks/manifest-absent.js";
import { check, facts, image, index, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const leak = image("leak");

describe("manifest-absent: validation", () => {
  it("is not gradable from a bundle", () => {
    expect(manifestAbsent.gradableFromBundle).toBe(false);
  });

  it.each([
    [{ repository: "indexer" }, "give one of `seed`, `ref`"],
    [{ ref: "indexer:debug-42" }, "for a tag use tag-absent"],
    [{ ref: `indexer@${leak.manifest.digest}`, repository: "indexer" }, "`ref` already names the repository"],
    [{ repository: "indexer", seed: "nope" }, 'no seeded object is named "nope"'],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = manifestAbsent.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("manifest-absent", () => {
  it("passes when the seeded manifest is gone (its blobs may stay)", async () => {
    const source = registry();
    put(source, "indexer", image("amd64"), "stable");
    put(source, "indexer", leak, undefined, new Set([leak.manifest.digest]));
    expect((await check(source, { kind: "manifest-absent", repository: "indexer", seed: "leak" })).status).toBe("pass");
    const byRef = await check(source, { kind: "manifest-absent", ref: `indexer@${leak.manifest.digest}` });
    expect(byRef.status).toBe("pass");
  });

  it("fails while the manifest is still tagged", async () => {
    const source = registry();
    put(source, "indexer", leak, "debug-42");
    const result = await check(source, { kind: "manifest-absent", repository: "indexer", seed: "leak" });
    expect(result.status).toBe("fail");
    expect(result.actual).toBe("still tagged `debug-42`");
    expect(result.hint).toContain("by digest");
  });

  it("explains that an untagged manifest is still pullable by digest", async () => {
    const source = registry();
    put(source, "indexer", leak);
    const result = await check(source, { kind: "manifest-absent", repository: "indexer", seed: "leak" });
    expect(result.diagnosis).toContain("removing or overwriting a tag does not delete the manifest");
  });

  it("checks one entry of a seeded index by platform", async () => {
    const source = registry();
    put(source, "app", index("multi"), "latest");
    const result = await check(source, {
      kind: "manifest-absent",
      repository: "app",
      seed: "multi",
      child: "linux/arm64",
    });
    expect(result.status).toBe("fail");
    expect(result.actual).toBe("untagged, but retrievable by digest");
    const other = registry();
    put(other, "app", index("multi"), "latest", new Set([image("arm64").manifest.digest]));
    expect(
      (await check(other, { kind: "manifest-absent", repository: "app", seed: "multi", child: "linux/arm64" })).status,
    ).toBe("pass");
    expect(other.count("manifestExists")).toBeGreaterThan(0);
  });
});
