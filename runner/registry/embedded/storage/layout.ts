import { join } from "node:path";
import { type Digest, digestAlgorithm, digestHex } from "../../../../grader/oci/digest.js";

// Where everything lives under the registry root. Callers pass names, tags and digests that validate/names.ts
// accepted, so no path built here can leave the root. Directory names starting with '_' cannot collide with
// repository path components, which the grammar forbids to start with '_' (distribution uses the same trick).
//
//   blobs/<alg>/<hex[0:2]>/<hex>                                  content, stored once
//   repositories/<name>/_layers/<alg>/<hex>                       blob linked into a repository
//   repositories/<name>/_manifests/revisions/<alg>/<hex>          manifest in a repository: {"contentType", "subject"?}
//   repositories/<name>/_manifests/tags/<tag>                     tag → digest
//   repositories/<name>/_referrers/<alg>/<hex>/<alg>-<hex>        subject → referrer descriptor
//   _uploads/<id>                                                 bytes of an open upload session
//   _tmp/                                                         temporary files, renamed into place when complete

/** Paths of one registry root. */
export interface Layout {
  readonly root: string;
  readonly blobsDir: string;
  readonly repositoriesDir: string;
  readonly uploadsDir: string;
  readonly tmpDir: string;
  readonly lockFile: string;
  readonly auditFile: string;
}

// The layout of a root directory.
export function layoutOf(root: string): Layout {
  return {
    root,
    blobsDir: join(root, "blobs"),
    repositoriesDir: join(root, "repositories"),
    uploadsDir: join(root, "_uploads"),
    tmpDir: join(root, "_tmp"),
    lockFile: join(root, "registry.lock"),
    auditFile: join(root, "audit.log"),
  };
}

// The file holding a blob's bytes.
export function blobPath(layout: Layout, digest: Digest): string {
  const hex = digestHex(digest);
  return join(layout.blobsDir, digestAlgorithm(digest), hex.slice(0, 2), hex);
}

// A repository's directory.
export function repositoryDir(layout: Layout, name: string): string {
  return join(layout.repositoriesDir, ...name.split("/"));
}

// The link file that makes a blob part of a repository.
export function layerLinkPath(layout: Layout, name: string, digest: Digest): string {
  return join(repositoryDir(layout, name), "_layers", digestAlgorithm(digest), digestHex(digest));
}

// The directory of a repository's manifest revisions.
export function revisionsDir(layout: Layout, name: string): string {
  return join(repositoryDir(layout, name), "_manifests", "revisions");
}

// The record of one manifest in a repository.
export function revisionPath(layout: Layout, name: string, digest: Digest): string {
  return join(revisionsDir(layout, name), digestAlgorithm(digest), digestHex(digest));
}

// The directory of a repository's tags.
export function tagsDir(layout: Layout, name: string): string {
  return join(repositoryDir(layout, name), "_manifests", "tags");
}

// The file of one tag.
export function tagPath(layout: Layout, name: string, tag: string): string {
  return join(tagsDir(layout, name), tag);
}

// The directory listing the referrers of one subject.
export function referrersDir(layout: Layout, name: string, subject: Digest): string {
  return join(repositoryDir(layout, name), "_referrers", digestAlgorithm(subject), digestHex(subject));
}

// The file recording that `referrer` refers to `subject`.
export function referrerPath(layout: Layout, name: string, subject: Digest, referrer: Digest): string {
  return join(referrersDir(layout, name, subject), `${digestAlgorithm(referrer)}-${digestHex(referrer)}`);
}

// The bytes of an upload session.
export function uploadPath(layout: Layout, id: string): string {
  return join(layout.uploadsDir, id);
}
