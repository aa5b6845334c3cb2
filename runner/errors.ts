// Errors the CLI knows how to present, each with a code, an exit status and what to do.

/** Process exit codes of `labs`. */
export const EXIT = { ok: 0, checksFailed: 1, usage: 2, environment: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type LabsErrorCode =
  | "USAGE"
  | "LAB_NOT_FOUND"
  | "LAB_FILE_INVALID"
  | "LAB_FORMAT_TOO_NEW"
  | "NO_LAB_STARTED"
  | "REGISTRY_UNREACHABLE"
  | "NO_ENGINE"
  | "REGISTRY_IMAGE_MISSING"
  | "SEED_FAILED"
  | "STATE_INVALID"
  | "FILE_UNREADABLE"
  | "ROSTER_INVALID"
  | "REGISTRY_UNSUITABLE"
  | "SOLUTION_LOCKED"
  | "ENVIRONMENT";

/** A failure with a stable code, a message for people and a hint that says what to do. */
export class LabsError extends Error {
  constructor(
    readonly code: LabsErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LabsError";
  }

  /** The exit code this error maps to. */
  get exitCode(): ExitCode {
    if (this.code === "USAGE" || this.code === "LAB_NOT_FOUND" || this.code === "LAB_FILE_INVALID") return EXIT.usage;
    if (this.code === "LAB_FORMAT_TOO_NEW" || this.code === "NO_LAB_STARTED") return EXIT.usage;
    return EXIT.environment;
  }
}

// A usage error (bad flag, missing argument): exit 2, printed with the command's usage.
export function usageError(message: string, hint?: string): LabsError {
  return new LabsError("USAGE", message, hint);
}

// An environment error (no engine, registry down): exit 3.
export function environmentError(code: LabsErrorCode, message: string, hint?: string, cause?: unknown): LabsError {
  return new LabsError(code, message, hint, { cause });
}
