import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { isSafePath } from "../../grader/bundle/format.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import { workspaceReader } from "../workspace/reader.js";

// The workspace files a lab declares (its seeded files, its layouts and every path a check reads), gathered for
// a bundle: regular files only, never through a symlink, each and all together size-capped.

/** Caps on what a bundle takes from the workspace. */
export interface WorkspaceCaps {
  readonly maxFileBytes: number;
  readonly maxFiles: number;
}

export const DEFAULT_WORKSPACE_CAPS: WorkspaceCaps = { maxFileBytes: 4 * 1024 * 1024, maxFiles: 2_000 };

// The declared paths of a lab: files or folders, relative to its workspace.
export function declaredWorkspacePaths(lab: LabDefinition): string[] {
  const paths = new Set<string>();
  for (const file of lab.seed.files) paths.add(file.path);
  for (const layout of lab.seed.layouts) paths.add(layout.path);
  for (const check of lab.tasks.flatMap((t) => t.checks)) {
    if ((check.kind === "workspace-file" || check.kind === "answer") && typeof check.path === "string")
      paths.add(check.path);
  }
  return [...paths]
    .map((p) => p.replace(/^\.\//, "").replace(/\/+$/, ""))
    .filter(isSafePath)
    .sort();
}

// Reads every regular file under the declared paths; a symlink or an oversized file is an error that says which.
export async function gatherWorkspaceFiles(
  root: string,
  paths: readonly string[],
  caps: WorkspaceCaps = DEFAULT_WORKSPACE_CAPS,
): Promise<Map<string, Uint8Array>> {
  const reader = workspaceReader(root);
  const files = new Map<string, Uint8Array>();
  const add = async (path: string): Promise<void> => {
    const info = await lstat(join(root, path)).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) throw new Error(`"${path}" is a symbolic link; a bundle takes regular files only`);
    if (info.isDirectory()) {
      for (const name of (await readdir(join(root, path))).sort()) await add(`${path}/${name}`);
      return;
    }
    if (!info.isFile()) return;
    if (files.size >= caps.maxFiles) throw new Error(`the workspace has more than ${caps.maxFiles} declared files`);
    const bytes = await reader.read(path, caps.maxFileBytes);
    if (bytes) files.set(path, bytes);
  };
  for (const path of paths) await add(path);
  return files;
}
