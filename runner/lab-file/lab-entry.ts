// Finds the lab folders shipped with the package (or in $LABS_DIR) by their `NN-slug` names; no lab is parsed, so
// `labs start` can refuse a lab that does not exist before anything else loads.

import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { LabsError } from "../errors.js";
import { packageRoot } from "../package-root.js";

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
