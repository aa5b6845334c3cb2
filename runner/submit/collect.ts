import type { BundleRepository } from "../../grader/bundle/format.js";
import type { Digest } from "../../grader/oci/digest.js";
import { walkGraph } from "../../grader/oci/walk.js";
import type { ObjectSource } from "../../grader/registry/source.js";

// Everything the lab's repositories hold that a grader could read: each tag, the graph under it (children,
// configs, layers) and the referrers of every manifest, with exact bytes, repository by repository.

/** What was collected: per repository what it serves, and every object's bytes once. */
export interface Collected {
  readonly repositories: Record<string, BundleRepository>;
  readonly objects: Map<Digest, Uint8Array>;
}

// Collects the given repositories (full names); objects missing from the registry are simply not collected.
export async function collectRepositories(
  source: ObjectSource,
  repositories: readonly string[],
  maxBytes: number,
): Promise<Collected> {
  const objects = new Map<Digest, Uint8Array>();
  const out: Record<string, BundleRepository> = {};
  let total = 0;
  const keep = (digest: Digest, bytes: Uint8Array) => {
    if (objects.has(digest)) return;
    total += bytes.byteLength;
    if (total > maxBytes) throw new Error(`the lab's objects exceed ${maxBytes} bytes; a bundle cannot hold them`);
    objects.set(digest, bytes);
  };
  for (const repository of repositories) {
    const tags: Record<string, Digest> = {};
    const manifests: Record<string, string> = {};
    const blobs = new Set<Digest>();
    const visit = async (reference: string) => {
      const graph = await walkGraph(source, repository, reference, { verifyBlobs: false });
      for (const node of graph.nodes.values()) {
        if (node.state !== "ok") continue;
        if (node.manifest && node.raw) {
          manifests[node.digest] = node.mediaType;
          keep(node.digest, node.raw);
        } else {
          blobs.add(node.digest);
          keep(node.digest, node.raw ?? objects.get(node.digest) ?? (await source.blob(repository, node)));
        }
      }
    };
    for (const tag of await source.tags(repository)) {
      const root = await source.manifest(repository, tag).catch(() => undefined);
      if (!root) continue;
      tags[tag] = root.digest;
      await visit(root.digest);
    }
    for (const subject of Object.keys(manifests) as Digest[]) {
      for (const referrer of await source.referrers(repository, subject).catch(() => [])) {
        if (!(referrer.digest in manifests)) await visit(referrer.digest);
      }
    }
    if (Object.keys(tags).length > 0) out[repository] = { tags, manifests, blobs: [...blobs].sort() };
  }
  return { repositories: out, objects };
}
