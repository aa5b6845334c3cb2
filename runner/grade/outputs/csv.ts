import type { GradeRun, LearnerResult } from "../result.js";
import { bundleDigest } from "./provenance.js";

// A gradebook CSV (RFC 4180: CRLF rows, quoted fields where needed) that is safe to open in a spreadsheet.

const TRAILING = ["evidence", "bundle digest", "graded at", "error"];

// The gradebook: one row per learner, one column per task (points earned).
export function formatGradeCsv(run: GradeRun): string {
  const taskIds = [...new Set(run.results.flatMap((r) => r.report?.tasks.map((t) => t.id) ?? []))];
  const header = ["learner", "status", "earned", "points", ...taskIds.map((id) => `task ${id}`), ...TRAILING];
  const rows = run.results.map((r) => learnerRow(run, r, taskIds));
  return [...[header, ...rows].map((row) => row.map(formatCsvCell).join(",")), ""].join("\r\n");
}

function learnerRow(run: GradeRun, r: LearnerResult, taskIds: readonly string[]): string[] {
  const report = r.report;
  const earnedBy = new Map(report?.tasks.map((t) => [t.id, String(t.earned)]));
  const evidence = report?.evidence;
  return [
    r.learner,
    report?.status ?? "error",
    report ? String(report.earned) : "",
    report ? String(report.points) : "",
    ...taskIds.map((id) => earnedBy.get(id) ?? ""),
    evidence?.kind ?? r.source.kind,
    bundleDigest(r) ?? "",
    report?.gradedAt ?? run.gradedAt,
    r.error ?? "",
  ];
}

// One field: a cell a spreadsheet would run as a formula (= + - @ tab CR) gets a leading quote, then the
// field is quoted when it holds a quote, comma, CR or LF.
export function formatCsvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
