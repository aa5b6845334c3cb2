import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

// Checks a registry root on disk: every visible object is whole and consistent. Used after kill -9 and
// concurrent pushes. Returns a list of problems (empty when the store is consistent).

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

async function checkBlobs(root: string, problems: string[]): Promise<Set<string>> {
  const present = new Set<string>();
  for (const file of await filesUnder(join(root, "blobs"))) {
    const [algorithm, prefix, hex] = relative(join(root, "blobs"), file).split(sep);
    const actual = createHash(algorithm ?? "sha256")
      .update(await readFile(file))
      .digest("hex");
    if (actual !== hex || hex?.slice(0, 2) !== prefix) problems.push(`blob ${file} holds content hashing to ${actual}`);
    present.add(`${algorithm}:${hex}`);
  }
  return present;
}

function parts(root: string, file: string): { repo: string; rest: string[] } {
  const segments = relative(join(root, "repositories"), file).split(sep);
  const marker = segments.findIndex((s) => s.startsWith("_"));
  return { repo: segments.slice(0, marker).join("/"), rest: segments.slice(marker) };
}

async function checkRepositories(root: string, blobs: Set<string>, problems: string[]): Promise<void> {
  const files = await filesUnder(join(root, "repositories"));
  const revisions = new Set<string>();
  for (const file of files) {
    const { repo, rest } = parts(root, file);
    if (rest[0] === "_manifests" && rest[1] === "revisions") {
      const digest = `${rest[2]}:${rest[3]}`;
      revisions.add(`${repo}@${digest}`);
      const record = JSON.parse(await readFile(file, "utf8")) as { contentType?: unknown };
      if (typeof record.contentType !== "string") problems.push(`revision ${file} has no contentType`);
      if (!blobs.has(digest)) problems.push(`revision ${repo}@${digest} has no bytes`);
    }
    if (rest[0] === "_layers") {
      const digest = `${rest[1]}:${rest[2]}`;
      if ((await readFile(file, "utf8")) !== digest) problems.push(`link ${file} does not hold its digest`);
      if (!blobs.has(digest)) problems.push(`link ${repo}@${digest} points at a missing blob`);
    }
  }
  for (const file of files) {
    const { repo, rest } = parts(root, file);
    if (rest[0] !== "_manifests" || rest[1] !== "tags") continue;
    const digest = await readFile(file, "utf8");
    if (!revisions.has(`${repo}@${digest}`))
      problems.push(`tag ${repo}:${rest[2]} points at missing manifest ${digest}`);
  }
}

// Problems in a root. With `stopped`, leftovers of a running server (temporary files, uploads) count too.
export async function storeProblems(root: string, options: { stopped?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  const blobs = await checkBlobs(root, problems);
  await checkRepositories(root, blobs, problems);
  if (options.stopped) {
    for (const dir of ["_tmp", "_uploads"]) {
      const left = await filesUnder(join(root, dir));
      if (left.length > 0) problems.push(`${dir} still holds ${left.length} file(s)`);
    }
  }
  return problems;
}

// Number of files in a directory of the root (0 when it does not exist).
export async function fileCount(root: string, dir: string): Promise<number> {
  return (await filesUnder(join(root, dir))).length;
}

// Size of a file, or undefined.
export async function fileSize(path: string): Promise<number | undefined> {
  return (await stat(path).catch(() => undefined))?.size;
}
