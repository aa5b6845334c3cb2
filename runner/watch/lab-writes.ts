import type { AuditEntry, AuditKind } from "../registry/embedded/audit/entry.js";

/** Requests that change what a lab's checks can see once they complete. */
const WRITE_KINDS: ReadonlySet<AuditKind> = new Set([
  "manifest-put",
  "manifest-delete",
  "tag-delete",
  "blob-delete",
  "upload-complete",
  "upload-monolithic",
  "mount",
]);

// Whether an audit entry is a completed write (2xx; a mount only when it linked the blob) inside the lab's
// repositories, `<prefix>` and `<prefix>/…`. Reads, refused requests and other labs' pushes are not.
export function isLabWrite(entry: AuditEntry, prefix: string): boolean {
  if (!WRITE_KINDS.has(entry.kind)) return false;
  if (entry.status < 200 || entry.status > 299 || (entry.kind === "mount" && entry.status !== 201)) return false;
  const repository = entry.repository ?? "";
  return repository === prefix || repository.startsWith(`${prefix}/`);
}
