// Errors an object source other than the HTTP client throws (a bundle, an OCI layout), shaped as the walk and
// the checks read a registry's: a 404 is "not found", a content mismatch names the field and both values.

/** Not in this source: treated as a 404. */
export class ObjectNotFoundError extends Error {
  readonly status = 404;
  isNotFound(): boolean {
    return true;
  }
}

/** Content whose digest or size is not what names it. */
export class ContentMismatchError extends Error {
  readonly code = "CONTENT_MISMATCH";
  constructor(
    readonly field: "digest" | "size",
    readonly expected: string | number,
    readonly actual: string | number,
    what: string,
  ) {
    super(`${what} ${field} is ${actual}, expected ${expected}`);
  }
}
