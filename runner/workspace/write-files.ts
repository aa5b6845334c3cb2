import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { WorkspaceFileSpec } from "../../grader/lab/types.js";
import { fillText, type TextValues } from "../lab-file/template.js";

/** What happened to each workspace file at start. */
export interface WrittenFile {
  readonly path: string;
  readonly outcome: "written" | "unchanged" | "kept-yours";
}

// Writes a lab's workspace files (placeholders filled); a file the learner changed is kept, never overwritten.
export async function writeWorkspaceFiles(
  dir: string,
  files: readonly WorkspaceFileSpec[],
  values: TextValues,
): Promise<WrittenFile[]> {
  const results: WrittenFile[] = [];
  for (const file of files) {
    const target = join(dir, file.path);
    const content = fillText(file.content, values);
    const existing = await readFile(target, "utf8").catch(() => undefined);
    if (existing === content) {
      results.push({ path: file.path, outcome: "unchanged" });
      continue;
    }
    if (existing !== undefined) {
      results.push({ path: file.path, outcome: "kept-yours" });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, target);
    results.push({ path: file.path, outcome: "written" });
  }
  return results;
}
