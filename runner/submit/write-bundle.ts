import { BUNDLE_VERSION, type BundleIndex, type BundleRepository } from "../../grader/bundle/format.js";
import { type Digest, digestHex, digestOf } from "../../grader/oci/digest.js";
import { buildTar, type TarEntry } from "../seed/tar.js";

// Writes a submission bundle: a plain, deterministic tar (sorted members, fixed times and owners) of
// `bundle.json` and `blobs/sha256/<hex>`, so the same content always gives the same bundle digest.

/** What goes into a bundle, apart from the objects' bytes. */
export type BundleContent = Omit<BundleIndex, "bundleVersion" | "files" | "repositories"> & {
  readonly repositories: Readonly<Record<string, BundleRepository>>;
};

/** A written bundle: its bytes and sha256. */
export interface WrittenBundle {
  readonly bytes: Uint8Array;
  readonly digest: Digest;
  readonly objects: number;
  readonly files: number;
}

// The bundle's bytes from its index content, the registry objects and the workspace files.
export function writeBundle(
  content: BundleContent,
  objects: ReadonlyMap<Digest, Uint8Array>,
  workspace: ReadonlyMap<string, Uint8Array>,
): WrittenBundle {
  const blobs = new Map(objects);
  const files: Record<string, Digest> = {};
  for (const [path, bytes] of [...workspace].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const digest = digestOf(bytes);
    files[path] = digest;
    blobs.set(digest, bytes);
  }
  const index: BundleIndex = { bundleVersion: BUNDLE_VERSION, ...content, files };
  const entries: TarEntry[] = [
    { type: "file", path: "bundle.json", content: `${JSON.stringify(index, null, 2)}\n` },
    { type: "dir", path: "blobs" },
    { type: "dir", path: "blobs/sha256" },
    ...[...blobs.keys()]
      .sort()
      .map((d): TarEntry => ({ type: "file", path: `blobs/sha256/${digestHex(d)}`, content: blobs.get(d)! })),
  ];
  const bytes = buildTar(entries);
  return { bytes, digest: digestOf(bytes), objects: objects.size, files: workspace.size };
}
