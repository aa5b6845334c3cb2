import { afterEach, describe, expect, it, vi } from "vitest";
import { createDeadline } from "../../../grader/oci/bounded.js";
import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { DEFAULT_LIMITS, type Limits } from "../../../grader/oci/limits.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import type { Descriptor, Platform } from "../../../grader/oci/types.js";
import { type Graph, walkGraph } from "../../../grader/oci/walk.js";
import { createMemorySource, type MemorySource } from "../../support/memory-source.js";

const REPO = "lab/app";
const BASE = "base layer";

// The config JSON of a test image.
function configJson(platform: Platform, layers: readonly string[]): string {
  return JSON.stringify({ ...platform, rootfs: { type: "layers", diff_ids: layers.map((l) => digestOf(l)) } });
}

// Pushes config and layers of one image; returns its manifest (not pushed).
function imageManifest(src: MemorySource, platform: Platform, layers: readonly string[], repo = REPO) {
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, ...src.putBlob(repo, configJson(platform, layers)) },
    layers: layers.map((l) => ({ mediaType: MediaType.ociLayerGzip, ...src.putBlob(repo, l) })),
  };
}

// Pushes one image; returns the manifest's descriptor with its platform.
function seedImage(src: MemorySource, platform: Platform, layers: readonly string[], repo = REPO): Descriptor {
  return { ...src.putManifest(repo, imageManifest(src, platform, layers, repo)), platform };
}

function seedIndex(src: MemorySource, manifests: readonly Descriptor[], tag?: string): Descriptor {
  const index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
  return src.putManifest(REPO, index, tag ? { tag } : {});
}

// An index (tag `multi`) of linux/amd64 and linux/arm64 images that share their base layer.
function seedMultiPlatform(src: MemorySource) {
  const amd64 = seedImage(src, { os: "linux", architecture: "amd64" }, [BASE, "amd64 app"]);
  const arm64 = seedImage(src, { os: "linux", architecture: "arm64", variant: "v8" }, [BASE, "arm64 app"]);
  return { amd64, arm64, index: seedIndex(src, [amd64, arm64], "multi") };
}

const limits = (patch: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...patch });
const kinds = (graph: Graph, kind: string) => graph.problems.filter((p) => p.kind === kind);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("walkGraph: a complete multi-platform image", () => {
  it("reaches every object once and reports no problem", async () => {
    const src = createMemorySource();
    const { index, amd64 } = seedMultiPlatform(src);
    const graph = await walkGraph(src, REPO, "multi", { verifyBlobs: true });
    expect(graph.problems).toEqual([]);
    expect(graph.root).toBe(index.digest);
    expect(graph.nodes.size).toBe(8);
    const root = graph.nodes.get(index.digest);
    expect(root).toMatchObject({ kind: "index", state: "ok", path: "", depth: 0, mediaType: MediaType.ociIndex });
    expect(root?.descriptor).toBeUndefined();
    const count = (kind: string) => [...graph.nodes.values()].filter((n) => n.kind === kind).length;
    expect([count("index"), count("manifest"), count("config"), count("layer")]).toEqual([1, 2, 2, 3]);
    const child = graph.nodes.get(amd64.digest);
    expect(child).toMatchObject({ kind: "manifest", path: "manifests[0]", depth: 1, descriptor: amd64 });
    expect(child?.manifest?.kind).toBe("manifest");
    const configDigest = child?.manifest?.kind === "manifest" ? child.manifest.config.digest : undefined;
    expect(graph.nodes.get(configDigest as Digest)?.config).toMatchObject({ os: "linux", architecture: "amd64" });
    expect(graph.nodes.get(digestOf("amd64 app"))).toMatchObject({
      kind: "layer",
      path: "manifests[0].layers[1]",
      depth: 2,
    });
  });

  it("walks from a digest as well as from a tag", async () => {
    const src = createMemorySource();
    const { index } = seedMultiPlatform(src);
    const graph = await walkGraph(src, REPO, index.digest);
    expect(graph.root).toBe(index.digest);
    expect(graph.nodes.size).toBe(8);
  });

  it("does not follow subject", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociEmpty, ...src.putBlob(REPO, "{}") },
      layers: [],
      subject: { mediaType: MediaType.ociManifest, digest: digestOf("not pushed"), size: 10 },
    };
    const artifact = src.putManifest(REPO, manifest);
    const graph = await walkGraph(src, REPO, artifact.digest);
    expect(graph.problems).toEqual([]);
    expect(graph.nodes.has(image.digest)).toBe(false);
    expect(src.count("manifest", digestOf("not pushed"))).toBe(0);
  });
});

