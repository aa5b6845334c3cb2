import type { ObjectSource } from "../registry/source.js";
import type { Deadline } from "./deadline.js";
import type { Digest } from "./digest.js";
import type { Limits } from "./limits.js";
import type { Descriptor, ImageConfig, Manifest } from "./types.js";

// The result of walkGraph: every object reachable from a root, and every problem met on the way.

export type NodeKind = "index" | "manifest" | "config" | "layer" | "blob";

/**
 * ok: retrieved (or, for a blob without verifyBlobs, present) and verified; missing: not in the repository;
 * foreign: has `urls` and is not in the repository (never fetched); invalid: wrong bytes, size or content;
 * skipped: not retrieved because a limit was reached.
 */
export type NodeState = "ok" | "missing" | "foreign" | "invalid" | "skipped";

/** One object of the graph. */
export interface GraphNode {
  readonly digest: Digest;
  readonly kind: NodeKind;
  readonly state: NodeState;
  /** The media type as served for manifests, as referenced for blobs. */
  readonly mediaType: string;
  /** Bytes as served for fetched objects, else as referenced. */
  readonly size: number;
  /** The descriptor that first referenced it; absent for a root fetched by tag. */
  readonly descriptor?: Descriptor;
  /** JSON path from the root by which it was first reached, e.g. `manifests[1].layers[0]`; "" for the root. */
  readonly path: string;
  readonly depth: number;
  /** Exact bytes, for manifests and image configs. */
  readonly raw?: Uint8Array;
  readonly manifest?: Manifest;
  readonly config?: ImageConfig;
  /** Digests of the objects it references (config, layers, index entries), in order; not `subject`. */
  readonly children: readonly Digest[];
}

export type ProblemKind =
  | "missing"
  | "digest-mismatch"
  | "size-mismatch"
  | "media-type-mismatch"
  | "invalid"
  | "foreign"
  | "limit";

/** Something wrong with the graph, with a message a person can read. */
export interface Problem {
  readonly kind: ProblemKind;
  readonly digest?: Digest;
  /** Where, as a JSON path from the root; "" for the root itself. */
  readonly path: string;
  readonly message: string;
}

/** Everything reachable from a root reference. */
export interface Graph {
  /** Digest of the root manifest; undefined when the root could not be retrieved. */
  readonly root?: Digest;
  readonly nodes: ReadonlyMap<Digest, GraphNode>;
  readonly problems: readonly Problem[];
}

/** Options of walkGraph. */
export interface WalkOptions {
  readonly limits?: Limits;
  readonly deadline?: Deadline;
  /** Stream every layer and blob through digest verification (default: check presence with HEAD only). */
  readonly verifyBlobs?: boolean;
}

/** A pending visit: an object to retrieve, as referenced by its parent. */
export interface Visit {
  /** Tag or digest to fetch (the root may be a tag). */
  readonly reference: string;
  readonly descriptor?: Descriptor;
  readonly role: "manifest" | "config" | "layer" | "blob";
  readonly path: string;
  readonly depth: number;
}

/** What a walk carries from step to step. */
export interface WalkContext {
  readonly source: ObjectSource;
  readonly repository: string;
  readonly limits: Limits;
  readonly deadline: Deadline;
  readonly verifyBlobs: boolean;
  readonly problems: Problem[];
}
