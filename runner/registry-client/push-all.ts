import type { Digest } from "../../grader/oci/digest.js";
import { mapLimit } from "./concurrency.js";
import { assertBytesMatch, type UploadOptions } from "./upload.js";

/** One object to push: a blob, or a manifest (tagged when it is a root). */
export interface PushItem {
  readonly kind: "blob" | "manifest";
  readonly mediaType: string;
  readonly digest: Digest;
  readonly bytes: Uint8Array;
  /** For a manifest: PUT under this tag instead of its digest. */
  readonly tag?: string;
}

/** What pushAll did. */
export interface PushSummary {
  readonly blobsPushed: number;
  readonly blobsSkipped: number;
  readonly manifests: number;
}

/** The writer operations pushAll needs. */
export interface PushTarget {
  pushBlob(
    repository: string,
    bytes: Uint8Array,
    digest: Digest,
    options?: UploadOptions,
  ): Promise<"pushed" | "exists">;
  putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<Digest>;
}

// Pushes in dependency order (spec "Pushing Manifests"): blobs (at most `concurrency` at once, existing ones
// skipped), then untagged manifests by digest in the given order, then tagged ones by tag.
export async function pushAll(
  target: PushTarget,
  repository: string,
  items: readonly PushItem[],
  options: UploadOptions & { readonly concurrency?: number } = {},
): Promise<PushSummary> {
  for (const item of items) assertBytesMatch(item.bytes, item.digest, `${item.kind} ${item.tag ?? item.digest}`);
  const blobs = items.filter((i) => i.kind === "blob");
  const outcomes = await mapLimit(blobs, options.concurrency ?? 4, (b) =>
    target.pushBlob(repository, b.bytes, b.digest, options),
  );
  const manifests = items.filter((i) => i.kind === "manifest");
  const ordered = [...manifests.filter((m) => m.tag === undefined), ...manifests.filter((m) => m.tag !== undefined)];
  for (const m of ordered) {
    await target.putManifest(repository, m.tag ?? m.digest, m.bytes, m.mediaType);
  }
  const pushed = outcomes.filter((o) => o === "pushed").length;
  return { blobsPushed: pushed, blobsSkipped: outcomes.length - pushed, manifests: ordered.length };
}
