import { redactHidden } from "../../../grader/report.js";
import type { GradeRun, LearnerResult } from "../result.js";
import { formatTaskLines } from "./check-lines.js";
import { bundleDigest } from "./provenance.js";

/** One Gradescope test: a task of the lab. */
export interface GradescopeTest {
  readonly name: string;
  readonly number: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: "passed" | "failed";
  readonly output: string;
  readonly visibility: "visible";
}

/** Gradescope's `results.json` (autograder specification), for one submission. */
export interface GradescopeResults {
  readonly score: number;
  readonly output: string;
  readonly visibility: "visible";
  readonly stdout_visibility: "hidden";
  readonly tests: readonly GradescopeTest[];
  readonly extra_data: Readonly<Record<string, string>>;
}

// One learner's Gradescope results: a test per task (score = earned, max_score = points), hidden checks redacted.
export function gradescopeResults(run: GradeRun, result: LearnerResult): GradescopeResults {
  if (!result.report) return assemble(run, result, 0, ungradedOutput(result), []);
  const report = redactHidden(result.report);
  const tests = report.tasks.map(
    (task, i): GradescopeTest => ({
      name: task.title,
      number: String(i + 1),
      score: task.earned,
      max_score: task.points,
      status: task.status === "pass" ? "passed" : "failed",
      output: formatTaskLines(task, "learner"),
      visibility: "visible",
    }),
  );
  const score = tests.reduce((sum, t) => sum + t.score, 0);
  const header = `Lab ${run.lab.number}, ${run.lab.title}: ${score}/${report.points} points.`;
  return assemble(run, result, score, [header, report.evidence?.proves].filter(Boolean).join("\n"), tests);
}

function assemble(
  run: GradeRun,
  result: LearnerResult,
  score: number,
  output: string,
  tests: readonly GradescopeTest[],
): GradescopeResults {
  const digest = bundleDigest(result);
  const extra_data = {
    learner: result.learner,
    lab: `${run.lab.number} ${run.lab.slug}`,
    labVersion: run.lab.version,
    tool: `${run.tool.name} ${run.tool.version}`,
    ...(digest ? { bundleDigest: digest } : {}),
  };
  return { score, output, visibility: "visible", stdout_visibility: "hidden", tests, extra_data };
}

// results.json text for one learner.
export function formatGradescope(run: GradeRun, result: LearnerResult): string {
  return `${JSON.stringify(gradescopeResults(run, result), null, 2)}\n`;
}

function ungradedOutput(result: LearnerResult): string {
  return `Your submission could not be graded (${result.error ?? "no report"}). Make a new bundle with \`labs submit\` and upload it; if this happens again, tell your instructor.`;
}