describe("walkGraph: memoisation", () => {
  it.each([
    { verifyBlobs: true, method: "blobStream" as const },
    { verifyBlobs: false, method: "blobExists" as const },
  ])("checks a layer shared by two images once (verifyBlobs: $verifyBlobs)", async ({ verifyBlobs, method }) => {
    const src = createMemorySource();
    const { amd64, arm64 } = seedMultiPlatform(src);
    const graph = await walkGraph(src, REPO, "multi", { verifyBlobs });
    const shared = digestOf(BASE);
    expect(src.count(method, shared)).toBe(1);
    expect(src.count(method)).toBe(3);
    expect(graph.nodes.get(amd64.digest)?.children).toContain(shared);
    expect(graph.nodes.get(arm64.digest)?.children).toContain(shared);
    expect(src.count("manifest")).toBe(3);
    expect(src.count("blob")).toBe(2);
  });

  it("fetches an index listed twice once", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    const inner = seedIndex(src, [image]);
    const outer = seedIndex(src, [inner, inner, image], "outer");
    const graph = await walkGraph(src, REPO, "outer");
    expect(graph.problems).toEqual([]);
    expect(src.count("manifest", inner.digest)).toBe(1);
    expect(src.count("manifest", image.digest)).toBe(1);
    expect(graph.nodes.get(outer.digest)?.children).toEqual([inner.digest, inner.digest, image.digest]);
  });

  it("reports a second reference that disagrees on the size", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    seedIndex(src, [image, { ...image, size: image.size + 1 }], "idx");
    const graph = await walkGraph(src, REPO, "idx");
    expect(kinds(graph, "size-mismatch")).toEqual([
      expect.objectContaining({
        path: "manifests[1]",
        digest: image.digest,
        message: expect.stringMatching(/says \d+ bytes/),
      }),
    ]);
  });
});

describe("walkGraph: cycles (only a lying source can serve one)", () => {
  const indexOf = (children: readonly Digest[], size: number) =>
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: children.map((digest) => ({ mediaType: MediaType.ociIndex, digest, size })),
    });
  // Indexes of the same shape have the same length; find the size that equals it, so every descriptor is right.
  const consistentSize = (children: readonly Digest[]) => {
    let size = 100;
    while (indexOf(children, size).length !== size) size = indexOf(children, size).length;
    return size;
  };

  it("terminates on two indexes that point at each other, fetching each once", async () => {
    const src = createMemorySource({ verify: false });
    const [a, b] = [digestOf("a"), digestOf("b")];
    const size = consistentSize([a]);
    src.corrupt(REPO, a, indexOf([b], size), MediaType.ociIndex);
    src.corrupt(REPO, b, indexOf([a], size), MediaType.ociIndex);
    const graph = await walkGraph(src, REPO, a);
    expect(graph.problems).toEqual([]);
    expect(graph.nodes.size).toBe(2);
    expect(graph.nodes.get(a)?.children).toEqual([b]);
    expect(graph.nodes.get(b)?.children).toEqual([a]);
    expect(src.count("manifest", a)).toBe(1);
    expect(src.count("manifest", b)).toBe(1);
  });

  it("terminates on an index that lists itself", async () => {
    const src = createMemorySource({ verify: false });
    const a = digestOf("self");
    src.corrupt(REPO, a, indexOf([a, a], consistentSize([a, a])), MediaType.ociIndex);
    const graph = await walkGraph(src, REPO, a);
    expect(graph.problems).toEqual([]);
    expect(graph.nodes.get(a)?.children).toEqual([a, a]);
    expect(src.count("manifest")).toBe(1);
  });
});

