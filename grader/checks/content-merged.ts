import { isOpaqueWhiteout, isWhiteout, type TarEntry, whiteoutTarget } from "../oci/tar.js";
import type { Descriptor } from "../oci/types.js";
import { layerEntries } from "./content-layers.js";
import type { GradeContext } from "./context.js";

// Finding a path in one layer or in the merged filesystem (image-spec layer.md "Applying Changesets",
// "Whiteouts"): layers are read top first and the search stops at the first layer that has the path, deletes it
// (`.wh.<name>` of the path or a parent), hides it (`.wh..wh..opq` in a parent) or replaces a parent with a
// non-directory. Whiteouts apply only to the layers below their own. Paths are taken literally (symlinks in
// parent directories are not followed).
// https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#applying-changesets, https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#whiteouts

/** What one layer says about a path. */
export interface LayerFinding {
  readonly layer: number;
  /** The entry at the path (the last one when the tar repeats it), with content when asked for. */
  readonly entry?: TarEntry;
  /** How this layer removes the path from the layers below: a whiteout entry, an opaque whiteout or a parent. */
  readonly hiddenBy?: string;
  /** Entries with the same base name elsewhere (such as `rootfs/hello.txt` for `hello.txt`), at most 5. */
  readonly sameName: readonly string[];
  /** Other regular files of the layer, at most 5, and how many there are. */
  readonly otherFiles: readonly string[];
  readonly otherFileCount: number;
}

/** The path in the merged filesystem: where it was found, or where it was deleted and what is still below. */
export interface MergedFinding {
  readonly found?: LayerFinding & { readonly entry: TarEntry };
  /** The layer that removes the path from view. */
  readonly hidden?: LayerFinding;
  /** Lower layers that still hold the path under a deletion (read only when asked for). */
  readonly below: readonly (LayerFinding & { readonly entry: TarEntry })[];
  /** Every layer read, top first. */
  readonly scanned: readonly LayerFinding[];
}

// Scans one layer for `path`; reads the content of the path when `withContent` is true.
export async function scanLayer(
  ctx: GradeContext,
  repository: string,
  layers: readonly Descriptor[],
  layer: number,
  path: string,
  withContent = false,
): Promise<LayerFinding> {
  const descriptor = layers[layer];
  if (!descriptor) throw new Error(`layer ${layer} does not exist`);
  const base = path.slice(path.lastIndexOf("/") + 1);
  let entry: TarEntry | undefined;
  let hiddenBy: string | undefined;
  const sameName: string[] = [];
  const otherFiles: string[] = [];
  let otherFileCount = 0;
  const want = withContent ? (e: TarEntry) => e.path === path : undefined;
  for await (const e of layerEntries(ctx, repository, descriptor, want)) {
    if (e.path === path) entry = e;
    else hiddenBy ??= hides(e, path);
    if (e.path !== path && e.path.endsWith(`/${base}`) && sameName.length < 5) sameName.push(e.path);
    if (e.path !== path && e.type === "file" && !isWhiteout(e.path)) {
      otherFileCount++;
      if (otherFiles.length < 5) otherFiles.push(e.path);
    }
  }
  const found = { layer, sameName, otherFiles, otherFileCount };
  return { ...found, ...(entry ? { entry } : {}), ...(hiddenBy ? { hiddenBy } : {}) };
}

// How entry `e` removes `path` from the layers below it, or undefined.
function hides(e: TarEntry, path: string): string | undefined {
  if (isOpaqueWhiteout(e.path)) {
    const dir = whiteoutTarget(e.path) as string;
    return dir === "." || path.startsWith(`${dir}/`) ? e.path : undefined;
  }
  if (isWhiteout(e.path)) {
    const target = whiteoutTarget(e.path) as string;
    return path === target || path.startsWith(`${target}/`) ? e.path : undefined;
  }
  return e.type !== "dir" && path.startsWith(`${e.path}/`) ? e.path : undefined;
}

// Looks `path` up in the merged filesystem of `layers[0..from]`, top first; `below` lists lower copies of a
// hidden path when `scanBelow` is true.
export async function findMerged(
  ctx: GradeContext,
  repository: string,
  layers: readonly Descriptor[],
  path: string,
  options: { readonly withContent?: boolean; readonly scanBelow?: boolean; readonly from?: number } = {},
): Promise<MergedFinding> {
  const top = options.from ?? layers.length - 1;
  const scanned: LayerFinding[] = [];
  for (let i = top; i >= 0; i--) {
    const finding = await scanLayer(ctx, repository, layers, i, path, options.withContent);
    scanned.push(finding);
    if (finding.entry) return { found: finding as LayerFinding & { entry: TarEntry }, below: [], scanned };
    if (finding.hiddenBy) {
      const below = options.scanBelow ? await copiesBelow(ctx, repository, layers, path, i) : [];
      return { hidden: finding, below, scanned };
    }
  }
  return { below: [], scanned };
}

async function copiesBelow(
  ctx: GradeContext,
  repository: string,
  layers: readonly Descriptor[],
  path: string,
  layer: number,
) {
  const copies: (LayerFinding & { entry: TarEntry })[] = [];
  for (let i = layer - 1; i >= 0; i--) {
    const finding = await scanLayer(ctx, repository, layers, i, path);
    if (finding.entry) copies.push(finding as LayerFinding & { entry: TarEntry });
  }
  return copies;
}

// The content of a regular file or hard link (followed once, from the same layer down); undefined otherwise.
export async function contentOf(
  ctx: GradeContext,
  repository: string,
  layers: readonly Descriptor[],
  finding: LayerFinding & { readonly entry: TarEntry },
): Promise<Uint8Array | undefined> {
  const { entry } = finding;
  if (entry.type === "file") {
    if (entry.content) return entry.content;
    const again = await scanLayer(ctx, repository, layers, finding.layer, entry.path, true);
    return again.entry?.content;
  }
  if (entry.type !== "hardlink") return undefined;
  const target = await findMerged(ctx, repository, layers, entry.linkname, { withContent: true, from: finding.layer });
  return target.found?.entry.type === "file" ? target.found.entry.content : undefined;
}
