import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { exists } from "./fs-util.js";
import { type Layout, repositoryDir } from "./layout.js";

// A directory is a repository when it holds `_layers` or `_manifests`; its other children are nested names.

// True when the repository has ever received a blob or a manifest.
export async function repositoryExists(layout: Layout, name: string): Promise<boolean> {
  const dir = repositoryDir(layout, name);
  return (await exists(join(dir, "_manifests"))) || (await exists(join(dir, "_layers")));
}

// Every repository name under the root, in byte order.
export async function listRepositories(layout: Layout): Promise<string[]> {
  const names: string[] = [];
  await walk(layout.repositoriesDir, "", names);
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function walk(dir: string, prefix: string, names: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const dirs = entries.filter((entry) => entry.isDirectory());
  if (prefix !== "" && dirs.some((entry) => entry.name === "_layers" || entry.name === "_manifests")) {
    names.push(prefix);
  }
  for (const entry of dirs) {
    if (entry.name.startsWith("_")) continue;
    await walk(join(dir, entry.name), prefix === "" ? entry.name : `${prefix}/${entry.name}`, names);
  }
}
