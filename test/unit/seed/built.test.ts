import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  allBlobs,
  type Built,
  type BuiltAttestation,
  type BuiltImage,
  buildImage,
  buildIndex,
  imageEntry,
  pushPlan,
} from "../../../runner/seed/index.js";
import { goldenArtifact, goldenImageSpec, goldenOciIndex } from "./golden-spec.js";

function asImage(built: Built | undefined): BuiltImage {
  if (built?.kind !== "image") throw new Error(`expected an image, got ${built?.kind}`);
  return built;
}

function asAttestation(built: Built | undefined): BuiltAttestation {
  if (built?.kind !== "attestation") throw new Error(`expected an attestation, got ${built?.kind}`);
  return built;
}

describe("pushPlan", () => {
  it("orders an image as config, layers, then its manifest", () => {
    const image = buildImage(goldenImageSpec("oci"));
    expect(pushPlan(image)).toEqual({ blobs: [image.config, ...image.layers], manifests: [image.manifest] });
  });

  it("puts every config and layer of an index first (shared layers once), then children, then the index", () => {
    const index = goldenOciIndex();
    const plan = pushPlan(index);
    const [amd64, arm64, attestation] = [
      asImage(index.children[0]),
      asImage(index.children[1]),
      asAttestation(index.children[2]),
    ];
    expect(amd64.layers[0]!.digest).toBe(arm64.layers[0]!.digest);
    expect(plan.blobs.map((b) => b.digest)).toEqual([
      amd64.config.digest,
      amd64.layers[0]!.digest,
      amd64.layers[1]!.digest,
      arm64.config.digest,
      arm64.layers[1]!.digest,
      attestation.config.digest,
      attestation.layers[0]!.digest,
    ]);
    expect(plan.manifests.map((m) => m.digest)).toEqual([
      amd64.manifest.digest,
      arm64.manifest.digest,
      attestation.manifest.digest,
      index.manifest.digest,
    ]);
  });

  it("walks nested indexes depth first and lists each manifest once", () => {
    const image = buildImage(goldenImageSpec("oci"));
    const inner = buildIndex({ flavour: "oci", entries: [imageEntry(image)] });
    const outer = buildIndex({ flavour: "oci", entries: [{ manifest: inner }, imageEntry(image)] });
    expect(pushPlan(outer).manifests).toEqual([image.manifest, inner.manifest, outer.manifest]);
  });

  it("includes an artifact's empty config as a blob", () => {
    const artifact = goldenArtifact();
    expect(pushPlan(artifact).blobs.map((b) => b.mediaType)).toEqual([MediaType.ociEmpty, "application/spdx+json"]);
  });
});

describe("allBlobs", () => {
  it("is the push plan flattened, with the root manifest last", () => {
    const index = goldenOciIndex();
    const plan = pushPlan(index);
    const all = allBlobs(index);
    expect(all).toEqual([...plan.blobs, ...plan.manifests]);
    expect(all.at(-1)).toBe(index.manifest);
  });
});
