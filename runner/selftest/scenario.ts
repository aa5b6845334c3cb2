import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { gradeLab } from "../../grader/grade.js";
import type { LabDefinition, ShellSteps } from "../../grader/lab/types.js";
import { RegistryClient } from "../../grader/registry/client.js";
import type { Report } from "../../grader/report.js";
import { type LabSession, sessionValues } from "../lab-session.js";
import { seedFacts } from "../seeding/plan.js";
import { seedLab } from "../seeding/push.js";
import { prepareWorkspace } from "../workspace/prepare.js";
import { workspaceReader } from "../workspace/reader.js";
import { createLimiter } from "./limiter.js";
import { recordedAnswers } from "./recorded-answers.js";
import { runSteps, type StepsOutcome } from "./run-steps.js";
import { createSandbox, type StepSandbox } from "./sandbox.js";
import { sandboxedShell } from "./shell-runner.js";

/** A registry a self-test runs against, with what it can do (probed). */
export interface TestRegistry {
  readonly url: string;
  readonly hostPort: string;
  readonly capabilities: Readonly<Record<string, boolean>>;
}

/** One seeded namespace, optionally acted on by shell steps, then graded. */
export interface ScenarioRun {
  readonly prefix: string;
  readonly steps?: StepsOutcome;
  readonly report: Report;
}

/** Something to do right after seeding, or between the steps and grading (the reset case uses both). */
export type ScenarioHook = (session: LabSession, sandbox: StepSandbox) => Promise<void>;

/** Scenarios running at once, across every lab of a `labs test` run. */
const SCENARIOS_AT_ONCE = 6;
const scenarios = createLimiter(SCENARIOS_AT_ONCE);

// Seeds the lab into a fresh namespace and workspace, runs the steps (if any) as a learner would, and grades.
export function runScenario(
  lab: LabDefinition,
  registry: TestRegistry,
  steps?: ShellSteps,
  afterSeed?: ScenarioHook,
  afterSteps?: ScenarioHook,
): Promise<ScenarioRun> {
  return scenarios(() => runScenarioNow(lab, registry, steps, afterSeed, afterSteps));
}

async function runScenarioNow(
  lab: LabDefinition,
  registry: TestRegistry,
  steps?: ShellSteps,
  afterSeed?: ScenarioHook,
  afterSteps?: ScenarioHook,
): Promise<ScenarioRun> {
  const sandbox = await createSandbox();
  try {
    const prefix = `selftest-${randomBytes(4).toString("hex")}/lab${String(lab.number).padStart(2, "0")}`;
    const session: LabSession = {
      prefix,
      variant: "",
      workspace: join(sandbox.dir, "workspace"),
      facts: seedFacts(lab.seed),
      chosen: lab.chosen,
    };
    await seedLab(registry.url, prefix, lab.seed);
    await afterSeed?.(session, sandbox);
    await prepareWorkspace(lab, session, registry.hostPort);
    const values = sessionValues(session, registry.hostPort, lab.number);
    const outcome = steps ? await runSteps(steps, values, sandbox) : undefined;
    await afterSteps?.(session, sandbox);
    const report = await gradeLab(lab, {
      source: new RegistryClient(registry.url),
      prefix,
      seed: session.facts,
      workspace: workspaceReader(session.workspace),
      shell: sandboxedShell(),
      answers: await recordedAnswers(lab, sandbox.answersFile),
      values,
    });
    return { prefix, steps: outcome, report };
  } finally {
    await sandbox.dispose();
  }
}
