import { describe, expect, it } from "vitest";
import { buildInspectGraph } from "../../../runner/inspect/build-graph.js";
import { edgesFrom, nodesByDigest } from "../../../runner/inspect/graph-model.js";
import { ARTIFACT_TYPE, REGISTRY, REPO, seedFixture } from "./fixture.js";

const target = (reference: string) => ({ registry: REGISTRY, repository: REPO, reference });

describe("buildInspectGraph", () => {
  it("reads index, platform manifests, attestation, configs, layers and the referrer once each", async () => {
    const f = seedFixture();
    const graph = await buildInspectGraph(f.src, target("v1"));
    const nodes = nodesByDigest(graph);
    expect(graph.root).toBe(f.index.digest);
    expect(graph.problems).toEqual([]);
    expect(nodes.get(f.index.digest)?.role).toBe("index");
    expect(nodes.get(f.amd64.digest)).toMatchObject({
      role: "manifest",
      platform: "linux/amd64",
      type: "OCI manifest",
    });
    expect(nodes.get(f.arm64.digest)?.platform).toBe("linux/arm64/v8");
    expect(nodes.get(f.attestation.digest)).toMatchObject({ role: "attestation", describes: f.amd64.digest });
    expect(nodes.get(f.attestation.digest)?.platform).toBeUndefined();
    expect(nodes.get(f.artifact.digest)).toMatchObject({ role: "artifact", artifactType: ARTIFACT_TYPE });
    expect(nodes.get(f.amd64Config)?.diffIds?.[0]).toBe(f.baseDiffId);
    expect(graph.nodes.filter((n) => n.digest === f.baseLayer)).toHaveLength(1);
    const fromIndex = edgesFrom(graph)
      .get(f.index.digest)
      ?.map((e) => e.label);
    expect(fromIndex).toEqual(["linux/amd64", "linux/arm64/v8", "attestation", "referrer"]);
    expect(f.src.count("referrers")).toBeGreaterThanOrEqual(4);
  });

  it("shows a layer the registry lacks as missing, with advice, and keeps going", async () => {
    const f = seedFixture({ missingLayer: true });
    const graph = await buildInspectGraph(f.src, target("v1"));
    const missing = nodesByDigest(graph).get(f.missingLayer);
    expect(missing).toMatchObject({ state: "missing", role: "layer" });
    expect(missing?.advice).toContain("skopeo copy --all");
    expect(missing?.problems.join(" ")).toContain("is not in");
    expect(nodesByDigest(graph).get(f.baseLayer)?.state).toBe("ok");
  });

  it("marks a child whose descriptor lies about its size as invalid and does not follow it", async () => {
    const f = seedFixture({ lyingSize: true });
    const graph = await buildInspectGraph(f.src, target("v1"));
    const arm = nodesByDigest(graph).get(f.arm64.digest);
    expect(arm?.state).toBe("invalid");
    expect(arm?.problems.join(" ")).toMatch(/says \d+ bytes/);
    expect(edgesFrom(graph).get(f.arm64.digest)).toBeUndefined();
  });

  it("inspects by digest as well as by tag", async () => {
    const f = seedFixture();
    const graph = await buildInspectGraph(f.src, target(f.amd64.digest));
    expect(graph.root).toBe(f.amd64.digest);
    expect(graph.nodes.map((n) => n.role)).toEqual(["manifest", "config", "layer", "layer"]);
  });

  it("returns no root and the problem for a tag that does not exist", async () => {
    const f = seedFixture();
    const graph = await buildInspectGraph(f.src, target("v2"));
    expect(graph.root).toBeUndefined();
    expect(graph.nodes).toEqual([]);
    expect(graph.problems[0]?.kind).toBe("missing");
  });
});
