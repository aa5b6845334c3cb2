import { concatBytes, padTo, toBytes } from "./bytes.js";

// ustar header blocks in the byte layout of Python's tarfile with format=PAX_FORMAT (docs/seeding.md, "Tar").

/** Size of a tar block. */
export const BLOCK_SIZE = 512;

/** Type flags the builder writes. */
export const TypeFlag = { file: "0", hardlink: "1", symlink: "2", dir: "5", pax: "x" } as const;
export type TypeFlagValue = (typeof TypeFlag)[keyof typeof TypeFlag];

/** The header fields that vary; uid, gid and mtime are always 0, uname, gname and device numbers empty. */
export interface HeaderFields {
  readonly name: string;
  readonly mode: number;
  readonly size: number;
  readonly type: TypeFlagValue;
  readonly linkname: string;
}

const NAME_FIELD = 100;

// Header block(s) for one member: a PAX `x` header first when a name or link name is non-ASCII or over 100 bytes.
export function encodeMemberHeader(fields: HeaderFields): Uint8Array {
  const records: [string, string][] = [];
  if (needsPax(fields.name)) records.push(["path", fields.name]);
  if (needsPax(fields.linkname)) records.push(["linkpath", fields.linkname]);
  const header = encodeHeader(fields);
  return records.length === 0 ? header : concatBytes([encodePaxHeader(records), header]);
}

function needsPax(value: string): boolean {
  return value.length > NAME_FIELD || /[^\x00-\x7f]/.test(value);
}

// A PAX extended header named `././@PaxHeader` (as star and Python name it) followed by its padded records.
function encodePaxHeader(records: readonly [string, string][]): Uint8Array {
  const body = concatBytes(records.map(([keyword, value]) => paxRecord(keyword, value)));
  const header = encodeHeader({
    name: "././@PaxHeader",
    mode: 0,
    size: body.byteLength,
    type: TypeFlag.pax,
    linkname: "",
  });
  return concatBytes([header, padTo(body, BLOCK_SIZE)]);
}

// `<length> <keyword>=<value>\n`, where the decimal length counts the whole record including its own digits.
function paxRecord(keyword: string, value: string): Uint8Array {
  const rest = toBytes(` ${keyword}=${value}\n`);
  let length = rest.byteLength;
  while (String(length).length + rest.byteLength !== length) length = String(length).length + rest.byteLength;
  return concatBytes([toBytes(String(length)), rest]);
}

// One 512-byte ustar header block (magic "ustar\0", version "00").
function encodeHeader(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  writeText(block, 0, NAME_FIELD, asciiField(fields.name));
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, 0); // mtime
  block.fill(0x20, 148, 156); // checksum is computed over eight spaces
  writeText(block, 156, 1, fields.type);
  writeText(block, 157, NAME_FIELD, asciiField(fields.linkname));
  writeText(block, 257, 8, "ustar\u000000");
  // uname (265), gname (297), devmajor (329), devminor (337) and prefix (345) stay NUL
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  writeText(block, 148, 7, `${checksum.toString(8).padStart(6, "0")}\u0000`); // byte 155 keeps its space
  return block;
}

// The ASCII form of a name as Python writes it in the ustar field: each non-ASCII character becomes "?".
function asciiField(value: string): string {
  return Array.from(value, (ch) => (ch.charCodeAt(0) < 0x80 ? ch : "?")).join("");
}

// Writes `text` (ASCII) at `offset`, cut to `length` bytes; the rest of the field stays NUL.
function writeText(block: Uint8Array, offset: number, length: number, text: string): void {
  for (let i = 0; i < Math.min(length, text.length); i++) block[offset + i] = text.charCodeAt(i);
}

// Zero-padded octal digits followed by one NUL, filling a field of `length` bytes.
function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, "0");
  if (digits.length > length - 1) throw new RangeError(`tar header value ${value} does not fit in ${length} bytes`);
  writeText(block, offset, length, `${digits}\u0000`);
}
