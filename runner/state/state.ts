import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { AnswerValue } from "../../grader/checks/inputs.js";
import type { CheckStatus } from "../../grader/report.js";
import { LabsError } from "../errors.js";
import { withFileLock } from "./lock.js";

/** The state file's schema version; a later version migrates older files forward. */
export const STATE_SCHEMA_VERSION = 1;

/** The registry a labs home uses, as recorded by `labs start`. */
export interface RegistryRecord {
  readonly kind: "docker" | "embedded" | "remote";
  readonly url: string;
  readonly hostPort: string;
  /** Container id or process id. */
  readonly id: string;
  readonly capabilities: Readonly<Record<string, boolean>>;
  readonly startedAt: string;
}

/** One `labs check` run, as recorded. */
export interface CheckRun {
  readonly at: string;
  readonly status: CheckStatus;
  readonly passed: number;
  readonly total: number;
}

/** One task's progress: its status at the last check, checks run until it first passed, and when. */
export interface TaskProgress {
  readonly status: CheckStatus;
  /** `labs check` runs that graded this task, up to and including the first pass. */
  readonly attempts: number;
  readonly passedAt?: string;
}

/** One lab's progress. */
export interface LabProgress {
  readonly startedAt: string;
  readonly prefix: string;
  /** The learner this lab was personalised for, if any. */
  readonly learner?: string;
  readonly checks: number;
  readonly lastCheck?: CheckRun;
  /** Every check run, oldest first (the last 200). */
  readonly history?: readonly CheckRun[];
  readonly passedAt?: string;
  /** When `labs solution` first showed the solution. */
  readonly solutionShownAt?: string;
  /** Hints shown with `labs hint`, per task id: when each was shown, in order. */
  readonly hints?: Readonly<Record<string, readonly string[]>>;
  /** Per task id, from the checks run so far. */
  readonly tasks?: Readonly<Record<string, TaskProgress>>;
  /** Answers given with `labs answer`, by key. */
  readonly answers?: Readonly<Record<string, AnswerValue>>;
  /** Every registry's data this lab's seed was pushed to completely; a later `labs start` there leaves the
   * learner's work be. */
  readonly seeded?: readonly SeedMark[];
}

/** A completed seed: which registry data it went into (see runner/seeding/resume.ts), under which prefix, and
 * for which variant. */
export interface SeedMark {
  readonly registry: string;
  readonly prefix: string;
  readonly variant: string;
}

/** Everything `labs` remembers between commands. */
export interface LabsState {
  readonly schemaVersion: number;
  /** The port chosen for this home, kept across restarts so addresses in the learner's files stay valid. */
  readonly port?: number;
  readonly registry?: RegistryRecord;
  readonly current?: number;
  readonly labs: Readonly<Record<string, LabProgress>>;
}

const EMPTY: LabsState = { schemaVersion: STATE_SCHEMA_VERSION, labs: {} };

// Reads the state file; a missing file is an empty state, a damaged one a clear error (never silently reset).
export async function readState(file: string): Promise<LabsState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return EMPTY;
    throw error;
  }
  try {
    const state = JSON.parse(text) as LabsState;
    if (typeof state !== "object" || state === null || typeof state.labs !== "object")
      throw new Error("not a state object");
    if (state.schemaVersion > STATE_SCHEMA_VERSION) {
      throw new LabsError(
        "STATE_INVALID",
        `${file} was written by a newer labs (schema ${state.schemaVersion}).`,
        "Update labs.",
      );
    }
    return state;
  } catch (error) {
    if (error instanceof LabsError) throw error;
    throw new LabsError(
      "STATE_INVALID",
      `${file} is not a valid labs state file (${(error as Error).message}).`,
      `Move it aside (for example \`mv ${file} ${file}.bak\`) and run \`labs start\` again; your registry data is kept.`,
    );
  }
}

// Writes the state atomically: a complete temporary file renamed over the old one.
export async function writeState(file: string, state: LabsState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

// Reads, changes and writes the state in one step, holding `<file>.lock` so that concurrent `labs` processes
// (`labs watch` next to `labs check`) never lose each other's changes.
export async function updateState(file: string, change: (state: LabsState) => LabsState): Promise<LabsState> {
  return withFileLock(`${file}.lock`, async () => {
    const next = change(await readState(file));
    await writeState(file, next);
    return next;
  });
}
