import { DeadlineExceededError } from "./deadline.js";
import { type Digest, isDigest } from "./digest.js";
import { isIndexMediaType } from "./media-types.js";
import { problemFromError } from "./walk-problems.js";
import type { GraphNode, NodeKind, NodeState, ProblemKind, Visit, WalkContext } from "./walk-types.js";

// Nodes for objects that were not (fully) retrieved, and the shared error path of the visitors.

// The kind an object has from the way it is referenced.
export function kindOfVisit(visit: Visit, isLayer: (mediaType: string) => boolean): NodeKind {
  const mediaType = visit.descriptor?.mediaType ?? "";
  if (visit.role === "manifest") return isIndexMediaType(mediaType) ? "index" : "manifest";
  if (visit.role === "layer") return isLayer(mediaType) ? "layer" : "blob";
  return visit.role;
}

// A node known only from its descriptor.
export function referencedNode(visit: Visit, kind: NodeKind, state: NodeState): GraphNode {
  return {
    digest: visit.reference as Digest,
    kind,
    state,
    mediaType: visit.descriptor?.mediaType ?? "",
    size: visit.descriptor?.size ?? 0,
    path: visit.path,
    depth: visit.depth,
    children: [],
    ...(visit.descriptor ? { descriptor: visit.descriptor } : {}),
  };
}

const STATE_OF: Partial<Record<ProblemKind, NodeState>> = { missing: "missing", limit: "skipped" };

// Records the problem a source error amounts to and returns the node; rethrows errors that stop grading
// (the deadline, an unreachable registry); undefined for a root tag that could not be retrieved.
export function failedNode(ctx: WalkContext, visit: Visit, kind: NodeKind, error: unknown): GraphNode | undefined {
  if (error instanceof DeadlineExceededError) throw error;
  const problem = problemFromError(visit, ctx.repository, error);
  if (!problem) throw error;
  ctx.problems.push(problem);
  if (!isDigest(visit.reference)) return undefined;
  return referencedNode(visit, kind, STATE_OF[problem.kind] ?? "invalid");
}
