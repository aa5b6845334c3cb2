import { OciFormatError } from "./format-error.js";

// Tar header blocks (POSIX ustar, GNU and PAX extensions), as in Go's archive/tar reader.

export const BLOCK = 512;

/** The fields of one 512-byte header block. */
export interface RawHeader {
  readonly name: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly typeflag: string;
  readonly linkname: string;
  /** ustar `prefix` (joined before `name`); "" for GNU and old v7 headers. */
  readonly prefix: string;
}

const text = new TextDecoder("utf-8");

function invalid(reason: string, offset: number): OciFormatError {
  return new OciFormatError("INVALID_TAR", reason, "", offset);
}

// True for an all-zero block (end-of-archive marker).
export function isZeroBlock(block: Uint8Array): boolean {
  return block.every((b) => b === 0);
}

function field(block: Uint8Array, start: number, length: number): Uint8Array {
  return block.subarray(start, start + length);
}

function readString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return text.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

// Octal (NUL/space padded) or GNU base-256 (high bit set) number.
function readNumber(bytes: Uint8Array, what: string, offset: number): number {
  const first = bytes[0] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw invalid(`negative ${what}`, offset);
    const value = bytes.subarray(1).reduce((acc, b) => acc * 256 + b, first & 0x7f);
    if (!Number.isSafeInteger(value)) throw invalid(`${what} is too large`, offset);
    return value;
  }
  const digits = String.fromCharCode(...bytes)
    .replace(/\0.*$/s, "")
    .trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) throw invalid(`${what} is not an octal number: ${JSON.stringify(digits)}`, offset);
  return Number.parseInt(digits, 8);
}

function checksums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return { unsigned, signed };
}

// Decodes and checksum-verifies a header block found at byte `offset` of the archive.
export function parseHeader(block: Uint8Array, offset: number): RawHeader {
  const stored = readNumber(field(block, 148, 8), "checksum", offset);
  const { unsigned, signed } = checksums(block);
  if (stored !== unsigned && stored !== signed) {
    throw invalid("header checksum mismatch: this is not a tar archive (is it still compressed?)", offset);
  }
  const magic = String.fromCharCode(...field(block, 257, 6));
  return {
    name: readString(field(block, 0, 100)),
    mode: readNumber(field(block, 100, 8), "mode", offset),
    uid: readNumber(field(block, 108, 8), "uid", offset),
    gid: readNumber(field(block, 116, 8), "gid", offset),
    size: readNumber(field(block, 124, 12), "size", offset),
    typeflag: String.fromCharCode(block[156] ?? 0),
    linkname: readString(field(block, 157, 100)),
    prefix: magic === "ustar\0" ? readString(field(block, 345, 155)) : "",
  };
}

// PAX extended header records `<length> <key>=<value>\n` → key/value map.
export function parsePaxRecords(bytes: Uint8Array, offset: number): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < bytes.byteLength && bytes[pos] !== 0) {
    const space = bytes.indexOf(0x20, pos);
    const digits = space < 0 ? "" : String.fromCharCode(...bytes.subarray(pos, Math.min(space, pos + 20)));
    const length = /^[0-9]+$/.test(digits) ? Number(digits) : Number.NaN;
    const end = pos + length;
    if (!(length > space - pos) || end > bytes.byteLength || bytes[end - 1] !== 0x0a) {
      throw invalid("malformed PAX extended header record", offset);
    }
    const record = text.decode(bytes.subarray(space + 1, end - 1));
    const eq = record.indexOf("=");
    if (eq <= 0) throw invalid("malformed PAX extended header record", offset);
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos = end;
  }
  return records;
}
