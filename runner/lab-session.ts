import { join } from "node:path";
import type { SeedFact } from "../grader/checks/context.js";
import { type LabDefinition, labPrefix } from "../grader/lab/types.js";
import type { LabsHome } from "./home.js";
import { loadLab } from "./lab-file/catalog.js";
import { choiceVariable } from "./lab-file/choices.js";
import { cachedSeedFacts } from "./seeding/facts-cache.js";
import { learnerVariant } from "./seeding/variant.js";
import type { LabsState } from "./state/state.js";

/** Where one learner's run of one lab lives, and what its seed is: the same inputs for seeding and grading. */
export interface LabSession {
  readonly prefix: string;
  readonly learner?: string;
  readonly variant: string;
  readonly workspace: string;
  readonly facts: ReadonlyMap<string, SeedFact>;
  /** The learner's value of each of the lab's choices. */
  readonly chosen: Readonly<Record<string, string>>;
}

// The session of lab N: prefix, personal variant (from learner and course key, never from a learner's claim of
// a seed), workspace folder and the seeded facts the grader expects.
export async function labSession(
  lab: LabDefinition,
  home: LabsHome,
  learner: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<LabSession> {
  const variant = learnerVariant(lab.number, learner, env.LABS_COURSE_KEY ?? "");
  const prefix = labPrefix(lab.number, learner);
  const facts = await cachedSeedFacts(lab.seed, variant, join(home.root, "cache"));
  return { prefix, learner, variant, workspace: join(home.workspaceDir, prefix), facts, chosen: lab.chosen };
}

// The session recorded for lab N in the state (as `labs start` made it).
export function recordedSession(
  lab: LabDefinition,
  home: LabsHome,
  state: LabsState,
  env: NodeJS.ProcessEnv,
): Promise<LabSession> {
  return labSession(lab, home, state.labs[String(lab.number)]?.learner, env);
}

// Lab N with the choices of the learner who started it (the shared values when nobody did).
export function loadRecordedLab(number: number, state: LabsState, env: NodeJS.ProcessEnv): Promise<LabDefinition> {
  return loadLab(number, env, { learner: state.labs[String(number)]?.learner });
}

// Values for shell steps and shell checks: registry, prefix, workspace, each seeded object's digest and each
// choice's value.
export function sessionValues(session: LabSession, hostPort: string, labNumber: number): Record<string, string> {
  const values: Record<string, string> = {
    REGISTRY: hostPort,
    PREFIX: session.prefix,
    LAB: String(labNumber),
    WORKSPACE: session.workspace,
  };
  for (const [name, fact] of session.facts) values[`SEED_${name.toUpperCase()}_DIGEST`] = fact.digest;
  for (const [name, value] of Object.entries(session.chosen)) values[choiceVariable(name)] = value;
  return values;
}
