import { createDeadline, type Deadline } from "../../grader/oci/deadline.js";
import type { Digest } from "../../grader/oci/digest.js";
import { DEFAULT_LIMITS, type Limits } from "../../grader/oci/limits.js";
import type { Descriptor } from "../../grader/oci/types.js";
import { type GraphNode, type Problem, walkGraph } from "../../grader/oci/walk.js";
import { shortDigest } from "../../grader/oci/walk-problems.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { type InspectTarget, toInspectGraph } from "./graph-from-walk.js";
import type { InspectGraph } from "./graph-model.js";

// Reads the graph of one reference with the grader's read-only walk (bounded, digest-verified), then the
// referrers of every manifest in it (referrers API, or the `sha256-<hex>` fallback tag) and their graphs.

/** Bounds of one inspection; the deadline may be shared by several (as `labs whatis` does). */
export interface BuildOptions {
  readonly deadline?: Deadline;
  readonly limits?: Limits;
}

/** Most referrer listings one inspection asks for. */
export const MAX_REFERRER_LISTINGS = 200;

// The inspect graph of `target.reference` in `target.repository`.
export async function buildInspectGraph(
  source: ObjectSource,
  target: InspectTarget,
  options: BuildOptions = {},
): Promise<InspectGraph> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = options.deadline ?? createDeadline(limits.gradingDeadlineMs);
  const walk = await walkGraph(source, target.repository, target.reference, { limits, deadline });
  const nodes = new Map(walk.nodes);
  const problems = walk.problems.map((p) =>
    walk.root && p.path === "" && !p.digest ? { ...p, digest: walk.root } : p,
  );
  const referrers = new Map<Digest, readonly Descriptor[]>();
  const read = { source, repository: target.repository, limits, deadline, nodes, problems, referrers };
  if (walk.root) await readReferrers(read);
  return toInspectGraph(target, { ...(walk.root ? { root: walk.root } : {}), nodes, problems, referrers });
}

interface ReferrerRead {
  readonly source: ObjectSource;
  readonly repository: string;
  readonly limits: Limits;
  readonly deadline: Deadline;
  readonly nodes: Map<Digest, GraphNode>;
  readonly problems: Problem[];
  readonly referrers: Map<Digest, readonly Descriptor[]>;
}

// Lists referrers of each manifest (those of referrers too), walking each new referrer; bounded by the
// deadline, the node cap and MAX_REFERRER_LISTINGS.
async function readReferrers(read: ReferrerRead): Promise<void> {
  const queue = [...read.nodes.values()].filter(isManifestNode).map((n) => n.digest);
  for (let i = 0; i < queue.length && i < MAX_REFERRER_LISTINGS; i++) {
    if (read.deadline.remainingMs() <= 0 || read.nodes.size >= read.limits.maxGraphNodes) return;
    const subject = queue[i] as Digest;
    const found = await listReferrers(read, subject);
    if (found.length > 0) read.referrers.set(subject, found);
    for (const descriptor of found) {
      if (read.nodes.has(descriptor.digest)) continue;
      const options = { limits: read.limits, deadline: read.deadline };
      const walk = await walkGraph(read.source, read.repository, descriptor.digest, options);
      for (const [digest, node] of walk.nodes) if (!read.nodes.has(digest)) read.nodes.set(digest, node);
      read.problems.push(...walk.problems);
      queue.push(...[...walk.nodes.values()].filter(isManifestNode).map((n) => n.digest));
    }
  }
}

async function listReferrers(read: ReferrerRead, subject: Digest): Promise<readonly Descriptor[]> {
  try {
    return await read.source.referrers(read.repository, subject);
  } catch (error) {
    const message = `listing the referrers of ${shortDigest(subject)} failed: ${(error as Error).message}`;
    read.problems.push({ kind: "invalid", digest: subject, path: "", message });
    return [];
  }
}

function isManifestNode(node: GraphNode): boolean {
  return node.state === "ok" && node.manifest !== undefined;
}
