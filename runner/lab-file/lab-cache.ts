import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LabDefinition } from "../../grader/lab/types.js";
import { labsHome } from "../home.js";
import { packageVersion } from "../package-root.js";
import type { ChoicePick } from "./choices.js";

// Loaded lab definitions cached in the labs home, keyed by the lab file's bytes and this tool's version, so
// commands a learner repeats (`check`, `watch`, `hint`) skip parsing and validating YAML. Anything unreadable is
// simply loaded again; `labs validate` and `labs test` always read the file itself.

/** When this build of `labs` was made: a rebuilt loader never reads what an older one cached. */
const BUILD = String(statSync(fileURLToPath(import.meta.url)).mtimeMs);

async function cacheFile(
  labFile: string,
  pick: ChoicePick,
  env: NodeJS.ProcessEnv,
): Promise<{ file: string; source: Buffer }> {
  const source = await readFile(labFile);
  const key = createHash("sha256")
    .update(`${packageVersion()}\0${BUILD}\0${JSON.stringify(pick)}\0`)
    .update(source)
    .digest("hex")
    .slice(0, 32);
  return { file: join(labsHome(env).root, "cache", `lab-${key}.json`), source };
}

// The cached definition of `labFile` with `pick`'s choices, when this exact file was loaded so before.
export async function readCachedLab(
  labFile: string,
  pick: ChoicePick,
  env: NodeJS.ProcessEnv,
): Promise<{ lab: LabDefinition } | undefined> {
  try {
    const { file } = await cacheFile(labFile, pick, env);
    const lab = JSON.parse(await readFile(file, "utf8")) as LabDefinition;
    return lab.file === labFile ? { lab } : undefined;
  } catch {
    return undefined;
  }
}

// Caches a definition that loaded without problems (a read-only home only loses the cache).
export async function writeCachedLab(
  labFile: string,
  pick: ChoicePick,
  lab: LabDefinition,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  try {
    const { file } = await cacheFile(labFile, pick, env);
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(lab));
    await rename(`${file}.${process.pid}.tmp`, file);
  } catch {
    // Without a cache every command loads the file again.
  }
}
