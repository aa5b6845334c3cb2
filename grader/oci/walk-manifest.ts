import { type Digest, isDigest } from "./digest.js";
import { joinPath } from "./json-path.js";
import { isLayerMediaType, isManifestMediaType, isSchema1MediaType } from "./media-types.js";
import type { Fetched, Manifest } from "./types.js";
import { failedNode, kindOfVisit, referencedNode } from "./walk-node.js";
import { describeVisit, problemAt, sizeMismatch } from "./walk-problems.js";
import type { GraphNode, Problem, Visit, WalkContext } from "./walk-types.js";

// Visiting a manifest or index: fetch it, compare what was served with the descriptor that pointed at it,
// and only when digest and size agree, list its children (index entries, config, layers; never `subject`).

// Retrieves and checks one manifest; undefined when a root tag could not be retrieved.
export async function visitManifest(ctx: WalkContext, visit: Visit): Promise<GraphNode | undefined> {
  const kind = kindOfVisit(visit, isLayerMediaType);
  const declared = visit.descriptor?.size ?? 0;
  if (declared > ctx.limits.maxManifestBytes) {
    ctx.problems.push(
      problemAt(
        visit,
        "limit",
        `${describeVisit(visit)}: maxManifestBytes exceeded (${declared} > ${ctx.limits.maxManifestBytes})`,
      ),
    );
    return referencedNode(visit, kind, "skipped");
  }
  let fetched: Fetched<Manifest>;
  try {
    fetched = await ctx.source.manifest(ctx.repository, visit.reference);
  } catch (error) {
    return failedNode(ctx, visit, kind, error);
  }
  const problems = compareServed(ctx, visit, fetched);
  ctx.problems.push(...problems);
  const verified = !problems.some((p) => p.kind !== "media-type-mismatch");
  return fetchedNode(visit, fetched, verified);
}

// Digest, size and media type of what was served, against the descriptor (or the digest asked for).
function compareServed(ctx: WalkContext, visit: Visit, fetched: Fetched<Manifest>): Problem[] {
  const problems: Problem[] = [];
  const what = describeVisit(visit);
  const expectedDigest = visit.descriptor?.digest ?? (isDigest(visit.reference) ? visit.reference : undefined);
  if (expectedDigest && fetched.digest !== expectedDigest) {
    problems.push(
      problemAt(visit, "digest-mismatch", `${what}: the registry served bytes with digest ${fetched.digest}`),
    );
  }
  const size = fetched.raw.byteLength;
  if (visit.descriptor && size !== visit.descriptor.size)
    problems.push(sizeMismatch(visit, visit.descriptor.size, size));
  if (size > ctx.limits.maxManifestBytes) {
    problems.push(
      problemAt(visit, "limit", `${what}: maxManifestBytes exceeded (${size} > ${ctx.limits.maxManifestBytes})`),
    );
  }
  if (visit.descriptor && visit.descriptor.mediaType !== fetched.mediaType) {
    const message = `${what}: the descriptor says ${visit.descriptor.mediaType}, the registry served ${fetched.mediaType}`;
    problems.push(problemAt(visit, "media-type-mismatch", message));
  }
  return problems;
}

function fetchedNode(visit: Visit, fetched: Fetched<Manifest>, verified: boolean): GraphNode {
  const node: GraphNode = {
    digest: isDigest(visit.reference) ? visit.reference : fetched.digest,
    kind: fetched.value.kind,
    state: verified ? "ok" : "invalid",
    mediaType: fetched.mediaType,
    size: fetched.raw.byteLength,
    path: visit.path,
    depth: visit.depth,
    raw: fetched.raw,
    manifest: fetched.value,
    children: [],
    ...(visit.descriptor ? { descriptor: visit.descriptor } : {}),
  };
  return verified ? { ...node, children: childVisits(node).map((v) => v.reference as Digest) } : node;
}

// The visits a verified manifest node leads to, in document order.
export function childVisits(node: GraphNode): Visit[] {
  const manifest = node.manifest;
  if (!manifest || node.state !== "ok") return [];
  const depth = node.depth + 1;
  if (manifest.kind === "index") {
    return manifest.manifests.map((descriptor, i) => ({
      reference: descriptor.digest,
      descriptor,
      role: isManifestMediaType(descriptor.mediaType) || isSchema1MediaType(descriptor.mediaType) ? "manifest" : "blob",
      path: joinPath(joinPath(node.path, "manifests"), i),
      depth,
    }));
  }
  const config: Visit = {
    reference: manifest.config.digest,
    descriptor: manifest.config,
    role: "config",
    path: joinPath(node.path, "config"),
    depth,
  };
  const layers = manifest.layers.map(
    (descriptor, i): Visit => ({
      reference: descriptor.digest,
      descriptor,
      role: "layer",
      path: joinPath(joinPath(node.path, "layers"), i),
      depth,
    }),
  );
  return [config, ...layers];
}
