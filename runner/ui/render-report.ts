import type { ChalkInstance } from "chalk";
import type { CheckResult, CheckStatus, Report, TaskResult } from "../../grader/report.js";
import { GLYPH } from "./style.js";

// The learner-facing text of a grading report: each task, each check, and what to do next.
export function renderReport(report: Report, c: ChalkInstance): string {
  const lines = [c.bold(`Lab ${report.lab.number}: ${report.lab.title}`), ""];
  if (report.evidence) lines.push(c.dim(report.evidence.proves), "");
  for (const task of report.tasks) lines.push(...renderTask(task, c), "");
  lines.push(renderTotals(report, c));
  return `${lines.join("\n")}\n`;
}

function renderTask(task: TaskResult, c: ChalkInstance): string[] {
  const head = `${mark(task.status, c)} ${c.bold(task.title)} ${c.dim(`(${task.id}, ${task.earned}/${task.points} points)`)}`;
  return [head, ...task.checks.flatMap((check) => renderCheck(check, c))];
}

function renderCheck(check: CheckResult, c: ChalkInstance): string[] {
  const lines = [`    ${mark(check.status, c)} ${check.title}: ${check.summary}`];
  if (check.status === "pass" || check.status === "skipped" || check.status === "ungradable") return lines;
  if (check.expected) lines.push(`        expected: ${check.expected}`);
  if (check.actual) lines.push(`        actual:   ${check.actual}`);
  if (check.diagnosis) lines.push(`        why:      ${check.diagnosis}`);
  if (check.hint) lines.push(`        ${c.cyan("hint:")}     ${check.hint}`);
  return lines;
}

function renderTotals(report: Report, c: ChalkInstance): string {
  const text = `${report.passed}/${report.total} checks passed, ${report.earned}/${report.points} points`;
  if (report.status === "pass") return c.green(`${GLYPH.pass} PASS  ${text}. Well done.`);
  if (report.status === "error") return c.yellow(`${GLYPH.error} ERROR ${text}; some checks could not run.`);
  return c.red(`${GLYPH.fail} FAIL  ${text}.`);
}

// A glyph and a word for a status, coloured when colour is on.
export function mark(status: CheckStatus, c: ChalkInstance): string {
  switch (status) {
    case "pass":
      return c.green(`${GLYPH.pass} pass`);
    case "fail":
      return c.red(`${GLYPH.fail} FAIL`);
    case "error":
      return c.yellow(`${GLYPH.error} ERROR`);
    case "ungradable":
      return c.dim(`${GLYPH.skipped} not gradable from a bundle`);
    default:
      return c.dim(`${GLYPH.skipped} skipped`);
  }
}
