import type { Digest } from "../../grader/oci/digest.js";
import { formatPlatform, isAttestationDescriptor, platformOfConfig } from "../../grader/oci/platform.js";
import type { Descriptor } from "../../grader/oci/types.js";
import type { GraphNode, NodeState, Problem } from "../../grader/oci/walk.js";
import type { EdgeKind, InspectEdge, InspectGraph, InspectNode, InspectRole } from "./graph-model.js";
import { shortMediaType } from "./media-label.js";

// Turns what the grader's walk found (plus the referrers listed for each manifest) into the inspect model:
// roles from the way objects are referenced, platforms from the configs, advice for objects that are not ok.

/** Everything read for one reference: the merged walk nodes, its problems and referrers by subject. */
export interface WalkedObjects {
  readonly root?: Digest;
  readonly nodes: ReadonlyMap<Digest, GraphNode>;
  readonly problems: readonly Problem[];
  readonly referrers: ReadonlyMap<Digest, readonly Descriptor[]>;
}

/** Which registry, repository and reference was inspected. */
export interface InspectTarget {
  readonly registry: string;
  readonly repository: string;
  readonly reference: string;
}

const ADVICE: Readonly<Record<Exclude<NodeState, "ok">, string>> = {
  missing:
    "The registry does not have this object: copy the image again with everything it references (`skopeo copy --all`), or restore the lab with `labs reset`.",
  invalid:
    "The registry's bytes do not match the descriptor that points here (digest, size or format): fix the parent's descriptor, or push the right object.",
  foreign: "A foreign layer (it has `urls`): the registry does not hold it, and `labs` never downloads it.",
  skipped: "Not read: a limit was reached (too big, too deep, too many objects or too slow).",
};

interface PendingEdge {
  readonly kind: EdgeKind;
  readonly descriptor: Descriptor;
  readonly index?: number;
}

const REFERENCE_DIGEST = "vnd.docker.reference.digest";

// The inspect graph of `walked`, root first and breadth first; children the walk did not reach are `skipped`.
export function toInspectGraph(target: InspectTarget, walked: WalkedObjects): InspectGraph {
  const base = { ...target, problems: walked.problems };
  const rootNode = walked.root ? walked.nodes.get(walked.root) : undefined;
  if (!rootNode) return { ...base, nodes: [], edges: [] };
  const nodes = new Map<Digest, InspectNode>([[rootNode.digest, inspectNode(rootNode, rootNode.kind, walked)]]);
  const edges: InspectEdge[] = [];
  const queue: Digest[] = [rootNode.digest];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] as Digest;
    for (const pending of pendingEdges(walked.nodes.get(from), walked.referrers)) {
      const to = pending.descriptor.digest;
      edges.push({ from, to, kind: pending.kind, label: edgeLabel(pending), ...indexOf(pending) });
      if (nodes.has(to)) continue;
      nodes.set(to, childNode(pending, walked));
      queue.push(to);
    }
  }
  return { ...base, root: rootNode.digest, nodes: [...nodes.values()], edges };
}

function indexOf(pending: PendingEdge): { index?: number } {
  return pending.index === undefined ? {} : { index: pending.index };
}

function pendingEdges(
  node: GraphNode | undefined,
  referrers: ReadonlyMap<Digest, readonly Descriptor[]>,
): PendingEdge[] {
  if (!node) return [];
  const found = (referrers.get(node.digest) ?? []).map((descriptor): PendingEdge => ({ kind: "referrer", descriptor }));
  const manifest = node.state === "ok" ? node.manifest : undefined;
  if (!manifest) return found;
  if (manifest.kind === "index") {
    return [
      ...manifest.manifests.map((descriptor, index): PendingEdge => ({ kind: "entry", descriptor, index })),
      ...found,
    ];
  }
  const layers = manifest.layers.map((descriptor, index): PendingEdge => ({ kind: "layer", descriptor, index }));
  return [{ kind: "config", descriptor: manifest.config }, ...layers, ...found];
}

function edgeLabel(pending: PendingEdge): string {
  const { descriptor } = pending;
  if (pending.kind === "config") return "config";
  if (pending.kind === "layer") return `layer ${pending.index}`;
  if (pending.kind === "referrer") return "referrer";
  if (isAttestationDescriptor(descriptor)) return "attestation";
  return descriptor.platform ? formatPlatform(descriptor.platform) : `entry ${pending.index}`;
}

function roleOf(pending: PendingEdge, node: GraphNode | undefined): InspectRole {
  if (pending.kind === "referrer") return "artifact";
  if (pending.kind === "entry" && isAttestationDescriptor(pending.descriptor)) return "attestation";
  return node?.kind ?? (pending.kind === "entry" ? "manifest" : pending.kind);
}

function childNode(pending: PendingEdge, walked: WalkedObjects): InspectNode {
  const found = walked.nodes.get(pending.descriptor.digest);
  const role = roleOf(pending, found);
  const described = pending.descriptor.annotations?.[REFERENCE_DIGEST];
  const extra = {
    ...(role === "attestation" && described ? { describes: described as Digest } : {}),
    ...(pending.descriptor.artifactType ? { artifactType: pending.descriptor.artifactType } : {}),
  };
  if (found) {
    const node = inspectNode(found, role, walked);
    const claimed = role === "manifest" && pending.descriptor.platform;
    return { ...node, ...extra, ...(!node.platform && claimed ? { platform: formatPlatform(claimed) } : {}) };
  }
  const { mediaType, size, digest } = pending.descriptor;
  const problems = ["the walk stopped before reaching it"];
  return {
    digest,
    role,
    mediaType,
    type: shortMediaType(mediaType),
    size,
    state: "skipped",
    problems,
    ...extra,
    advice: ADVICE.skipped,
  };
}

function inspectNode(node: GraphNode, role: InspectRole, walked: WalkedObjects): InspectNode {
  const platform = platformOf(node, walked.nodes);
  const artifactType = node.manifest?.artifactType;
  const diffIds = node.config?.rootfs?.diff_ids;
  return {
    digest: node.digest,
    role,
    mediaType: node.mediaType,
    type: shortMediaType(node.mediaType),
    size: node.size,
    state: node.state,
    ...(platform && role !== "attestation" ? { platform } : {}),
    ...(artifactType ? { artifactType } : {}),
    ...(diffIds ? { diffIds } : {}),
    problems: walked.problems.filter((p) => p.digest === node.digest).map((p) => p.message),
    ...(node.state === "ok" ? {} : { advice: ADVICE[node.state] }),
  };
}

// The platform an image manifest's config declares.
function platformOf(node: GraphNode, nodes: ReadonlyMap<Digest, GraphNode>): string | undefined {
  if (node.manifest?.kind !== "manifest") return undefined;
  const config = nodes.get(node.manifest.config.digest)?.config;
  const platform = config ? platformOfConfig(config) : undefined;
  return platform ? formatPlatform(platform) : undefined;
}
