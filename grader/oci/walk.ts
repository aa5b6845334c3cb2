import type { ObjectSource } from "../registry/source.js";
import { createDeadline, DeadlineExceededError } from "./deadline.js";
import type { Digest } from "./digest.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { visitBlob } from "./walk-blob.js";
import { childVisits, visitManifest } from "./walk-manifest.js";
import { describeVisit, problemAt } from "./walk-problems.js";
import type { Graph, GraphNode, Visit, WalkContext, WalkOptions } from "./walk-types.js";

export type { Graph, GraphNode, NodeKind, NodeState, Problem, ProblemKind, WalkOptions } from "./walk-types.js";

// Walks everything reachable from a root reference inside one repository, breadth first, the way a pull by
// digest would: index → manifests → config and layers. Each digest is memoised before it is fetched, so a
// shared object is fetched once and a cycle (only a lying source can serve one) cannot loop. Each object's
// digest and size are verified before its edges are followed; depth, node count and the deadline are bounded.
// Learner mistakes become problems; only errors that prevent grading (registry unreachable) are thrown.

// Walks the graph under `rootReference` (a tag or digest) in `repository`.
export async function walkGraph(
  source: ObjectSource,
  repository: string,
  rootReference: string,
  options: WalkOptions = {},
): Promise<Graph> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = options.deadline ?? createDeadline(limits.gradingDeadlineMs);
  const ctx: WalkContext = {
    source,
    repository,
    limits,
    deadline,
    verifyBlobs: options.verifyBlobs ?? false,
    problems: [],
  };
  const nodes = new Map<Digest, GraphNode>();
  try {
    await walkFrom(ctx, { reference: rootReference, role: "manifest", path: "", depth: 0 }, nodes);
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    ctx.problems.push({
      kind: "limit",
      path: "",
      message: `the walk of \`${repository}\` stopped early: ${error.message}`,
    });
  }
  const root = [...nodes.values()].find((n) => n.depth === 0 && n.manifest !== undefined)?.digest;
  return { ...(root ? { root } : {}), nodes, problems: ctx.problems };
}

async function walkFrom(ctx: WalkContext, rootVisit: Visit, nodes: Map<Digest, GraphNode>): Promise<void> {
  const seen = new Set<string>();
  const queue: Visit[] = [rootVisit];
  for (let i = 0; i < queue.length; i++) {
    const visit = queue[i] as Visit;
    ctx.deadline.check(`walking \`${ctx.repository}\``);
    if (seen.has(visit.reference)) {
      checkRepeat(ctx, nodes.get(visit.reference as Digest), visit);
      continue;
    }
    if (!withinLimits(ctx, visit, nodes.size)) {
      if (nodes.size >= ctx.limits.maxGraphNodes) return;
      continue;
    }
    seen.add(visit.reference);
    const node = await visitOne(ctx, visit);
    if (!node) continue;
    seen.add(node.digest);
    nodes.set(node.digest, node);
    queue.push(...childVisits(node));
  }
}

function visitOne(ctx: WalkContext, visit: Visit): Promise<GraphNode | undefined> {
  const { descriptor } = visit;
  if (visit.role === "manifest" || !descriptor) return visitManifest(ctx, visit);
  return visitBlob(ctx, { ...visit, descriptor });
}

// Depth and node-count bounds; records a limit problem when one is reached.
function withinLimits(ctx: WalkContext, visit: Visit, nodeCount: number): boolean {
  const { maxGraphDepth, maxGraphNodes } = ctx.limits;
  if (nodeCount >= maxGraphNodes) {
    ctx.problems.push(
      problemAt(visit, "limit", `the graph has more than ${maxGraphNodes} objects (maxGraphNodes); the walk stopped`),
    );
    return false;
  }
  if (visit.depth > maxGraphDepth) {
    ctx.problems.push(
      problemAt(visit, "limit", `${describeVisit(visit)} is deeper than ${maxGraphDepth} levels (maxGraphDepth)`),
    );
    return false;
  }
  return true;
}

// A second reference to a known object must agree on its size.
function checkRepeat(ctx: WalkContext, node: GraphNode | undefined, visit: Visit): void {
  if (!node || !visit.descriptor || visit.descriptor.size === node.size) return;
  const message = `${describeVisit(visit)}: this descriptor says ${visit.descriptor.size} bytes, the one at ${node.path || "the root"} says ${node.size}`;
  ctx.problems.push(problemAt(visit, "size-mismatch", message));
}
