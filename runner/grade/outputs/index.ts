import type { GradeRun, LearnerResult } from "../result.js";
import { classroomResult, formatClassroomOutputLine } from "./classroom.js";
import { formatGradeCsv } from "./csv.js";
import { formatGradescope } from "./gradescope.js";
import { formatGradeJson } from "./json.js";
import { formatGradeJunit } from "./junit.js";
import { learnerFileNames } from "./learner-files.js";
import { formatGradeText } from "./text.js";

/** The formats `labs grade --format` writes. */
export const GRADE_OUTPUT_FORMATS = ["text", "json", "junit", "csv", "gradescope", "classroom"] as const;
export type GradeOutputFormat = (typeof GRADE_OUTPUT_FORMATS)[number];

/**
 * A rendered run: one text, or (Gradescope and Classroom, which take one learner each, given several)
 * files by relative path, one folder per learner.
 */
export type GradeOutput = { readonly text: string } | { readonly files: Readonly<Record<string, string>> };

// Renders a run in `format`; per-learner formats give one text for one learner, else a file per learner.
export function renderGradeRun(run: GradeRun, format: GradeOutputFormat): GradeOutput {
  switch (format) {
    case "text":
      return { text: formatGradeText(run) };
    case "json":
      return { text: formatGradeJson(run) };
    case "junit":
      return { text: formatGradeJunit(run) };
    case "csv":
      return { text: formatGradeCsv(run) };
    case "gradescope":
      return perLearner(run, "results.json", (r) => formatGradescope(run, r));
    case "classroom":
      return perLearner(run, "github-output.txt", (r) => formatClassroomOutputLine(classroomResult(run, r)));
  }
}

// Whether `format` is one `renderGradeRun` knows.
export function isGradeOutputFormat(format: string): format is GradeOutputFormat {
  return (GRADE_OUTPUT_FORMATS as readonly string[]).includes(format);
}

function perLearner(run: GradeRun, file: string, render: (r: LearnerResult) => string): GradeOutput {
  const [only] = run.results;
  if (only && run.results.length === 1) return { text: render(only) };
  const names = learnerFileNames(run.results);
  return { files: Object.fromEntries(run.results.map((r, i) => [`${names[i]}/${file}`, render(r)])) };
}
