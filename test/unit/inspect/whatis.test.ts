import { describe, expect, it } from "vitest";
import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { LabsError } from "../../../runner/errors.js";
import { whatisDigest } from "../../../runner/inspect/whatis.js";
import { explainAmbiguous } from "../../../runner/inspect/whatis-explain.js";
import { matchDigests, parseDigestQuery } from "../../../runner/inspect/whatis-query.js";
import { REGISTRY, REPO, seedFixture } from "./fixture.js";

const HEX = "0123456789abcdef".repeat(4);

describe("parseDigestQuery", () => {
  it("takes a whole digest, a digest without sha256:, and 12 or more hex characters", () => {
    expect(parseDigestQuery(`sha256:${HEX}`, "u")).toEqual({ kind: "full", digest: `sha256:${HEX}` });
    expect(parseDigestQuery(HEX.toUpperCase(), "u")).toEqual({ kind: "full", digest: `sha256:${HEX}` });
    expect(parseDigestQuery("0123456789ab", "u")).toEqual({ kind: "prefix", prefix: "sha256:0123456789ab" });
    expect(parseDigestQuery("sha256:0123456789abc", "u")).toEqual({ kind: "prefix", prefix: "sha256:0123456789abc" });
  });

  it.each(["0123456789a", "zz", `md5:${HEX}`, `sha256:${HEX}00`, "sha256:"])("rejects %s", (text) => {
    expect(() => parseDigestQuery(text, "u")).toThrow(LabsError);
  });

  it("matches a prefix against known digests, and a whole digest only as itself", () => {
    const a = `sha256:0123456789ab${"0".repeat(52)}` as Digest;
    const b = `sha256:0123456789ab${"1".repeat(52)}` as Digest;
    expect(matchDigests({ kind: "prefix", prefix: "sha256:0123456789ab" }, [b, a, a])).toEqual([a, b]);
    expect(matchDigests({ kind: "prefix", prefix: "sha256:0123456789ab0" }, [a, b])).toEqual([a]);
    expect(explainAmbiguous("0123456789ab", [a, b], { repositories: [REPO], tags: 1, complete: true }).kind).toBe(
      "ambiguous",
    );
  });
});

describe("whatisDigest", () => {
  const ask = async (text: string, fixture = seedFixture()) =>
    whatisDigest(fixture.src, REGISTRY, [REPO], parseDigestQuery(text, "u"), text);

  it("classifies the index, a child manifest with its platform, and the attestation", async () => {
    const f = seedFixture();
    const index = await ask(f.index.digest, f);
    expect(index.kind).toBe("index");
    expect(index.summary).toContain("3 entries: linux/amd64, linux/arm64/v8 and 1 attestation");
    expect(index.where).toEqual([`${REPO}:v1 (the tag itself)`]);
    const child = await ask(f.arm64.digest, f);
    expect(child.kind).toBe("manifest");
    expect(child.summary).toContain("for linux/arm64/v8, with 2 layers");
    const attestation = await ask(f.attestation.digest, f);
    expect(attestation.kind).toBe("attestation");
    expect(attestation.summary).toContain("(linux/amd64)");
  });

  it("classifies a config as the image ID of its manifest, and the shared layer in both images", async () => {
    const f = seedFixture();
    const config = await ask(f.amd64Config, f);
    expect(config.kind).toBe("config");
    expect(config.summary).toMatch(/image ID of manifest sha256:\w{12}… \(linux\/amd64\)/);
    const layer = await ask(f.baseLayer, f);
    expect(layer.kind).toBe("layer");
    expect(layer.summary).toContain("compressed with gzip");
    expect(layer.where).toHaveLength(2);
  });

  it("explains a DiffID and names the compressed blob to fetch instead", async () => {
    const f = seedFixture();
    const answer = await ask(f.baseDiffId, f);
    expect(answer.kind).toBe("diffid");
    expect(answer.summary).toContain("not a blob");
    expect(answer.note).toContain(f.baseLayer);
  });

  it("finds the referrer artifact and its subject", async () => {
    const f = seedFixture();
    const answer = await ask(f.artifact.digest, f);
    expect(answer.kind).toBe("artifact");
    expect(answer.summary).toContain("application/vnd.example.sbom+json");
  });

  it("expands a 12-character prefix to the one digest it matches", async () => {
    const f = seedFixture();
    const text = f.amd64Config.slice("sha256:".length, "sha256:".length + 12);
    const answer = await ask(text, f);
    expect(answer.digest).toBe(f.amd64Config);
    expect(answer.kind).toBe("config");
  });

  it("says when the layer it names is missing from the registry, and what to do", async () => {
    const f = seedFixture({ missingLayer: true });
    const answer = await ask(f.missingLayer, f);
    expect(answer.kind).toBe("layer");
    expect(answer.note).toContain("It is MISSING.");
    expect(answer.note).toContain("skopeo copy --all");
  });

  it("reports a stored blob that no tag reaches as unreferenced", async () => {
    const f = seedFixture();
    const orphan = f.src.putBlob(REPO, "left behind").digest;
    const answer = await ask(orphan, f);
    expect(answer.kind).toBe("unreferenced");
    expect(answer.summary).toContain("no tag reaches it");
  });

  it("says nothing is known about an unknown digest, whole or shortened", async () => {
    expect((await ask(digestOf("never pushed"))).kind).toBe("unknown");
    expect((await ask("ffffffffffffffff")).kind).toBe("unknown");
  });
});
