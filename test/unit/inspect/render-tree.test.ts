import { describe, expect, it } from "vitest";
import { digestHex } from "../../../grader/oci/digest.js";
import { buildInspectGraph } from "../../../runner/inspect/build-graph.js";
import { renderTree } from "../../../runner/inspect/render-tree.js";
import { REGISTRY, REPO, seedFixture } from "./fixture.js";

const short = (digest: string) => `sha256:${digestHex(digest as never).slice(0, 12)}…`;

describe("renderTree", () => {
  it("shows platforms, attestations, layers and the referrer with short digests and sizes", async () => {
    const f = seedFixture();
    const tree = renderTree(await buildInspectGraph(f.src, { registry: REGISTRY, repository: REPO, reference: "v1" }));
    const lines = tree.split("\n");
    expect(lines[0]).toBe(`${REPO}:v1 in ${REGISTRY}`);
    expect(lines[1]).toBe(`OCI index  ${short(f.index.digest)}  ${f.index.size} B`);
    expect(tree).toContain(`├─ linux/amd64  OCI manifest  ${short(f.amd64.digest)}`);
    expect(tree).toContain(`├─ linux/arm64/v8  OCI manifest  ${short(f.arm64.digest)}`);
    expect(tree).toContain(`attestation  OCI manifest for ${short(f.amd64.digest)} (linux/amd64)`);
    expect(tree).toContain("layer 0  in-toto statement");
    expect(tree).toContain(
      `└─ referrer  application/vnd.example.sbom+json (OCI manifest)  ${short(f.artifact.digest)}`,
    );
    expect(tree).toContain(`layer 0  layer tar+gzip  ${short(f.baseLayer)}`);
    expect(tree).not.toContain(f.index.digest);
    expect(tree).not.toMatch(/✘/);
  });

  it("prints whole digests with full", async () => {
    const f = seedFixture();
    const graph = await buildInspectGraph(f.src, { registry: REGISTRY, repository: REPO, reference: "v1" });
    expect(renderTree(graph, { full: true })).toContain(f.baseLayer);
  });

  it("marks a missing layer with a glyph and a word, the finding and what to do", async () => {
    const f = seedFixture({ missingLayer: true });
    const tree = renderTree(await buildInspectGraph(f.src, { registry: REGISTRY, repository: REPO, reference: "v1" }));
    const at = tree.split("\n").findIndex((l) => l.includes(short(f.missingLayer)));
    const [line, finding, advice] = tree.split("\n").slice(at, at + 3);
    expect(line).toMatch(/layer 1 {2}layer tar\+gzip .* ✘ MISSING$/);
    expect(finding).toMatch(/! layer .* is not in `lab09\/src\/app`/);
    expect(advice).toContain("› The registry does not have this object");
    expect(tree).toMatch(/✘ 1 not ok/);
  });

  it("shows an index entry that lies about its size as invalid, without children", async () => {
    const f = seedFixture({ lyingSize: true });
    const tree = renderTree(await buildInspectGraph(f.src, { registry: REGISTRY, repository: REPO, reference: "v1" }));
    expect(tree).toMatch(/linux\/arm64\/v8 {2}OCI manifest .* ✘ INVALID/);
    expect(tree).toContain("the registry served");
  });

  it("applies the style hooks", async () => {
    const f = seedFixture({ missingLayer: true });
    const graph = await buildInspectGraph(f.src, { registry: REGISTRY, repository: REPO, reference: "v1" });
    const style = { dim: (t: string) => t, bad: (t: string) => `<${t}>`, strong: (t: string) => t };
    expect(renderTree(graph, { style })).toContain("<✘ MISSING>");
  });
});
