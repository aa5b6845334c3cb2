import { isDigest } from "../oci/digest.js";
import { isValidRepositoryName, isValidTag } from "../oci/reference.js";

/** A reference inside a lab's namespace: `mirror/app:v1` or `mirror/app@sha256:…`, without registry or prefix. */
export interface LabRef {
  readonly repository: string;
  readonly reference: string;
  /** As written in the lab file, for messages. */
  readonly text: string;
}

// Parses `repo:tag` or `repo@digest` as written in a lab file; returns an error message instead of throwing.
export function parseLabRef(text: string): LabRef | string {
  const at = text.indexOf("@");
  if (at >= 0) {
    const repository = text.slice(0, at);
    const digest = text.slice(at + 1);
    if (!isValidRepositoryName(repository)) return `"${repository}" is not a valid repository name`;
    if (!isDigest(digest)) return `"${digest}" is not a valid digest`;
    return { repository, reference: digest, text };
  }
  const colon = text.lastIndexOf(":");
  if (colon < 0 || text.indexOf("/", colon) >= 0) return `"${text}" needs a tag (repo:tag) or a digest (repo@sha256:…)`;
  const repository = text.slice(0, colon);
  const tag = text.slice(colon + 1);
  if (!isValidRepositoryName(repository)) return `"${repository}" is not a valid repository name`;
  if (!isValidTag(tag)) return `"${tag}" is not a valid tag`;
  return { repository, reference: tag, text };
}

// The full repository name of a lab repository under its prefix: `lab09/mirror/app`.
export function prefixed(prefix: string, repository: string): string {
  return prefix ? `${prefix}/${repository}` : repository;
}
