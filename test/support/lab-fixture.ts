import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CHECKS } from "../../grader/checks/index.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import { loadLabText } from "../../runner/lab-file/load.js";

/** The repository's labs folder. */
export const LABS_DIR = resolve(import.meta.dirname, "../../labs");

// A lab of this repository by folder name (`09-mirror-preserving-digest`), loaded as `labs` loads it.
export function loadLabFixture(folder: string): LabDefinition {
  const file = resolve(LABS_DIR, folder, "lab.yaml");
  const loaded = loadLabText(file, readFileSync(file, "utf8"), CHECKS);
  if (!("lab" in loaded))
    throw new Error(`${folder} does not load: ${loaded.problems.map((p) => p.message).join("; ")}`);
  return loaded.lab;
}
