// The one error type for malformed OCI content: JSON documents, descriptors, manifests, configs, tar and gzip.

/** What is wrong, as a stable code; tests assert on it, not on the wording. */
export type OciFormatErrorCode =
  | "INVALID_UTF8"
  | "INVALID_JSON"
  | "DUPLICATE_KEY"
  | "TOO_DEEP"
  | "INVALID_FIELD"
  | "MEDIA_TYPE_MISMATCH"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "SCHEMA_1"
  | "INVALID_GZIP"
  | "INVALID_TAR"
  | "UNSAFE_PATH"
  | "INVALID_BUNDLE";

/** Content that does not follow the format it claims; `path` is a JSON path such as `manifests[1].digest`. */
export class OciFormatError extends Error {
  constructor(
    readonly code: OciFormatErrorCode,
    readonly reason: string,
    /** JSON path (or tar entry path) of the offending value; "" for the whole document. */
    readonly path = "",
    /** Byte offset in the document, when known. */
    readonly offset?: number,
    options?: { cause?: unknown },
  ) {
    const at = offset === undefined ? "" : ` (at byte ${offset})`;
    super(`${path === "" ? "" : `${shortPath(path)}: `}${reason}${at}`, options);
    this.name = "OciFormatError";
  }
}

// A path short enough to read in a message: a hostile document can nest thousands of levels deep.
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 60)}…${path.slice(-40)} (${path.length} characters)`;
}
