import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabDefinition } from "../../grader/lab/types.js";
import { digestOf } from "../../grader/oci/digest.js";
import { LabsError } from "../errors.js";
import { packageRoot } from "../package-root.js";
import { learnerVariant } from "../seeding/variant.js";
import type { ChoicePick } from "./choices.js";
import { readCachedLab, writeCachedLab } from "./lab-cache.js";

/** A lab folder found under labs/: its number (from the `NN-slug` folder name) and file. */
export interface LabEntry {
  readonly number: number;
  readonly dir: string;
  readonly file: string;
}

// The labs shipped with this package (or in $LABS_DIR), ordered by number.
export async function listLabFiles(env: NodeJS.ProcessEnv = process.env): Promise<LabEntry[]> {
  const root = env.LABS_DIR ?? join(packageRoot(), "labs");
  const names = await readdir(root).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, match: /^(\d{2})-[a-z0-9-]+$/.exec(name) }))
    .filter((e) => e.match)
    .map((e) => ({ number: Number(e.match![1]), dir: join(root, e.name), file: join(root, e.name, "lab.yaml") }))
    .sort((a, b) => a.number - b.number);
}

// Lab N's folder and file; LAB_NOT_FOUND, naming the labs there are, when there is none.
export async function labEntry(number: number, env: NodeJS.ProcessEnv = process.env): Promise<LabEntry> {
  const entries = await listLabFiles(env);
  const entry = entries.find((e) => e.number === number);
  if (entry) return entry;
  const known = entries.map((e) => e.number).join(", ") || "none";
  throw new LabsError("LAB_NOT_FOUND", `There is no lab ${number}.`, `Labs available: ${known}. Run \`labs list\`.`);
}

/** How to load a lab: whose choices (a learner's, from the course key in the environment, or a test's index). */
export interface LoadOptions {
  readonly learner?: string;
  readonly pick?: ChoicePick;
  /** Read and write the labs home's cache (default true; `labs test` and `labs validate` read the file). */
  readonly cache?: boolean;
}

// Loads lab N with its choices picked for a learner (the shared values without one), from the labs home's cache
// when this exact file was loaded before; throws a LabsError listing every problem in its file.
export async function loadLab(
  number: number,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): Promise<LabDefinition> {
  const cache = options.cache ?? true;
  const pick = options.pick ?? { variant: learnerVariant(number, options.learner, env.LABS_COURSE_KEY ?? "") };
  const entry = await labEntry(number, env);
  const cached = cache ? await readCachedLab(entry.file, pick, env) : undefined;
  if (cached) return cached.lab;
  // The YAML loader loads only on a miss, so a repeated `labs check` never pays for it.
  const [{ loadLabFile }, { formatProblem }] = await Promise.all([import("./load.js"), import("./problem.js")]);
  const result = await loadLabFile(entry.file, pick);
  if (cache && "lab" in result) await writeCachedLab(entry.file, pick, result.lab, env);
  if ("problems" in result) {
    throw new LabsError(
      "LAB_FILE_INVALID",
      `${entry.file} has ${result.problems.length} problem(s):\n${result.problems.map(formatProblem).join("\n")}`,
      "Fix the lab file (or run `labs validate` on it).",
    );
  }
  return result.lab;
}

// The version of lab N as graded: the sha256 of its lab.yaml bytes (a regrade with another version says so).
export async function labVersion(number: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const entry = await labEntry(number, env);
  return digestOf(await readFile(entry.file));
}
