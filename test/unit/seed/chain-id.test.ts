import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseDigest } from "../../../grader/oci/digest.js";
import { chainIds } from "../../../runner/seed/index.js";

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text, "ascii").digest("hex")}`;
const d = (c: string) => parseDigest(`sha256:${c.repeat(64)}`);

describe("chainIds", () => {
  it("is empty for no layers and the DiffID itself for one", () => {
    expect(chainIds([])).toEqual([]);
    expect(chainIds([d("a")])).toEqual([d("a")]);
  });

  it("hashes '<previous chain id> <diff id>' for each further layer (image-spec config.md)", () => {
    const c1 = sha256(`${d("a")} ${d("b")}`);
    const c2 = sha256(`${c1} ${d("c")}`);
    expect(chainIds([d("a"), d("b"), d("c")])).toEqual([d("a"), c1, c2]);
  });

  it("depends on layer order", () => {
    expect(chainIds([d("a"), d("b")])[1]).not.toBe(chainIds([d("b"), d("a")])[1]);
  });
});
