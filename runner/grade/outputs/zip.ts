import { deflateRawSync } from "node:zlib";
import { crc32 } from "./crc32.js";

// A small ZIP writer (APPNOTE 6.3: local headers, central directory, end record; no ZIP64, no encryption).
// Entries are deflated when that makes them smaller, else stored. Times are fixed, so equal input gives
// equal bytes.

/** One file in the archive; `mode` is its Unix permission bits (0o644 when absent). */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  readonly mode?: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAMES = 0x0800;
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const MAX_32 = 0xffffffff;

// The archive's bytes; throws on a name that could escape the extraction folder, a duplicate, or ZIP64 sizes.
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > 0xffff) throw new Error(`zip: ${entries.length} entries need ZIP64, which is not written`);
  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    assertName(entry.name, seen);
    const name = Buffer.from(entry.name, "utf8");
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    if (entry.data.length > MAX_32 || offset > MAX_32) throw new Error(`zip: "${entry.name}" needs ZIP64`);
    const fields = { name, method: stored ? 0 : 8, crc: crc32(entry.data), size: entry.data.length, body };
    const local = localHeader(fields);
    locals.push(local, body);
    centrals.push(centralHeader(fields, entry.mode ?? 0o644, offset));
    offset += local.length + body.length;
  }
  if (offset > MAX_32) throw new Error("zip: the archive needs ZIP64");
  const directory = Buffer.concat(centrals);
  return new Uint8Array(Buffer.concat([...locals, directory, endRecord(entries.length, directory.length, offset)]));
}

interface Fields {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly body: Buffer;
}

function localHeader(f: Fields): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL, 0);
  writeCommon(h, 4, f);
  return Buffer.concat([h, f.name]);
}

function centralHeader(f: Fields, mode: number, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CENTRAL, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0, so `mode` below is read as permissions
  writeCommon(h, 6, f);
  h.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, f.name]);
}

// The fields local and central headers share: version needed .. extra length.
function writeCommon(h: Buffer, at: number, f: Fields): void {
  h.writeUInt16LE(20, at);
  h.writeUInt16LE(UTF8_NAMES, at + 2);
  h.writeUInt16LE(f.method, at + 4);
  h.writeUInt16LE(0, at + 6);
  h.writeUInt16LE(DOS_DATE_1980_01_01, at + 8);
  h.writeUInt32LE(f.crc, at + 10);
  h.writeUInt32LE(f.body.length, at + 14);
  h.writeUInt32LE(f.size, at + 18);
  h.writeUInt16LE(f.name.length, at + 22);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(END, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

function assertName(name: string, seen: Set<string>): void {
  const parts = name.split("/");
  if (name === "" || name.startsWith("/") || name.includes("\\") || parts.some((p) => p === ".." || p === ""))
    throw new Error(`zip: entry name "${name}" is not a relative path`);
  if (seen.has(name)) throw new Error(`zip: duplicate entry "${name}"`);
  seen.add(name);
}
