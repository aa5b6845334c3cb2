import { type CheckStatus, redactHidden } from "../../../grader/report.js";
import type { GradeRun, LearnerResult } from "../result.js";
import { formatTaskLines } from "./check-lines.js";

// GitHub Classroom autograding: the JSON a grader action puts, base64-encoded, in its `result` output, which
// `classroom-resources/autograding-grading-reporter` reads from `<RUNNER>_RESULTS` (it sums the tests' `score`
// against the top-level `max_score` and fails the workflow on status fail or error).

type ClassroomStatus = "pass" | "fail" | "error";

/** One test of the result: a task of the lab. */
export interface ClassroomTest {
  readonly name: string;
  readonly status: ClassroomStatus;
  readonly score: number;
  readonly max_score: number;
  readonly message: string;
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
  readonly duration: number;
}

/** The result JSON, format version 1. */
export interface ClassroomResult {
  readonly version: 1;
  readonly status: ClassroomStatus;
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

// One learner's Classroom result: a test per task, hidden checks redacted (the workflow log is the learner's).
export function classroomResult(run: GradeRun, result: LearnerResult): ClassroomResult {
  const shared = { test_code: `labs check ${run.lab.number}`, filename: "", line_no: 0, duration: 0 };
  if (!result.report) {
    const message = `The submission could not be graded (${result.error ?? "no report"}). Make a new bundle with \`labs submit\` and commit it.`;
    return {
      version: 1,
      status: "error",
      max_score: 0,
      tests: [{ name: "grade submission", status: "error", score: 0, max_score: 0, message, ...shared }],
    };
  }
  const report = redactHidden(result.report);
  const tests = report.tasks.map(
    (task): ClassroomTest => ({
      name: task.title,
      status: classroomStatus(task.status),
      score: task.earned,
      max_score: task.points,
      message: formatTaskLines(task, "learner"),
      ...shared,
    }),
  );
  return { version: 1, status: classroomStatus(report.status), max_score: report.points, tests };
}

// The `result=<base64>` line to append to $GITHUB_OUTPUT, so the reporter finds it as the step's `result`.
export function formatClassroomOutputLine(result: ClassroomResult): string {
  return `result=${Buffer.from(JSON.stringify(result), "utf8").toString("base64")}\n`;
}

function classroomStatus(status: CheckStatus): ClassroomStatus {
  return status === "pass" ? "pass" : status === "error" ? "error" : "fail";
}
