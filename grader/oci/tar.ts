import { type ByteReader, createByteReader } from "./byte-reader.js";
import { OciFormatError } from "./format-error.js";
import { LimitExceededError } from "./limits.js";
import { BLOCK, isZeroBlock, parseHeader, parsePaxRecords, type RawHeader } from "./tar-header.js";

export { isOpaqueWhiteout, isWhiteout, whiteoutTarget } from "./whiteout.js";

// A streaming tar reader for layer blobs (image-spec layer.md): ustar, GNU long names (`L`, `K`) and PAX
// headers (`x`, `g`). It only reads: nothing is written to disk, entry content is held only when asked for
// and bounded, and any entry whose path (or hard-link target) has a `..` component is refused.

export type TarEntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

/** One archive member. `path` is normalised: no leading `/` or `./`, no trailing `/`; the root is ".". */
export interface TarEntry {
  readonly path: string;
  readonly type: TarEntryType;
  readonly mode: number;
  readonly size: number;
  /** Symlink target as written, or the normalised hard-link target; "" for other types. */
  readonly linkname: string;
  readonly uid: number;
  readonly gid: number;
  readonly content?: Uint8Array;
}

/** Bounds and content selection of readTarEntries. */
export interface TarReadOptions {
  readonly maxEntries: number;
  /** Largest content (or PAX / long-name header) held in memory. */
  readonly maxEntryBytes: number;
  /** Called for each entry; its content is read when this returns true (regular files only). */
  readonly wantContent?: (entry: TarEntry) => boolean;
}

interface ReadState {
  readonly reader: ByteReader;
  readonly options: TarReadOptions;
  offset: number;
  readonly global: Map<string, string>;
}

/** Extension headers collected for the next real entry. */
interface Extensions {
  pax: Map<string, string>;
  longName?: string;
  longLink?: string;
}

// Yields the entries of an (uncompressed) tar stream; throws OciFormatError (INVALID_TAR, UNSAFE_PATH) or
// LimitExceededError (maxTarEntries, maxTarEntryBytes).
export async function* readTarEntries(
  chunks: AsyncIterable<Uint8Array>,
  options: TarReadOptions,
): AsyncGenerator<TarEntry> {
  const state: ReadState = { reader: createByteReader(chunks), options, offset: 0, global: new Map() };
  let count = 0;
  try {
    for (;;) {
      const found = await nextEntryHeader(state);
      if (!found) return;
      count++;
      if (count > options.maxEntries) throw new LimitExceededError("maxTarEntries", count, options.maxEntries, "tar");
      const entry = toEntry(found.header, found.extensions, found.offset);
      const content =
        options.wantContent?.(entry) && entry.type === "file" ? await readContent(state, entry) : undefined;
      if (content === undefined) await skipData(state, entry.size);
      yield content === undefined ? entry : { ...entry, content };
    }
  } finally {
    await state.reader.close();
  }
}

// Reads headers until a real entry's header, applying extension headers; undefined at the end of the archive.
async function nextEntryHeader(
  state: ReadState,
): Promise<{ header: RawHeader; extensions: Extensions; offset: number } | undefined> {
  const extensions: Extensions = { pax: new Map(state.global) };
  for (;;) {
    const offset = state.offset;
    const block = await state.reader.read(BLOCK);
    state.offset += block.byteLength;
    if (block.byteLength === 0 || isZeroBlock(block)) return undefined;
    if (block.byteLength < BLOCK) throw truncated(offset);
    const header = parseHeader(block, offset);
    if (!(await applyExtension(state, header, extensions, offset))) return { header, extensions, offset };
  }
}

// Consumes an extension header (L, K, x, g) into `extensions`; false for a real entry.
async function applyExtension(state: ReadState, header: RawHeader, ext: Extensions, offset: number): Promise<boolean> {
  const kind = header.typeflag;
  if (kind !== "L" && kind !== "K" && kind !== "x" && kind !== "g") return false;
  const data = await readBoundedData(state, header.size, `extension header at byte ${offset}`);
  if (kind === "L") ext.longName = cString(data);
  if (kind === "K") ext.longLink = cString(data);
  if (kind === "x") for (const [k, v] of parsePaxRecords(data, offset)) ext.pax.set(k, v);
  if (kind === "g") {
    for (const [k, v] of parsePaxRecords(data, offset)) {
      state.global.set(k, v);
      ext.pax.set(k, v);
    }
  }
  return true;
}

// The text before the first NUL byte (GNU long names are NUL-terminated).
function cString(data: Uint8Array): string {
  const end = data.indexOf(0);
  return new TextDecoder().decode(end < 0 ? data : data.subarray(0, end));
}

const HEADER_ONLY = new Set(["1", "2", "3", "4", "5", "6"]);

function entryType(typeflag: string, name: string): TarEntryType {
  if (typeflag === "0" || typeflag === "7") return "file";
  if (typeflag === "\0") return name.endsWith("/") ? "dir" : "file";
  if (typeflag === "1") return "hardlink";
  if (typeflag === "2") return "symlink";
  if (typeflag === "5") return "dir";
  return "other";
}

function toEntry(header: RawHeader, ext: Extensions, offset: number): TarEntry {
  const pax = (key: string) => (ext.pax.get(key) === "" ? undefined : ext.pax.get(key));
  const rawPath =
    pax("path") ?? ext.longName ?? (header.prefix === "" ? header.name : `${header.prefix}/${header.name}`);
  const type = entryType(header.typeflag, rawPath);
  const rawLink = pax("linkpath") ?? ext.longLink ?? header.linkname;
  return {
    path: normalizeTarPath(rawPath, offset),
    type,
    mode: header.mode & 0o7777,
    size: HEADER_ONLY.has(header.typeflag) ? 0 : paxNumber(pax("size"), header.size, offset),
    linkname: type === "hardlink" ? normalizeTarPath(rawLink, offset) : type === "symlink" ? rawLink : "",
    uid: paxNumber(pax("uid"), header.uid, offset),
    gid: paxNumber(pax("gid"), header.gid, offset),
  };
}

function paxNumber(value: string | undefined, fallback: number, offset: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new OciFormatError("INVALID_TAR", `PAX number ${JSON.stringify(value.slice(0, 40))} is invalid`, "", offset);
  }
  return Number(value);
}

// Strips `/` and `./`, drops empty and `.` components; refuses `..` anywhere (it could climb out of the root).
export function normalizeTarPath(raw: string, offset?: number): string {
  const parts = raw.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) {
    throw new OciFormatError("UNSAFE_PATH", "has a `..` component, which could escape the image root", raw, offset);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function truncated(offset: number): OciFormatError {
  return new OciFormatError("INVALID_TAR", "the archive is truncated", "", offset);
}

async function readBoundedData(state: ReadState, size: number, context: string): Promise<Uint8Array> {
  const { maxEntryBytes } = state.options;
  if (size > maxEntryBytes) throw new LimitExceededError("maxTarEntryBytes", size, maxEntryBytes, context);
  const data = await state.reader.read(size);
  if (data.byteLength < size) throw truncated(state.offset + data.byteLength);
  state.offset += size;
  await skipData(state, 0, padding(size));
  return Uint8Array.from(data);
}

function readContent(state: ReadState, entry: TarEntry): Promise<Uint8Array> {
  return readBoundedData(state, entry.size, `tar entry ${JSON.stringify(entry.path)}`);
}

async function skipData(state: ReadState, size: number, extra = padding(size)): Promise<void> {
  const want = size + extra;
  const skipped = await state.reader.skip(want);
  state.offset += skipped;
  if (skipped < want) throw truncated(state.offset);
}