describe("walkGraph: bounds", () => {
  it("stops at maxGraphDepth", async () => {
    const src = createMemorySource();
    let top = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    for (let i = 0; i < 10; i++) top = seedIndex(src, [top], i === 9 ? "deep" : undefined);
    const graph = await walkGraph(src, REPO, "deep", { limits: limits({ maxGraphDepth: 3 }) });
    expect(graph.nodes.size).toBe(4);
    expect(Math.max(...[...graph.nodes.values()].map((n) => n.depth))).toBe(3);
    expect(kinds(graph, "limit")).toEqual([
      expect.objectContaining({ message: expect.stringContaining("maxGraphDepth") }),
    ]);
    expect(src.count("manifest")).toBe(4);
  });

  it("stops at maxGraphNodes", async () => {
    const src = createMemorySource();
    const images = Array.from({ length: 5 }, (_, i) =>
      seedImage(src, { os: "linux", architecture: `a${i}` }, [`l${i}`]),
    );
    seedIndex(src, images, "wide");
    const graph = await walkGraph(src, REPO, "wide", { limits: limits({ maxGraphNodes: 4 }) });
    expect(graph.nodes.size).toBe(4);
    expect(kinds(graph, "limit")).toHaveLength(1);
    expect(kinds(graph, "limit")[0]?.message).toContain("maxGraphNodes");
    expect(src.count("manifest")).toBe(4);
  });

  it("does not stream a blob larger than maxBlobBytes", async () => {
    const src = createMemorySource();
    seedImage(src, { os: "linux", architecture: "amd64" }, ["x".repeat(2000)]);
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["x".repeat(2000)]);
    const graph = await walkGraph(src, REPO, image.digest, {
      verifyBlobs: true,
      limits: limits({ maxBlobBytes: 1000 }),
    });
    expect(src.count("blobStream")).toBe(0);
    expect(graph.nodes.get(digestOf("x".repeat(2000)))?.state).toBe("skipped");
    expect(kinds(graph, "limit")[0]).toMatchObject({
      path: "layers[0]",
      message: expect.stringContaining("maxBlobBytes"),
    });
  });

  it("refuses a manifest descriptor larger than maxManifestBytes without fetching it", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    seedIndex(src, [{ ...image, size: 5_000_000 }], "huge");
    const graph = await walkGraph(src, REPO, "huge");
    expect(src.count("manifest", image.digest)).toBe(0);
    expect(kinds(graph, "limit")[0]?.message).toContain("maxManifestBytes");
  });

  it("stops when the deadline passes and keeps what it found", async () => {
    const src = createMemorySource();
    seedMultiPlatform(src);
    let now = 0;
    const deadline = createDeadline(35, () => (now += 10));
    const graph = await walkGraph(src, REPO, "multi", { deadline });
    expect(graph.nodes.size).toBeGreaterThan(0);
    expect(graph.nodes.size).toBeLessThan(8);
    expect(kinds(graph, "limit")).toEqual([
      expect.objectContaining({ path: "", message: expect.stringContaining("gradingDeadlineMs") }),
    ]);
  });
});

