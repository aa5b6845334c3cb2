import type { Digest } from "../../grader/oci/digest.js";
import type { NodeState } from "../../grader/oci/walk.js";
import { edgesFrom, type InspectGraph, type InspectNode, type InspectRole, nodesByDigest } from "./graph-model.js";

// Where each digest occurs in one tag's graph: as the tag's root, as a child of some manifest (with the
// edge that reaches it), or as a DiffID listed in a config's rootfs.diff_ids (which is not a registry object).

/** What a digest is somewhere, as the graph of one tag shows it. */
export interface Sighting {
  readonly digest: Digest;
  /** Its role there; `diffid` is a digest of an uncompressed layer, `unreferenced` an object no tag reaches. */
  readonly as: InspectRole | "diffid" | "unreferenced";
  readonly repository: string;
  /** The tag whose graph reaches it; absent for an unreferenced object. */
  readonly tag?: string;
  readonly mediaType?: string;
  readonly type?: string;
  readonly size?: number;
  readonly state?: NodeState;
  /** What to do when the object is not ok. */
  readonly advice?: string;
  readonly platform?: string;
  /** The manifest (or index, or subject) that references it. */
  readonly parent?: { readonly digest: Digest; readonly role: InspectRole; readonly platform?: string };
  /** How the parent references it: "config", "layer 0", "linux/amd64", "attestation", "referrer". */
  readonly via?: string;
  readonly layerIndex?: number;
  /** An index's entries, by label. */
  readonly entries?: readonly string[];
  /** An image manifest's number of layers. */
  readonly layers?: number;
  readonly describes?: Digest;
  readonly artifactType?: string;
  /** A DiffID's config, and the compressed layer blob at the same position. */
  readonly config?: Digest;
  readonly layerDigest?: Digest;
}

function nodeFacts(node: InspectNode, graph: InspectGraph): Partial<Sighting> {
  const out = edgesFrom(graph).get(node.digest) ?? [];
  return {
    mediaType: node.mediaType,
    type: node.type,
    size: node.size,
    state: node.state,
    ...(node.advice ? { advice: node.advice } : {}),
    ...(node.platform ? { platform: node.platform } : {}),
    ...(node.describes ? { describes: node.describes } : {}),
    ...(node.artifactType ? { artifactType: node.artifactType } : {}),
    ...(node.role === "index" ? { entries: out.filter((e) => e.kind === "entry").map((e) => e.label) } : {}),
    ...(node.role === "manifest" ? { layers: out.filter((e) => e.kind === "layer").length } : {}),
  };
}

// Every sighting in the graph of `repository:tag`.
export function sightingsOf(graph: InspectGraph, tag: string): Sighting[] {
  const nodes = nodesByDigest(graph);
  const root = graph.root ? nodes.get(graph.root) : undefined;
  if (!root) return [];
  const where = { repository: graph.repository, tag };
  const found: Sighting[] = [{ digest: root.digest, as: root.role, ...where, ...nodeFacts(root, graph) }];
  for (const edge of graph.edges) {
    const node = nodes.get(edge.to);
    const parent = nodes.get(edge.from);
    if (!node || !parent) continue;
    const parentRef = {
      digest: parent.digest,
      role: parent.role,
      ...(parent.platform ? { platform: parent.platform } : {}),
    };
    found.push({
      digest: node.digest,
      as: node.role,
      ...where,
      ...nodeFacts(node, graph),
      parent: parentRef,
      via: edge.label,
      ...(edge.kind === "layer" ? { layerIndex: edge.index } : {}),
    });
    if (edge.kind === "config") found.push(...diffIdSightings(graph, edge.from, node, parentRef, where));
  }
  return found;
}

function diffIdSightings(
  graph: InspectGraph,
  manifest: Digest,
  config: InspectNode,
  parent: Sighting["parent"],
  where: { repository: string; tag: string },
): Sighting[] {
  const layers = graph.edges.filter((e) => e.from === manifest && e.kind === "layer");
  return (config.diffIds ?? []).map((diffId, i) => {
    const layer = layers.find((e) => e.index === i);
    return {
      digest: diffId,
      as: "diffid",
      ...where,
      ...(parent ? { parent } : {}),
      layerIndex: i,
      config: config.digest,
      ...(layer ? { layerDigest: layer.to } : {}),
    };
  });
}
