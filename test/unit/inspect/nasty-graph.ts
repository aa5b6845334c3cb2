import { type Digest, digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import type { InspectGraph } from "../../../runner/inspect/graph-model.js";

// A hand-made graph whose texts carry every character a picture format must escape, and a missing layer.

export const NASTY = "sbom \"v1\" \\ <b>&'x' | #1\nline2\u0007";
export const INDEX = digestOf("index") as Digest;
export const ARTIFACT = digestOf("artifact") as Digest;
export const LAYER = digestOf("layer") as Digest;

// The graph: an index with one referrer (NASTY artifact type) and one missing layer child.
export function nastyGraph(): InspectGraph {
  return {
    registry: "127.0.0.1:5000",
    repository: "lab01/hello",
    reference: "v1",
    root: INDEX,
    problems: [{ kind: "missing", digest: LAYER, path: "manifests[0]", message: "layer is not in `lab01/hello`" }],
    nodes: [
      {
        digest: INDEX,
        role: "index",
        mediaType: MediaType.ociIndex,
        type: "OCI index",
        size: 300,
        state: "ok",
        problems: [],
      },
      {
        digest: LAYER,
        role: "layer",
        mediaType: MediaType.ociLayerGzip,
        type: "layer tar+gzip",
        size: 2048,
        state: "missing",
        problems: ["layer is not in `lab01/hello`"],
        advice: "Copy it again.",
      },
      {
        digest: ARTIFACT,
        role: "artifact",
        mediaType: MediaType.ociManifest,
        type: "OCI manifest",
        artifactType: NASTY,
        size: 500,
        state: "ok",
        problems: [],
      },
    ],
    edges: [
      { from: INDEX, to: LAYER, kind: "entry", index: 0, label: NASTY },
      { from: INDEX, to: ARTIFACT, kind: "referrer", label: "referrer" },
    ],
  };
}
