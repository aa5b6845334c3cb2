// Errors raised by the registry client. Messages are lowercase context chains; callers turn them into
// learner-facing sentences. Tests assert on the class or `code`, not on the wording.

/** One entry of the spec's `{"errors":[…]}` body (distribution-spec "Error Codes"). */
export interface RegistryErrorCode {
  readonly code: string;
  readonly message?: string;
  readonly detail?: unknown;
}

/** What went wrong, as a stable code. */
export type RegistryFailure =
  | "REGISTRY_HTTP"
  | "REGISTRY_UNREACHABLE"
  | "REGISTRY_PROTOCOL"
  | "CONTENT_MISMATCH"
  | "CROSS_ORIGIN"
  | "REGISTRY_AUTH";

/** Base class of every error the registry client throws. */
export class RegistryClientError extends Error {
  constructor(
    readonly code: RegistryFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

// Removes user and password from a URL so it can appear in a message.
export function redactUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    if (parsed.username === "" && parsed.password === "") return parsed.href;
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return "<invalid url>";
  }
}

function formatStatus(method: string, status: number, codes: readonly RegistryErrorCode[]): string {
  if (codes.length > 0) {
    const listed = codes.map((c) => (c.message ? `${c.code}: ${c.message}` : c.code)).join("; ");
    return `${listed} (${status})`;
  }
  if (method === "HEAD") return `status ${status} (HEAD responses have no body, use GET for details)`;
  return `unexpected status ${status}`;
}

/** A registry answered with a status the operation did not expect; `codes` come from the spec's error body. */
export class RegistryError extends RegistryClientError {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly codes: readonly RegistryErrorCode[];
  /** Seconds from a `Retry-After` header, when the registry sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    method: string;
    url: string | URL;
    status: number;
    codes?: readonly RegistryErrorCode[];
    retryAfterSeconds?: number;
  }) {
    const url = redactUrl(init.url);
    const codes = init.codes ?? [];
    super("REGISTRY_HTTP", `${init.method} ${url}: ${formatStatus(init.method, init.status, codes)}`);
    this.method = init.method;
    this.url = url;
    this.status = init.status;
    this.codes = codes;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  // True for 404, whatever the error code (MANIFEST_UNKNOWN, BLOB_UNKNOWN, NAME_UNKNOWN, or no body).
  isNotFound(): boolean {
    return this.status === 404;
  }

  // True when trying again later may succeed: rate limiting (429, TOOMANYREQUESTS) and server errors.
  isRetryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.hasCode("TOOMANYREQUESTS");
  }

  // True when the body listed this spec error code.
  hasCode(code: string): boolean {
    return this.codes.some((c) => c.code === code);
  }
}

/** Why a registry could not be reached at all. */
export type UnreachableReason = "refused" | "timeout" | "reset" | "dns" | "network";

/** No HTTP answer: connection refused, reset, timed out, or the host name did not resolve. */
export class RegistryUnreachableError extends RegistryClientError {
  constructor(
    readonly method: string,
    readonly url: string,
    /** `host:port` the client tried to reach. */
    readonly address: string,
    readonly reason: UnreachableReason,
    options?: { cause?: unknown },
  ) {
    super("REGISTRY_UNREACHABLE", `${method} ${url}: registry at ${address} unreachable (${reason})`, options);
  }
}

/** The registry answered, but not in a shape the spec allows (bad JSON, missing Location, …). */
export class RegistryProtocolError extends RegistryClientError {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("REGISTRY_PROTOCOL", `${method} ${url}: ${reason}`, options);
  }
}

/** Content did not match what was asked for: wrong digest or wrong size. Never trusted, never returned. */
export class ContentMismatchError extends RegistryClientError {
  constructor(
    readonly url: string,
    readonly field: "digest" | "size",
    readonly expected: string | number,
    readonly actual: string | number,
  ) {
    super("CONTENT_MISMATCH", `${url}: ${field} mismatch: expected ${expected}, got ${actual}`);
  }
}

/** A redirect, `Link` or upload `Location` pointed away from the registry's origin. */
export class CrossOriginError extends RegistryClientError {
  readonly from: string;
  readonly to: string;

  constructor(
    readonly what: "redirect" | "link" | "location",
    from: string | URL,
    to: string | URL,
  ) {
    super("CROSS_ORIGIN", `${what} from ${redactUrl(from)} to ${redactUrl(to)} leaves the registry's origin; refused`);
    this.from = redactUrl(from);
    this.to = redactUrl(to);
  }
}
