import { describe, expect, it } from "vitest";
import { tagAbsent } from "../../../grader/checks/tag-absent.js";
import { digestHex } from "../../../grader/oci/digest.js";
import { check, image, PREFIX, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set<string>(), answerKeys: new Set<string>() };

function indexer() {
  const source = registry();
  put(source, "indexer", image("amd64"), "stable");
  put(source, "indexer", image("leak"), "debug-42");
  return source;
}

describe("tag-absent", () => {
  it("is not gradable from a bundle", () => {
    expect(tagAbsent.gradableFromBundle).toBe(false);
  });

  it.each([
    [{ repository: "indexer" }, "give one of `tag`, `pattern`"],
    [{ repository: "indexer", tag: "a", pattern: "b*" }, "give only one of"],
    [{ repository: "indexer", tag: "-bad" }, "`tag` must be a valid tag"],
    [{ repository: "indexer", pattern: "sha256-[0-9]" }, "`pattern` is a tag glob"],
    [{ repository: "Indexer", tag: "v1" }, "`repository` must be a repository name"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = tagAbsent.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });

  it("passes when the tag is gone and fails while it is listed (L14)", async () => {
    const gone = registry();
    put(gone, "indexer", image("amd64"), "stable");
    expect((await check(gone, { kind: "tag-absent", repository: "indexer", tag: "debug-42" })).status).toBe("pass");
    const result = await check(indexer(), { kind: "tag-absent", repository: "indexer", tag: "debug-42" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("`debug-42` still points at an OCI image manifest");
    expect(result.diagnosis).not.toContain("Careful");
    expect(result.hint).toContain("delete the manifest by digest");
  });

  it("warns that other tags share the manifest", async () => {
    const source = indexer();
    source.tag(`${PREFIX}/indexer`, "v1.1.0", image("amd64").manifest.digest);
    const result = await check(source, { kind: "tag-absent", repository: "indexer", tag: "stable" });
    expect(result.diagnosis).toContain("Careful: `v1.1.0` point at the same manifest");
  });

  it("finds fallback tags left behind by a glob", async () => {
    const source = indexer();
    const fallback = `sha256-${digestHex(image("amd64").manifest.digest)}`;
    source.tag(`${PREFIX}/indexer`, fallback, image("leak").manifest.digest);
    const result = await check(source, { kind: "tag-absent", repository: "indexer", pattern: "sha256-*" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("referrers fallback tag");
    const none = await check(source, { kind: "tag-absent", repository: "indexer", pattern: "v2.*" });
    expect(none.status).toBe("pass");
  });
});

describe("tag-present", () => {
  it("passes a listed tag and a glob match", async () => {
    const source = indexer();
    expect((await check(source, { kind: "tag-present", repository: "indexer", tag: "stable" })).status).toBe("pass");
    expect((await check(source, { kind: "tag-present", repository: "indexer", pattern: "debug-*" })).status).toBe(
      "pass",
    );
  });

  it("says tags are case-sensitive", async () => {
    const result = await check(indexer(), { kind: "tag-present", repository: "indexer", tag: "Stable" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("case-sensitive");
  });

  it("says when the repository has no tags at all (pushed elsewhere)", async () => {
    const result = await check(registry(), { kind: "tag-present", repository: "indexer", tag: "v1" });
    expect(result.actual).toBe("no tags at all");
    expect(result.diagnosis).toContain("another repository");
  });
});
