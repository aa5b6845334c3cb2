import { Chalk } from "chalk";
import type { CheckResult, TaskResult } from "../../../grader/report.js";
import { mark } from "../../ui/render-report.js";
import { GLYPH } from "../../ui/style.js";

const plain = new Chalk({ level: 0 });

/** Who reads the text: a learner sees a hidden check's title and whether it passed, nothing else. */
export type Audience = "learner" | "instructor";

// One check as plain text: glyph and word, title and summary, then expected, actual, diagnosis and hint lines.
export function formatCheckLines(check: CheckResult, audience: Audience): string {
  if (check.hidden && audience === "learner")
    return `${check.status === "pass" ? mark("pass", plain) : `${GLYPH.fail} not passed`}  ${check.title} (hidden check)`;
  const details = (
    [
      ["expected", check.expected],
      ["actual", check.actual],
      ["diagnosis", check.diagnosis],
      ["hint", check.hint],
    ] as const
  ).flatMap(([label, value]) => (value ? [`    ${label}: ${value}`] : []));
  const hidden = check.hidden ? " (hidden from learners)" : "";
  return [`${mark(check.status, plain)}  ${check.title}${hidden}: ${check.summary}`, ...details].join("\n");
}

// A task's checks as plain text, one block per check.
export function formatTaskLines(task: TaskResult, audience: Audience): string {
  return task.checks.map((check) => formatCheckLines(check, audience)).join("\n");
}
