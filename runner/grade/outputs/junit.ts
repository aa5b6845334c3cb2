import type { CheckResult, Report } from "../../../grader/report.js";
import { formatJunitDocument, type JunitCase, type JunitOutcome, type JunitSuite } from "../../junit/write-junit.js";
import type { GradeRun, LearnerResult } from "../result.js";
import { formatCheckLines } from "./check-lines.js";
import { bundleDigest, formatSource } from "./provenance.js";

// JUnit XML for a grading run: one suite per learner, one case per check (classname = task id).
// A submission that could not be graded is one case with an <error>.
export function formatGradeJunit(run: GradeRun): string {
  return formatJunitDocument(run.results.map((r) => learnerSuite(run, r)));
}

function learnerSuite(run: GradeRun, result: LearnerResult): JunitSuite {
  const report = result.report;
  const properties = suiteProperties(run, result, report);
  if (!report) {
    const message = result.error ?? "the submission could not be graded";
    const outcome: JunitOutcome = { kind: "error", message, text: message };
    return {
      name: result.learner,
      properties,
      cases: [{ classname: "submission", name: "grade submission", outcome }],
    };
  }
  const cases = report.tasks.flatMap((task) =>
    task.checks.map((check): JunitCase => ({ classname: task.id, name: check.title, outcome: checkOutcome(check) })),
  );
  return { name: result.learner, timeMs: report.durationMs, properties, cases };
}

function suiteProperties(run: GradeRun, result: LearnerResult, report: Report | undefined): [string, string][] {
  const evidence = report?.evidence;
  const digest = bundleDigest(result);
  return [
    ["lab", `${run.lab.number} ${run.lab.slug}: ${run.lab.title}`],
    ["lab version", run.lab.version],
    ["tool version", `${run.tool.name} ${run.tool.version}`],
    ["graded at", report?.gradedAt ?? run.gradedAt],
    ["source", formatSource(result)],
    ...(evidence ? [["evidence", `${evidence.kind}: ${evidence.proves}`] as [string, string]] : []),
    ...(digest ? [["bundle digest", digest] as [string, string]] : []),
  ];
}

function checkOutcome(check: CheckResult): JunitOutcome | undefined {
  const text = formatCheckLines(check, "instructor");
  switch (check.status) {
    case "pass":
      return undefined;
    case "fail":
      return { kind: "failure", message: check.summary, text };
    case "error":
      return { kind: "error", message: check.summary, text };
    case "ungradable":
      return { kind: "skipped", message: "not gradable from a bundle", text };
    case "skipped":
      return { kind: "skipped", message: check.summary, text };
  }
}
