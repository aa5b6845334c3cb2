// OCI distribution error codes (distribution-spec "Error Codes") plus the few legacy ones distribution still sends.

/** Error codes this registry answers with; each maps to one HTTP status. */
export const ERROR_STATUS = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  TAG_INVALID: 400,
  RANGE_INVALID: 416,
  PAGINATION_NUMBER_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
  NOT_FOUND: 404,
  UNKNOWN: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One entry of the `{"errors":[…]}` body. */
export interface ErrorEntry {
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: unknown;
}

/** A request the registry refuses; the dispatcher turns it into the spec's JSON error body. */
export class RegistryError extends Error {
  readonly status: number;
  readonly entries: readonly ErrorEntry[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: unknown; status?: number; headers?: Record<string, string>; more?: ErrorEntry[] } = {},
  ) {
    super(`${code}: ${message}`);
    this.name = "RegistryError";
    this.status = options.status ?? ERROR_STATUS[code];
    const first: ErrorEntry =
      options.detail === undefined ? { code, message } : { code, message, detail: options.detail };
    this.entries = [first, ...(options.more ?? [])];
    this.headers = options.headers ?? {};
  }

  /** The first error code, for the audit log. */
  get code(): ErrorCode {
    return this.entries[0]?.code ?? "UNKNOWN";
  }
}

// The JSON body for a list of error entries.
export function formatErrorBody(entries: readonly ErrorEntry[]): string {
  return JSON.stringify({ errors: entries });
}
