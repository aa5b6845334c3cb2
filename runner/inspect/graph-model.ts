import type { Digest } from "../../grader/oci/digest.js";
import type { NodeState, Problem } from "../../grader/oci/walk.js";

// The object graph of one reference as `labs inspect` shows it: each object once (by digest), the edges
// between them in document order, and what went wrong. Plain data: every renderer reads only this.

/** What an object is, from the way it is referenced. */
export type InspectRole = "index" | "manifest" | "attestation" | "artifact" | "config" | "layer" | "blob";

/** One object of the graph. */
export interface InspectNode {
  readonly digest: Digest;
  readonly role: InspectRole;
  readonly mediaType: string;
  /** The media type, short: "OCI index", "layer tar+gzip". */
  readonly type: string;
  /** Bytes as served (manifests, configs) or as referenced (layers). */
  readonly size: number;
  readonly state: NodeState;
  /** `os/arch[/variant]` from the index entry, or from the image config. */
  readonly platform?: string;
  readonly artifactType?: string;
  /** For an attestation: the image manifest it is about (`vnd.docker.reference.digest`). */
  readonly describes?: Digest;
  /** For an image config: `rootfs.diff_ids`, the digests of the uncompressed layers. */
  readonly diffIds?: readonly Digest[];
  /** What the walk found wrong with this object. */
  readonly problems: readonly string[];
  /** What to do when the object is not ok. */
  readonly advice?: string;
}

/** How a child is referenced: an index entry, a config, a layer, or a referrer (its `subject` is the parent). */
export type EdgeKind = "entry" | "config" | "layer" | "referrer";

/** One reference from a parent to a child. */
export interface InspectEdge {
  readonly from: Digest;
  readonly to: Digest;
  readonly kind: EdgeKind;
  /** Position among the parent's entries or layers. */
  readonly index?: number;
  /** "linux/amd64", "attestation", "config", "layer 0", "referrer". */
  readonly label: string;
}

/** The inspected graph of one reference. */
export interface InspectGraph {
  /** `host:port` of the registry. */
  readonly registry: string;
  readonly repository: string;
  /** The tag or digest asked for. */
  readonly reference: string;
  /** Digest of the root manifest; absent when it could not be retrieved. */
  readonly root?: Digest;
  /** Root first, then in the order reached. */
  readonly nodes: readonly InspectNode[];
  readonly edges: readonly InspectEdge[];
  readonly problems: readonly Problem[];
}

// The graph's nodes by digest.
export function nodesByDigest(graph: Pick<InspectGraph, "nodes">): ReadonlyMap<Digest, InspectNode> {
  return new Map(graph.nodes.map((n) => [n.digest, n]));
}

// The edges leaving each digest, in document order.
export function edgesFrom(graph: Pick<InspectGraph, "edges">): ReadonlyMap<Digest, readonly InspectEdge[]> {
  const out = new Map<Digest, InspectEdge[]>();
  for (const edge of graph.edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  return out;
}

// `repo:tag` or `repo@sha256:…`.
export function formatTarget(graph: Pick<InspectGraph, "repository" | "reference">): string {
  const separator = graph.reference.includes(":") ? "@" : ":";
  return `${graph.repository}${separator}${graph.reference}`;
}
