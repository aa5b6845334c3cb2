import { RegistryError } from "./errors.js";

// Byte ranges: the upload Content-Range (`<start>-<end>`, inclusive, no unit, distribution-spec "Pushing a blob
// in chunks") and the RFC 9110 Range header on blob GET.

/** An inclusive byte range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const UPLOAD_RANGE = /^([0-9]{1,15})-([0-9]{1,15})$/;

// The Content-Range of a chunk, or BLOB_UPLOAD_INVALID when it does not read `<start>-<end>` with start ≤ end.
export function parseUploadContentRange(header: string): ByteRange {
  const match = UPLOAD_RANGE.exec(header.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || start > end) {
    throw new RegistryError("BLOB_UPLOAD_INVALID", `invalid Content-Range ${JSON.stringify(header.slice(0, 100))}`, {
      detail: { expected: "<start>-<end>, inclusive, for example 0-1023" },
    });
  }
  return { start, end };
}

// The `Range` header value reporting what an upload holds: `0-<last byte>` (`0-0` while empty, as distribution does).
export function formatUploadRange(received: number): string {
  return `0-${Math.max(received - 1, 0)}`;
}

const BYTES_RANGE = /^bytes=([0-9]*)-([0-9]*)$/;

/**
 * The single range a blob GET asks for: a range, "unsatisfiable" (416), or undefined to serve everything
 * (no header, several ranges or a syntax the server may ignore, RFC 9110 §14.2).
 */
export function parseRangeHeader(header: string | undefined, size: number): ByteRange | "unsatisfiable" | undefined {
  if (header === undefined) return undefined;
  const match = BYTES_RANGE.exec(header.trim());
  if (!match) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
