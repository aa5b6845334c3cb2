import type { Report } from "../../grader/report.js";

// The result of `labs grade`: one entry per learner, versioned, with the tool and lab versions that produced it
// so a regrade can be compared with the original.

/** Where one learner's result came from. */
export type ResultSource =
  | { readonly kind: "bundle"; readonly file: string; readonly digest?: string }
  | { readonly kind: "registry"; readonly url: string; readonly prefix: string };

/** What the learner's own tool recorded (claims, shown for context, never graded). */
export interface LearnerProgress {
  /** Hints shown per task id. */
  readonly hints: Readonly<Record<string, number>>;
  /** `labs check` runs before submitting. */
  readonly attempts: number;
  /** Whether `labs solution` showed the solution before submitting. */
  readonly solutionShown?: boolean;
}

/** One learner's grading. `report` is absent when the submission could not be graded at all (`error` says why). */
export interface LearnerResult {
  readonly learner: string;
  readonly source: ResultSource;
  readonly report?: Report;
  readonly error?: string;
  readonly progress?: LearnerProgress;
}

/** A whole `labs grade` run. */
export interface GradeRun {
  readonly gradeVersion: 1;
  readonly lab: { readonly number: number; readonly slug: string; readonly title: string; readonly version: string };
  readonly tool: { readonly name: string; readonly version: string };
  readonly gradedAt: string;
  readonly results: readonly LearnerResult[];
}
