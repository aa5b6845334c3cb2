import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

// The folder holding this package's package.json (works from sources and from dist/).
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isOurPackage(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the oci-labs package root");
    dir = parent;
  }
  cached = dir;
  return dir;
}

// The version in package.json, recorded in results so regrades are reproducible.
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

function isOurPackage(dir: string): boolean {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "oci-labs";
}
