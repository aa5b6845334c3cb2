import { Deflate } from "pako";

/** How a layer tar is stored. zstd is absent: no well-kept pure-JS zstd compressor exists (docs/seeding.md). */
export type Compression = "gzip" | "none";

/** gzip level used unless a lab asks for another (Python's gzip default, and what the curriculum seeds). */
export const DEFAULT_GZIP_LEVEL = 9;

/** OS byte of every gzip header we write: 255 "unknown", as Python's gzip module and Go's compress/gzip write. */
export const GZIP_OS_UNKNOWN = 255;

type PakoLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

// gzip through pako 2.1.0 (zlib 1.2 deflate in pure JS): header with no name, mtime 0 and OS 255, so the bytes
// depend only on the input and the level. node:zlib is never used for writing: its zlib differs by platform.
export function gzip(bytes: Uint8Array, level: number = DEFAULT_GZIP_LEVEL): Uint8Array {
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`gzip level must be an integer from 0 to 9, got ${String(level)}`);
  }
  const deflate = new Deflate({
    level: level as PakoLevel,
    gzip: true,
    windowBits: 15,
    memLevel: 8,
    header: { os: GZIP_OS_UNKNOWN },
  });
  deflate.push(bytes, true);
  if (deflate.err) throw new Error(`gzip: pako failed: ${deflate.msg}`);
  return deflate.result;
}

// The bytes of `tar` stored with the given compression ("none" returns the input unchanged).
export function compress(tar: Uint8Array, compression: Compression, level: number = DEFAULT_GZIP_LEVEL): Uint8Array {
  if (compression === "none") return tar;
  if (compression === "gzip") return gzip(tar, level);
  throw new Error(`unsupported compression ${JSON.stringify(compression)} (use "gzip" or "none")`);
}
