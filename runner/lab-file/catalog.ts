import { readFile } from "node:fs/promises";
import type { LabDefinition } from "../../grader/lab/types.js";
import { digestOf } from "../../grader/oci/digest.js";
import { LabsError } from "../errors.js";
import { learnerVariant } from "../seeding/variant.js";
import type { ChoicePick } from "./choices.js";
import { readCachedLab, writeCachedLab } from "./lab-cache.js";
import { labEntry } from "./lab-entry.js";

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
