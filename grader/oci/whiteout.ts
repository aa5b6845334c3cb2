// Whiteouts (image-spec layer.md "Whiteouts"): an empty file `.wh.<name>` deletes `<name>` from lower layers;
// `.wh..wh..opq` in a directory hides every lower-layer child of that directory (opaque whiteout).

export const WHITEOUT_PREFIX = ".wh.";
export const OPAQUE_WHITEOUT = ".wh..wh..opq";

function splitPath(path: string): { dir: string; base: string } {
  const trimmed = path.replace(/\/+$/, "");
  const slash = trimmed.lastIndexOf("/");
  return { dir: slash < 0 ? "" : trimmed.slice(0, slash), base: trimmed.slice(slash + 1) };
}

// True when the entry is a whiteout of either kind.
export function isWhiteout(path: string): boolean {
  return splitPath(path).base.startsWith(WHITEOUT_PREFIX);
}

// True when the entry is an opaque whiteout.
export function isOpaqueWhiteout(path: string): boolean {
  return splitPath(path).base === OPAQUE_WHITEOUT;
}

// What a whiteout removes: `a/.wh.b` → `a/b`; an opaque `a/.wh..wh..opq` → `a` (its lower children), at the
// root → "."; undefined when the path is not a whiteout.
export function whiteoutTarget(path: string): string | undefined {
  const { dir, base } = splitPath(path);
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  if (base === OPAQUE_WHITEOUT) return dir === "" ? "." : dir;
  const name = base.slice(WHITEOUT_PREFIX.length);
  return dir === "" ? name : `${dir}/${name}`;
}
