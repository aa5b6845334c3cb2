import type { Digest } from "../../../../grader/oci/digest.js";
import { isDigest } from "../../../../grader/oci/digest.js";
import { isTag } from "../validate/names.js";
import type { AtomicWriter } from "./atomic.js";
import { listDir, readIfExists, removeFile } from "./fs-util.js";
import { type Layout, tagPath, tagsDir } from "./layout.js";
import type { KeyedMutex } from "./locks.js";

/** Tags of each repository: a file per tag holding the digest it points to. */
export interface TagStore {
  /** Every tag of a repository and its digest (loaded from disk once, then kept in step with writes). */
  all(name: string): Promise<ReadonlyMap<string, Digest>>;
  resolve(name: string, tag: string): Promise<Digest | undefined>;
  set(name: string, tag: string, digest: Digest): Promise<void>;
  /** Removes a tag; false when it did not exist. */
  remove(name: string, tag: string): Promise<boolean>;
}

// Tags under repositories/<name>/_manifests/tags; writes to one tag are serialised so disk and memory agree.
export function createTagStore(layout: Layout, writer: AtomicWriter, locks: KeyedMutex): TagStore {
  const repos = new Map<string, Promise<Map<string, Digest>>>();

  async function load(name: string): Promise<Map<string, Digest>> {
    const tags = new Map<string, Digest>();
    const entries = (await listDir(tagsDir(layout, name))).filter(isTag);
    const contents = await Promise.all(entries.map((tag) => readIfExists(tagPath(layout, name, tag))));
    entries.forEach((tag, i) => {
      const digest = contents[i]?.toString("utf8").trim();
      if (isDigest(digest)) tags.set(tag, digest);
    });
    return tags;
  }

  function tagsOf(name: string): Promise<Map<string, Digest>> {
    let loading = repos.get(name);
    if (!loading) {
      loading = load(name);
      repos.set(name, loading);
      loading.catch(() => repos.delete(name));
    }
    return loading;
  }

  return {
    all: tagsOf,
    resolve: async (name, tag) => (await tagsOf(name)).get(tag),
    set: (name, tag, digest) =>
      locks.run(`tag:${name}:${tag}`, async () => {
        const tags = await tagsOf(name);
        if (tags.get(tag) === digest) return;
        await writer.writeFile(tagPath(layout, name, tag), digest);
        tags.set(tag, digest);
      }),
    remove: (name, tag) =>
      locks.run(`tag:${name}:${tag}`, async () => {
        const tags = await tagsOf(name);
        tags.delete(tag);
        return removeFile(tagPath(layout, name, tag));
      }),
  };
}