describe("walkGraph: problems found on the way", () => {
  it("reports a missing child manifest with its path", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    const ghost: Descriptor = { mediaType: MediaType.ociManifest, digest: digestOf("never pushed"), size: 100 };
    seedIndex(src, [image, ghost], "idx");
    const graph = await walkGraph(src, REPO, "idx");
    expect(graph.problems).toEqual([
      {
        kind: "missing",
        digest: ghost.digest,
        path: "manifests[1]",
        message: expect.stringContaining("is not in `lab/app`"),
      },
    ]);
    expect(graph.nodes.get(ghost.digest)?.state).toBe("missing");
  });

  it.each([true, false])(
    "reports a layer that is only in another repository (verifyBlobs: %s)",
    async (verifyBlobs) => {
      const src = createMemorySource();
      seedImage(src, { os: "linux", architecture: "amd64" }, ["lost"], "other/repo");
      const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, ...src.putBlob(REPO, '{"os":"linux","architecture":"amd64"}') },
        layers: [{ mediaType: MediaType.ociLayerGzip, digest: digestOf("lost"), size: 4 }],
      };
      const broken = src.putManifest(REPO, manifest);
      const graph = await walkGraph(src, REPO, broken.digest, { verifyBlobs });
      expect(graph.problems).toEqual([
        expect.objectContaining({ kind: "missing", path: "layers[0]", digest: digestOf("lost") }),
      ]);
      expect(graph.problems[0]?.message).toMatch(/^layer sha256:[0-9a-f]{12}… at layers\[0\] is not in `lab\/app`$/);
    },
  );

  it("reports a missing root tag without nodes", async () => {
    const src = createMemorySource();
    const graph = await walkGraph(src, REPO, "nope");
    expect(graph.root).toBeUndefined();
    expect(graph.nodes.size).toBe(0);
    expect(graph.problems).toEqual([expect.objectContaining({ kind: "missing", path: "" })]);
    expect(graph.problems[0]?.message).toContain("`nope` (the root)");
  });

  it("reports a child manifest whose descriptor has the wrong size, and does not follow it", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    seedIndex(src, [{ ...image, size: image.size + 3 }], "idx");
    const graph = await walkGraph(src, REPO, "idx");
    expect(kinds(graph, "size-mismatch")).toEqual([
      expect.objectContaining({
        path: "manifests[0]",
        message: expect.stringContaining(
          `the descriptor says ${image.size + 3} bytes, the registry served ${image.size}`,
        ),
      }),
    ]);
    expect(graph.nodes.get(image.digest)).toMatchObject({ state: "invalid", children: [] });
    expect(src.count("blob") + src.count("blobExists")).toBe(0);
  });

  it("reports a layer of the wrong size when verifying blobs", async () => {
    const src = createMemorySource();
    const layer = src.putBlob(REPO, "layer bytes");
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, ...src.putBlob(REPO, '{"os":"linux","architecture":"amd64"}') },
      layers: [{ mediaType: MediaType.ociLayerGzip, digest: layer.digest, size: layer.size - 1 }],
    };
    const root = src.putManifest(REPO, manifest);
    const graph = await walkGraph(src, REPO, root.digest, { verifyBlobs: true });
    expect(kinds(graph, "size-mismatch")).toEqual([
      expect.objectContaining({ path: "layers[0]", digest: layer.digest }),
    ]);
    expect(graph.nodes.get(layer.digest)?.state).toBe("invalid");
  });

  it("reports a layer whose bytes do not match its digest", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["good"]);
    src.corrupt(REPO, digestOf("good"), "evil");
    const graph = await walkGraph(src, REPO, image.digest, { verifyBlobs: true });
    expect(graph.problems).toEqual([
      expect.objectContaining({ kind: "digest-mismatch", path: "layers[0]", digest: digestOf("good") }),
    ]);
    expect(graph.problems[0]?.message).toContain(digestOf("evil"));
    expect(graph.nodes.get(digestOf("good"))?.state).toBe("invalid");
  });

  it("reports a child manifest whose bytes do not match its digest, and does not follow it", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    const other = imageManifest(src, { os: "linux", architecture: "arm64" }, ["m"]);
    seedIndex(src, [image], "idx");
    src.corrupt(REPO, image.digest, JSON.stringify(other), MediaType.ociManifest);
    const graph = await walkGraph(src, REPO, "idx");
    expect(kinds(graph, "digest-mismatch")).toEqual([
      expect.objectContaining({ path: "manifests[0]", digest: image.digest }),
    ]);
    expect(graph.nodes.get(image.digest)).toMatchObject({ state: "invalid", children: [] });
    expect(graph.nodes.size).toBe(2);
    expect(src.count("blob") + src.count("blobExists")).toBe(0);
  });

  it.each([
    {
      name: "other bytes of the same length",
      bytes: (c: string) => c.replace("amd64", "arm64"),
      kind: "digest-mismatch",
    },
    { name: "a truncated copy", bytes: (c: string) => c.slice(0, -1), kind: "size-mismatch" },
  ])("reports a config replaced by $name", async ({ bytes, kind }) => {
    const src = createMemorySource();
    const platform = { os: "linux", architecture: "amd64" };
    const image = seedImage(src, platform, ["l"]);
    const config = configJson(platform, ["l"]);
    src.corrupt(REPO, digestOf(config), bytes(config));
    const graph = await walkGraph(src, REPO, image.digest);
    expect(graph.problems.map((p) => [p.kind, p.path])).toEqual([[kind, "config"]]);
    expect(graph.nodes.get(digestOf(config))?.config).toBeUndefined();
  });

  it("reports a media type that differs from the descriptor but still follows the manifest", async () => {
    const src = createMemorySource();
    const image = seedImage(src, { os: "linux", architecture: "amd64" }, ["l"]);
    seedIndex(src, [{ ...image, mediaType: MediaType.dockerManifest }], "idx");
    const graph = await walkGraph(src, REPO, "idx");
    expect(graph.problems).toEqual([
      expect.objectContaining({
        kind: "media-type-mismatch",
        path: "manifests[0]",
        message: expect.stringContaining(
          `descriptor says ${MediaType.dockerManifest}, the registry served ${MediaType.ociManifest}`,
        ),
      }),
    ]);
    expect(graph.nodes.size).toBe(4);
  });

  it("reports an invalid config", async () => {
    const src = createMemorySource();
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, ...src.putBlob(REPO, '{"os":"linux","os":"windows"}') },
      layers: [],
    };
    const root = src.putManifest(REPO, manifest);
    const graph = await walkGraph(src, REPO, root.digest);
    expect(graph.problems).toEqual([expect.objectContaining({ kind: "invalid", path: "config" })]);
    expect(graph.problems[0]?.message).toContain("duplicate key");
  });

  it("never fetches a foreign layer's urls and reports it when absent", async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    const src = createMemorySource();
    const present = src.putBlob(REPO, "present foreign layer");
    const absent = { digest: digestOf("windows base layer"), size: 18 };
    const urls = ["https://mcr.example.com/blob"];
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, ...src.putBlob(REPO, '{"os":"windows","architecture":"amd64"}') },
      layers: [
        { mediaType: MediaType.dockerLayerForeignGzip, ...absent, urls },
        { mediaType: MediaType.dockerLayerForeignGzip, ...present, urls },
      ],
    };
    const root = src.putManifest(REPO, manifest);
    const graph = await walkGraph(src, REPO, root.digest, { verifyBlobs: true });
    expect(graph.problems).toEqual([
      expect.objectContaining({
        kind: "foreign",
        path: "layers[0]",
        message: expect.stringContaining("never fetched"),
      }),
    ]);
    expect(graph.nodes.get(absent.digest)?.state).toBe("foreign");
    expect(src.count("blobStream", absent.digest) + src.count("blob", absent.digest)).toBe(0);
    expect(graph.nodes.get(present.digest)?.state).toBe("ok");
    expect(src.count("blobStream", present.digest)).toBe(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("throws errors that mean the registry could not be read", async () => {
    const src = createMemorySource();
    seedMultiPlatform(src);
    const down = { ...src, manifest: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5000")) };
    await expect(walkGraph(down, REPO, "multi")).rejects.toThrow("ECONNREFUSED");
  });
});
