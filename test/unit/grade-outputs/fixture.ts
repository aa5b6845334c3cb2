import {
  type CheckResult,
  type CheckStatus,
  combineStatus,
  type Report,
  type TaskResult,
} from "../../../grader/report.js";
import type { GradeRun, LearnerResult } from "../../../runner/grade/result.js";

// A grading run covering every outcome the outputs must render, and text chosen to break naive writers.

export const NASTY = 'say "hi", <b>&amp;</b>\nline two\u0007 end';
export const NASTY_LEARNER = '=HYPERLINK("http://evil"),x\n<y>&\u0001';
export const HIDDEN_SECRET = "the answer is sha256:feedface";
export const DIGEST = `sha256:${"ab".repeat(32)}`;
const PROVES = "Graded from a submission bundle: content proven, tags claimed.";

function check(id: string, status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, kind: "tag-exists", title: `check ${id}`, status, summary: `${id} is ${status}.`, ...extra };
}

function task(id: string, points: number, checks: CheckResult[]): TaskResult {
  const status = combineStatus(checks.map((c) => c.status));
  return { id, title: `Task ${id}`, status, points, earned: status === "pass" ? points : 0, checks };
}

function report(tasks: TaskResult[], digest = DIGEST): Report {
  const checks = tasks.flatMap((t) => t.checks);
  return {
    reportVersion: 1,
    lab: { number: 9, slug: "multi-arch", title: "Multi-arch index" },
    status: combineStatus(tasks.map((t) => t.status)),
    passed: checks.filter((c) => c.status === "pass").length,
    total: checks.length,
    points: tasks.reduce((s, t) => s + t.points, 0),
    earned: tasks.reduce((s, t) => s + t.earned, 0),
    tasks,
    gradedAt: "2025-05-01T10:00:00.000Z",
    durationMs: 1250,
    evidence: { kind: "bundle", digest, proves: PROVES },
  };
}

function learner(name: string, r: Report): LearnerResult {
  return { learner: name, source: { kind: "bundle", file: `subs/${name}.bundle`, digest: DIGEST }, report: r };
}

export const PASSING = learner(
  "alice",
  report([task("push", 2, [check("tag", "pass")]), task("index", 3, [check("platforms", "pass")])]),
);

export const FAILING = learner(
  "bob",
  report([
    task("push", 2, [check("tag", "pass")]),
    task("index", 3, [
      check("platforms", "fail", {
        summary: "The index has linux/amd64 only.",
        expected: "linux/amd64, linux/arm64",
        actual: "linux/amd64",
        diagnosis: "You pushed a single-platform image over the index.",
        hint: "Push with `--all`.",
      }),
      check("secret", "fail", {
        hidden: true,
        summary: HIDDEN_SECRET,
        expected: HIDDEN_SECRET,
        actual: HIDDEN_SECRET,
        hint: HIDDEN_SECRET,
      }),
    ]),
  ]),
);

export const UNGRADABLE = learner(
  "carol",
  report([
    task("push", 2, [check("tag", "pass")]),
    task("cleanup", 1, [check("deleted", "ungradable", { summary: "A bundle only claims what was deleted." })]),
  ]),
);

export const INVALID: LearnerResult = {
  learner: "dave.bundle",
  source: { kind: "bundle", file: "subs/dave.bundle" },
  error: "the bundle cannot be graded: not a tar archive",
};

export const NASTY_ONE = learner(
  NASTY_LEARNER,
  report([task("push", 2, [check("tag", "error", { summary: `=${NASTY}`, hint: NASTY })])]),
);

// A run of all five learners.
export function fixtureRun(results: readonly LearnerResult[] = [PASSING, FAILING, UNGRADABLE, INVALID, NASTY_ONE]) {
  const run: GradeRun = {
    gradeVersion: 1,
    lab: { number: 9, slug: "multi-arch", title: "Multi-arch index", version: "1.2.0" },
    tool: { name: "labs", version: "0.1.0" },
    gradedAt: "2025-05-01T10:00:05.000Z",
    results,
  };
  return run;
}
