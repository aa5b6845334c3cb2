import { join } from "node:path";
import type { Digest } from "../../../../grader/oci/digest.js";
import type { AtomicWriter } from "./atomic.js";
import { listDir, readIfExists, removeFile } from "./fs-util.js";
import { type Layout, referrerPath, referrersDir } from "./layout.js";

/** A referrers-API descriptor (distribution-spec "Listing Referrers"). */
export interface ReferrerDescriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The subject → referrer index of each repository, written when a manifest with a `subject` is pushed. */
export interface ReferrerStore {
  add(name: string, subject: Digest, descriptor: ReferrerDescriptor): Promise<void>;
  remove(name: string, subject: Digest, referrer: Digest): Promise<void>;
  list(name: string, subject: Digest): Promise<ReferrerDescriptor[]>;
}

// Referrer descriptors stored one file each under repositories/<name>/_referrers/<alg>/<hex>/.
export function createReferrerStore(layout: Layout, writer: AtomicWriter): ReferrerStore {
  return {
    add: (name, subject, descriptor) =>
      writer.writeFile(referrerPath(layout, name, subject, descriptor.digest), JSON.stringify(descriptor)),
    async remove(name, subject, referrer) {
      await removeFile(referrerPath(layout, name, subject, referrer));
    },
    async list(name, subject) {
      const dir = referrersDir(layout, name, subject);
      const files = await listDir(dir);
      const contents = await Promise.all(files.map((file) => readIfExists(join(dir, file))));
      return contents.flatMap((bytes) => (bytes ? [JSON.parse(bytes.toString("utf8")) as ReferrerDescriptor] : []));
    },
  };
}
