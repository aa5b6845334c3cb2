import { randomBytes } from "node:crypto";
import { gradeLab } from "../../grader/grade.js";
import type { LabDefinition, ShellSteps } from "../../grader/lab/types.js";
import type { Report } from "../../grader/report.js";
import { RegistryClient } from "../../grader/registry/client.js";
import { seedFacts } from "../seeding/plan.js";
import { seedLab } from "../seeding/push.js";
import { runSteps, type StepsOutcome } from "./run-steps.js";
import { createSandbox } from "./sandbox.js";

/** A registry a self-test runs against. */
export interface TestRegistry {
  readonly url: string;
  readonly hostPort: string;
}

/** One seeded namespace, optionally acted on by shell steps, then graded. */
export interface ScenarioRun {
  readonly prefix: string;
  readonly steps?: StepsOutcome;
  readonly report: Report;
}

// Seeds the lab into a fresh namespace, runs the steps (if any) as a learner would, and grades the result.
export async function runScenario(lab: LabDefinition, registry: TestRegistry, steps?: ShellSteps): Promise<ScenarioRun> {
  const prefix = `selftest-${randomBytes(4).toString("hex")}/lab${String(lab.number).padStart(2, "0")}`;
  await seedLab(registry.url, prefix, lab.seed);
  let outcome: StepsOutcome | undefined;
  if (steps) {
    const sandbox = await createSandbox();
    try {
      outcome = await runSteps(steps, stepValues(lab, registry, prefix), sandbox);
    } finally {
      await sandbox.dispose();
    }
  }
  const report = await gradeLab(lab, { source: new RegistryClient(registry.url), prefix, seed: seedFacts(lab.seed) });
  return { prefix, steps: outcome, report };
}

// The environment shell steps see: the registry, the lab prefix, and each seeded object's digest.
export function stepValues(lab: LabDefinition, registry: TestRegistry, prefix: string): Record<string, string> {
  const values: Record<string, string> = { REGISTRY: registry.hostPort, PREFIX: prefix, LAB: String(lab.number) };
  for (const [name, fact] of seedFacts(lab.seed)) values[`SEED_${name.toUpperCase()}_DIGEST`] = fact.digest;
  return values;
}
