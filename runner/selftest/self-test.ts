import { rm } from "node:fs/promises";
import type { LabDefinition, ShellSteps, WrongAttemptSpec } from "../../grader/lab/types.js";
import { RegistryClient } from "../../grader/registry/client.js";
import type { CheckResult, Report } from "../../grader/report.js";
import { type Inventory, inventoryDifferences, readInventory } from "../reset/inventory.js";
import { labRepositories } from "../reset/repositories.js";
import { resetLab } from "../reset/reset-lab.js";
import { resetWorkspace } from "../reset/reset-workspace.js";
import { assertTools } from "./run-steps.js";
import { runScenario, type TestRegistry } from "./scenario.js";

/** The verdict on one self-test case of a lab; `n/a` where the registry lacks a capability the case requires. */
export interface CaseResult {
  readonly lab: number;
  readonly name: string;
  readonly status: "pass" | "fail" | "n/a";
  /** Why it failed or does not apply, in a sentence; empty when it passed. */
  readonly detail: string;
  readonly durationMs: number;
}

// Proves a lab: every scored task fails at start, the solution passes, each wrong attempt fails as declared.
export async function selfTestLab(lab: LabDefinition, registry: TestRegistry): Promise<CaseResult[]> {
  const solution = lab.solution;
  if (!solution) throw new Error(`lab ${lab.number} is a learner edition: it has no solution to test`);
  await assertTools({
    run: "",
    tools: [...new Set([...solution.tools, ...lab.wrongAttempts.flatMap((w) => w.tools)])],
  });
  const cases: Promise<CaseResult>[] = [
    timed(lab, "fails at start", async () => failsAtStart((await runScenario(lab, registry)).report)),
    timed(lab, "solution passes", async () => {
      const run = await runScenario(lab, registry, solution);
      if (run.steps?.exitCode !== 0)
        return `the solution's commands failed (exit ${run.steps?.exitCode}):\n${run.steps?.output}`;
      return run.report.status === "pass" ? "" : `the solution does not pass:\n${failures(run.report)}`;
    }),
    timed(lab, "reset restores the seeded inventory", () => resetRestores(lab, solution, registry)),
    ...lab.wrongAttempts.map((wrong) => {
      const missing = wrong.requires.filter((need) => registry.capabilities[need] !== true);
      if (missing.length > 0) return Promise.resolve(notApplicable(lab, wrong, missing));
      return timed(lab, `wrong attempt: ${wrong.name}`, async () => {
        const run = await runScenario(lab, registry, wrong);
        if (run.steps?.exitCode !== 0)
          return `the wrong attempt's commands failed (exit ${run.steps?.exitCode}), so it proves nothing; end a command that is meant to fail with \`|| true\`:\n${run.steps?.output}`;
        return caught(wrong, run.report);
      });
    }),
  ];
  return Promise.all(cases);
}

// Seeds, reads the inventory, runs the solution, resets, and compares the inventory with the seeded one.
async function resetRestores(lab: LabDefinition, solution: ShellSteps, registry: TestRegistry): Promise<string> {
  if (!registry.capabilities.deleteManifest && !registry.capabilities.deleteByTag) return "";
  const client = new RegistryClient(registry.url);
  let seeded: Inventory = {};
  let after: Inventory = {};
  const repositories = (prefix: string) => labRepositories(lab).map((r) => `${prefix}/${r}`);
  const run = await runScenario(
    lab,
    registry,
    solution,
    async (session) => {
      seeded = await readInventory(client, repositories(session.prefix));
    },
    async (session, sandbox) => {
      await resetLab(registry.url, registry.capabilities, lab, session);
      await resetWorkspace(lab, session, registry.hostPort);
      await rm(sandbox.answersFile, { force: true });
      after = await readInventory(client, repositories(session.prefix));
    },
  );
  const differences = inventoryDifferences(after, seeded);
  if (differences.length > 0) return `after a reset the registry differs from the seed:\n${differences.join("\n")}`;
  return failsAtStart(run.report);
}

function notApplicable(lab: LabDefinition, wrong: WrongAttemptSpec, missing: readonly string[]): CaseResult {
  const detail = `this registry lacks ${missing.join(", ")}`;
  return { lab: lab.number, name: caseName(lab, `wrong attempt: ${wrong.name}`), status: "n/a", detail, durationMs: 0 };
}

function failsAtStart(report: Report): string {
  const passing = report.tasks.filter((t) => t.points > 0 && t.status === "pass").map((t) => t.id);
  return passing.length === 0 ? "" : `tasks pass before the learner did anything: ${passing.join(", ")}`;
}

function caught(wrong: WrongAttemptSpec, report: Report): string {
  const check = report.tasks.find((t) => t.id === wrong.task)?.checks.find((c) => c.id === wrong.check);
  if (!check) return `check ${wrong.task}/${wrong.check} did not run`;
  if (check.status !== "fail")
    return `check ${wrong.task}/${wrong.check} is ${check.status}, not fail: ${check.summary}`;
  const text = explanation(check).toLowerCase();
  const missing = wrong.diagnosis.filter((word) => !text.includes(word.toLowerCase()));
  return missing.length === 0
    ? ""
    : `the diagnosis lacks ${missing.map((w) => `"${w}"`).join(", ")}: ${explanation(check)}`;
}

function explanation(check: CheckResult): string {
  return [check.summary, check.diagnosis, check.hint].filter(Boolean).join(" ");
}

function failures(report: Report): string {
  return report.tasks
    .flatMap((t) =>
      t.checks.filter((c) => c.status !== "pass").map((c) => `  ${t.id}/${c.id}: ${c.status}: ${explanation(c)}`),
    )
    .join("\n");
}

async function timed(lab: LabDefinition, name: string, body: () => Promise<string>): Promise<CaseResult> {
  const started = performance.now();
  let detail: string;
  try {
    detail = await body();
  } catch (error) {
    detail = `error: ${(error as Error).message}`;
  }
  const status = detail === "" ? "pass" : "fail";
  return {
    lab: lab.number,
    name: caseName(lab, name),
    status,
    detail,
    durationMs: Math.round(performance.now() - started),
  };
}

// A case's name, with the values of the lab's choices it ran with (a lab is tested once per value).
function caseName(lab: LabDefinition, name: string): string {
  const values = Object.entries(lab.chosen).map(([choice, value]) => `${choice}=${value}`);
  return values.length === 0 ? name : `${name} [${values.join(", ")}]`;
}
