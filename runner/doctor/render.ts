// `labs doctor` output: one line per check (a glyph and a word, the finding, what to do), or the JSON report.

import type { ChalkInstance } from "chalk";
import { GLYPH } from "../ui/style.js";
import type { DoctorReport } from "./runner.js";
import type { DoctorResult, DoctorStatus } from "./types.js";

const WORD_WIDTH = 4;

// The learner-facing text: each check on its line; evidence and multi-line fixes indented under problems.
export function renderDoctor(report: DoctorReport, c: ChalkInstance): string {
  const lines = report.checks.flatMap((result) => renderResult(result, c));
  const counts = (status: DoctorStatus) => report.checks.filter((r) => r.status === status).length;
  const fails = counts("fail");
  const total = fails > 0 ? c.red(`${fails} problem(s) block the labs.`) : c.green("Nothing blocks the labs.");
  lines.push("", `${total} ${counts("warn")} warning(s), ${counts("ok")} ok, ${counts("info")} note(s).`);
  return `${lines.join("\n")}\n`;
}

// The JSON form: every field present, `null` where a check has nothing to say.
export function renderDoctorJson(report: DoctorReport): string {
  const checks = report.checks.map((r) => ({
    id: r.id,
    status: r.status,
    summary: r.summary,
    detail: r.detail ?? null,
    fix: r.fix ?? null,
  }));
  return `${JSON.stringify({ schemaVersion: report.schemaVersion, checks }, null, 2)}\n`;
}

function renderResult(result: DoctorResult, c: ChalkInstance): string[] {
  const [firstFix, ...moreFix] = (result.fix ?? "").split("\n");
  const head = `${mark(result.status, c)} ${result.summary}${firstFix ? ` ${c.cyan("→")} ${firstFix}` : ""}`;
  const indent = " ".repeat(WORD_WIDTH + 3);
  const lines = [head, ...moreFix.map((line) => `${indent}${line}`)];
  if (result.detail && (result.status === "warn" || result.status === "fail")) {
    lines.push(...result.detail.split("\n").map((line) => c.dim(`${indent}${line}`)));
  }
  return lines;
}

// A glyph and a word for a status; colour only adds to them.
function mark(status: DoctorStatus, c: ChalkInstance): string {
  const word = status.padEnd(WORD_WIDTH);
  switch (status) {
    case "ok":
      return c.green(`${GLYPH.pass} ${word}`);
    case "info":
      return c.blue(`${GLYPH.info} ${word}`);
    case "warn":
      return c.yellow(`${GLYPH.error} ${word}`);
    default:
      return c.red(`${GLYPH.fail} ${word}`);
  }
}
