import { describe, expect, it } from "vitest";
import { blobAbsent } from "../../../grader/checks/blob-absent.js";
import { allText, check, facts, image, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const leak = image("leak");
const secretLayer = leak.layers[2]!.digest;

// The L14 repository: `stable` shares the leak's two bottom layers; `debug-42` is the leak.
function indexer(skip: readonly string[] = []) {
  const source = registry();
  put(source, "indexer", image("amd64"), "stable");
  put(source, "indexer", leak, skip.includes(leak.manifest.digest) ? undefined : "debug-42", new Set(skip));
  return source;
}

describe("blob-absent: validation", () => {
  it("is not gradable from a bundle", () => {
    expect(blobAbsent.gradableFromBundle).toBe(false);
  });

  it.each([
    [{ repository: "indexer", seed: "leak" }, "`blob` is `config`, `unique`, or a layer number"],
    [{ repository: "indexer", seed: "leak", blob: -1 }, "`blob` is"],
    [{ repository: "indexer", seed: "leak", blob: "layers" }, "`blob` is"],
    [{ repository: "indexer", blob: "config" }, "`seed` must name a seeded object"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = blobAbsent.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("blob-absent (L14 purge)", () => {
  it("passes when the leak's own blobs are unlinked, the shared ones kept", async () => {
    const source = indexer([leak.manifest.digest, leak.config.digest, secretLayer]);
    const result = await check(source, { kind: "blob-absent", repository: "indexer", seed: "leak", blob: "unique" });
    expect(result.status).toBe("pass");
    expect(result.summary).toBe("The config and layer 2 can no longer be pulled from `indexer`.");
  });

  it("explains that deleting only the manifest leaves the blobs pullable", async () => {
    const source = indexer([leak.manifest.digest]);
    const result = await check(source, { kind: "blob-absent", repository: "indexer", seed: "leak", blob: "unique" });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("deleting a manifest (or a tag) does not delete the blobs");
    expect(result.hint).toContain("no other tag's image uses");
  });

  it("says the manifest is still there when nothing was deleted", async () => {
    const result = await check(indexer(), { kind: "blob-absent", repository: "indexer", seed: "leak", blob: "config" });
    expect(result.actual).toBe("still retrievable: the config");
    expect(result.diagnosis).toContain("still there too");
  });

  it("checks one layer by number and never prints blob digests", async () => {
    const source = indexer([leak.manifest.digest, leak.config.digest]);
    const result = await check(source, { kind: "blob-absent", repository: "indexer", seed: "leak", blob: 2 });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("Layer 2");
    for (const blob of [leak.config, ...leak.layers]) expect(allText(result)).not.toContain(blob.digest.slice(7, 19));
  });

  it("errors for a layer the seeded image does not have, and for an index", async () => {
    expect((await check(indexer(), { kind: "blob-absent", repository: "indexer", seed: "leak", blob: 7 })).status).toBe(
      "error",
    );
    expect(
      (await check(indexer(), { kind: "blob-absent", repository: "indexer", seed: "multi", blob: "config" })).status,
    ).toBe("error");
  });
});
