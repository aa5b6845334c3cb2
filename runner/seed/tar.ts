import { concatBytes, padTo, toBytes } from "./bytes.js";
import { BLOCK_SIZE, encodeMemberHeader, TypeFlag, type TypeFlagValue } from "./tar-header.js";

// Deterministic tar archives for layers. Byte format, field by field: docs/seeding.md, "Tar".

/** Archives are padded with zeros to a multiple of this record size (20 blocks, as GNU tar and Python write). */
export const RECORD_SIZE = 10240;

/** A regular file; a string is stored as UTF-8. Mode defaults to 0o644. */
export interface TarFile {
  readonly type: "file";
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly mode?: number;
}

/** A directory; the archive name gets a trailing "/". Mode defaults to 0o755. */
export interface TarDir {
  readonly type: "dir";
  readonly path: string;
  readonly mode?: number;
}

/** A symbolic link to `target` (stored as given). Mode defaults to 0o777. */
export interface TarSymlink {
  readonly type: "symlink";
  readonly path: string;
  readonly target: string;
  readonly mode?: number;
}

/** A hard link to the archive member `target`. Mode defaults to 0o644. */
export interface TarHardlink {
  readonly type: "hardlink";
  readonly path: string;
  readonly target: string;
  readonly mode?: number;
}

/** Deletes `path` from lower layers: written as an empty file `<dir>/.wh.<name>`. Mode defaults to 0o644. */
export interface TarWhiteout {
  readonly type: "whiteout";
  readonly path: string;
  readonly mode?: number;
}

/** Hides everything lower layers put in directory `path`: an empty file `<path>/.wh..wh..opq`. */
export interface TarOpaqueWhiteout {
  readonly type: "opaque";
  readonly path: string;
  readonly mode?: number;
}

export type TarEntry = TarFile | TarDir | TarSymlink | TarHardlink | TarWhiteout | TarOpaqueWhiteout;

export interface TarOptions {
  /** Insert a 0o755 directory entry before the first member under it, unless the list names that directory. */
  readonly addParents?: boolean;
}

/** One archive member, resolved from an entry. */
interface Member {
  readonly name: string;
  readonly mode: number;
  readonly type: TypeFlagValue;
  readonly linkname: string;
  readonly data: Uint8Array;
}

const EMPTY = new Uint8Array(0);

// The bytes of a tar archive holding `entries` in the given order, ended by two zero blocks and record padding.
export function buildTar(entries: readonly TarEntry[], options: TarOptions = {}): Uint8Array {
  const members = entries.map((entry, i) => toMember(entry, i));
  const ordered = options.addParents ? withParents(members) : members;
  const parts = ordered.flatMap((m) => [
    encodeMemberHeader({ name: m.name, mode: m.mode, size: m.data.byteLength, type: m.type, linkname: m.linkname }),
    padTo(m.data, BLOCK_SIZE),
  ]);
  return padTo(concatBytes([...parts, new Uint8Array(2 * BLOCK_SIZE)]), RECORD_SIZE);
}

const DEFAULT_MODE: Readonly<Record<TarEntry["type"], number>> = {
  file: 0o644,
  dir: 0o755,
  symlink: 0o777,
  hardlink: 0o644,
  whiteout: 0o644,
  opaque: 0o644,
};

function toMember(entry: TarEntry, index: number): Member {
  const where = `tar entry ${index} (${JSON.stringify(entry.path)})`;
  const shape = memberShape(entry, checkPath(entry.path, where), where);
  const mode = entry.mode ?? DEFAULT_MODE[entry.type];
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new RangeError(`${where}: mode must be an integer from 0 to 0o7777, got ${String(entry.mode)}`);
  }
  return { ...shape, mode };
}

function memberShape(entry: TarEntry, path: string, where: string): Omit<Member, "mode"> {
  switch (entry.type) {
    case "file":
      return { name: notDir(path, where), type: TypeFlag.file, linkname: "", data: fileContent(entry.content, where) };
    case "dir":
      return { name: path.endsWith("/") ? path : `${path}/`, type: TypeFlag.dir, linkname: "", data: EMPTY };
    case "symlink":
      return {
        name: notDir(path, where),
        type: TypeFlag.symlink,
        linkname: checkTarget(entry.target, where),
        data: EMPTY,
      };
    case "hardlink": {
      const target = notDir(checkPath(entry.target, `${where} target`), `${where} target`);
      return { name: notDir(path, where), type: TypeFlag.hardlink, linkname: target, data: EMPTY };
    }
    case "whiteout":
      return { name: whiteoutName(path), type: TypeFlag.file, linkname: "", data: EMPTY };
    case "opaque":
      return { name: `${path.replace(/\/$/, "")}/.wh..wh..opq`, type: TypeFlag.file, linkname: "", data: EMPTY };
    default:
      throw new TypeError(`${where}: unknown type ${JSON.stringify((entry as { type: unknown }).type)}`);
  }
}

function fileContent(content: unknown, where: string): Uint8Array {
  if (typeof content === "string" || content instanceof Uint8Array) return toBytes(content);
  throw new TypeError(`${where}: content must be a string or a Uint8Array`);
}

// A relative path of non-empty segments, none "." or ".."; one trailing "/" is allowed (directories).
function checkPath(path: unknown, where: string): string {
  if (typeof path !== "string" || path === "" || path === "/")
    throw new Error(`${where}: path must be a non-empty string`);
  if (path.startsWith("/")) throw new Error(`${where}: path must be relative (layer members have no leading "/")`);
  if (/[\u0000]|\p{Surrogate}/u.test(path)) throw new Error(`${where}: path contains NUL or a lone surrogate`);
  const segments = path.replace(/\/$/, "").split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(`${where}: path segments must not be empty, "." or ".."`);
  }
  return path;
}

function checkTarget(target: unknown, where: string): string {
  if (typeof target !== "string" || target === "") throw new Error(`${where}: link target must be a non-empty string`);
  if (/[\u0000]|\p{Surrogate}/u.test(target)) throw new Error(`${where}: link target contains NUL or a lone surrogate`);
  return target;
}

function notDir(path: string, where: string): string {
  if (path.endsWith("/")) throw new Error(`${where}: only a directory path may end with "/"`);
  return path;
}

// `a/b/name` (or `a/b/name/`) → `a/b/.wh.name`.
function whiteoutName(path: string): string {
  const trimmed = path.replace(/\/$/, "");
  const slash = trimmed.lastIndexOf("/");
  return `${trimmed.slice(0, slash + 1)}.wh.${trimmed.slice(slash + 1)}`;
}

// Members with 0o755 directories inserted for missing ancestors, each before the first member that needs it.
function withParents(members: readonly Member[]): Member[] {
  const listed = new Set(members.filter((m) => m.type === TypeFlag.dir).map((m) => m.name));
  const out: Member[] = [];
  for (const m of members) {
    for (const dir of ancestors(m.name)) {
      if (listed.has(dir)) continue;
      listed.add(dir);
      out.push({ name: dir, mode: 0o755, type: TypeFlag.dir, linkname: "", data: EMPTY });
    }
    out.push(m);
  }
  return out;
}

// `a/b/c` → [`a/`, `a/b/`].
function ancestors(name: string): string[] {
  const segments = name.replace(/\/$/, "").split("/");
  return segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join("/")}/`);
}
