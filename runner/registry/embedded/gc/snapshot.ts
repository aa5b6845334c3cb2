import { isDigest } from "../../../../grader/oci/digest.js";
import { parseManifest } from "../manifest/parse.js";
import { listRepositories } from "../storage/repositories.js";
import type { Store } from "../storage/store.js";
import type { ManifestSnapshot, RepositorySnapshot } from "./mark.js";

async function manifestSnapshot(
  store: Store,
  name: string,
  digest: ManifestSnapshot["digest"],
  tagged: ReadonlySet<string>,
) {
  const record = await store.revisions.get(name, digest);
  const bytes = await store.blobs.read(digest);
  let references: ManifestSnapshot["references"] = [];
  if (record && bytes) {
    try {
      const parsed = parseManifest(record.contentType, bytes);
      references = [...parsed.blobs, ...parsed.children].map((d) => d.digest).filter(isDigest);
    } catch {
      references = [];
    }
  }
  return { digest, tagged: tagged.has(digest), references };
}

// Reads every repository's manifests, their tags and their references from disk.
export async function snapshotRepositories(store: Store): Promise<RepositorySnapshot[]> {
  const snapshots: RepositorySnapshot[] = [];
  for (const name of await listRepositories(store.layout)) {
    const tagged = new Set<string>((await store.tags.all(name)).values());
    const digests = await store.revisions.list(name);
    const manifests = await Promise.all(digests.map((digest) => manifestSnapshot(store, name, digest, tagged)));
    snapshots.push({ name, manifests });
  }
  return snapshots;
}
