import { Chalk } from "chalk";
import { mark } from "../../ui/render-report.js";
import { GLYPH } from "../../ui/style.js";
import type { GradeRun, LearnerResult } from "../result.js";

const plain = new Chalk({ level: 0 });

// A summary table for people: a line per learner with a glyph and word, points, and the tasks not passed.
// Learner ids and errors come from submissions, so control characters are shown escaped, never sent to a terminal.
export function formatGradeText(run: GradeRun): string {
  const rows = run.results.map((r) => [learnerMark(r), printable(r.learner), learnerDetail(r)] as const);
  const markWidth = Math.max(0, ...rows.map(([m]) => m.length));
  const nameWidth = Math.max(0, ...rows.map(([, name]) => name.length));
  const lines = rows.map(([m, name, detail]) => `${m.padEnd(markWidth)}  ${name.padEnd(nameWidth)}  ${detail}`);
  const graded = run.results.filter((r) => r.report).length;
  const passed = run.results.filter((r) => r.report?.status === "pass").length;
  const footer = `Lab ${run.lab.number} ${run.lab.slug} ${run.lab.version}: ${run.results.length} submissions, ${passed} passed, ${run.results.length - graded} could not be graded.`;
  return `${[...lines, "", footer].join("\n")}\n`;
}

function learnerMark(r: LearnerResult): string {
  return r.report ? mark(r.report.status, plain) : `${GLYPH.error} ERROR`;
}

function learnerDetail(r: LearnerResult): string {
  if (!r.report) return printable(r.error ?? "the submission could not be graded");
  const notPassed = r.report.tasks.filter((t) => t.status !== "pass").map((t) => printable(t.id));
  const points = `${r.report.earned}/${r.report.points}`;
  return notPassed.length === 0 ? points : `${points}  not passed: ${notPassed.join(", ")}`;
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
