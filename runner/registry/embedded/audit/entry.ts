// One line of audit.log (JSON lines). A later check reads these to see how the learner got somewhere, for
// example that a blob was mounted (kind "mount", status 201) rather than uploaded again.

/** What a request did. */
export type AuditKind =
  | "upload-start"
  | "upload-chunk"
  | "upload-complete"
  | "upload-monolithic"
  | "upload-cancel"
  | "mount"
  | "manifest-put"
  | "manifest-get"
  | "manifest-head"
  | "manifest-delete"
  | "tag-delete"
  | "blob-get"
  | "blob-head"
  | "blob-delete"
  | "tags-list"
  | "referrers-list"
  | "denied"
  | "gc";

/** One audit record; optional fields appear when they apply. */
export interface AuditEntry {
  /** ISO 8601 time the response finished. */
  readonly time: string;
  readonly kind: AuditKind;
  /** HTTP method, or "GC" for a garbage collection. */
  readonly method: string;
  /** HTTP status sent (0 when the client went away first). */
  readonly status: number;
  readonly repository?: string;
  /** Tag or digest from the URL. */
  readonly reference?: string;
  /** Content digest involved (resolved from a tag, uploaded, mounted or deleted). */
  readonly digest?: string;
  /** Source repository of a mount. */
  readonly from?: string;
  /** Upload session id. */
  readonly upload?: string;
  /** Body bytes received (uploads, manifest PUT) or sent (GET). */
  readonly bytes?: number;
  readonly userAgent?: string;
  /** Basic-auth user name, when auth is on. */
  readonly user?: string;
  /** First error code of a failed request. */
  readonly error?: string;
  readonly durationMs?: number;
  /** Garbage collection details. */
  readonly gc?: {
    readonly dryRun: boolean;
    readonly deleteUntagged: boolean;
    readonly blobsRemoved: number;
    readonly manifestsRemoved: number;
    readonly bytesFreed: number;
  };
}
