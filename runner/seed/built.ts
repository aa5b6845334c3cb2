import type { Digest } from "../../grader/oci/digest.js";
import type { Platform } from "../../grader/oci/types.js";
import type { Blob } from "./blob.js";
import type { Flavour } from "./flavour.js";

// What the builders return. Every result carries each blob it made, so a pusher can upload blobs before
// manifests and children before indexes (distribution-spec "Pushing Manifests").

/** A runnable image: manifest, config and layers. */
export interface BuiltImage {
  readonly kind: "image";
  readonly flavour: Flavour;
  readonly platform: Platform;
  readonly manifest: Blob;
  readonly config: Blob;
  readonly layers: readonly Blob[];
  readonly diffIds: readonly Digest[];
  readonly chainIds: readonly Digest[];
}

/** A BuildKit-shaped attestation manifest describing the image manifest `describes`. */
export interface BuiltAttestation {
  readonly kind: "attestation";
  readonly manifest: Blob;
  readonly config: Blob;
  readonly layers: readonly Blob[];
  readonly describes: Digest;
}

/** An OCI 1.1 artifact manifest. */
export interface BuiltArtifact {
  readonly kind: "artifact";
  readonly manifest: Blob;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

/** An OCI index or Docker manifest list (`manifest`) and the built objects its entries point at. */
export interface BuiltIndex {
  readonly kind: "index";
  readonly manifest: Blob;
  readonly children: readonly Built[];
}

export type Built = BuiltImage | BuiltAttestation | BuiltArtifact | BuiltIndex;

/** Upload order: `blobs` (configs, layers) via the blob API, then `manifests` in order; the last is the root. */
export interface PushPlan {
  readonly blobs: readonly Blob[];
  readonly manifests: readonly Blob[];
}

// Everything reachable from `built` in push order, each digest once: configs and layers, then child manifests
// (depth first), then the root manifest or index.
export function pushPlan(built: Built): PushPlan {
  const blobs = new Map<string, Blob>();
  const manifests = new Map<string, Blob>();
  const visit = (node: Built): void => {
    if (node.kind === "index") node.children.forEach(visit);
    else for (const blob of [node.config, ...node.layers]) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
    if (!manifests.has(node.manifest.digest)) manifests.set(node.manifest.digest, node.manifest);
  };
  visit(built);
  return { blobs: [...blobs.values()], manifests: [...manifests.values()] };
}

// pushPlan flattened: blobs first, then manifests, the root last.
export function allBlobs(built: Built): Blob[] {
  const plan = pushPlan(built);
  return [...plan.blobs, ...plan.manifests];
}
