import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { CheckResult, CheckStatus, Report, TaskResult } from "../../../grader/report.js";
import { applyReport, changedLines } from "../../../runner/watch/display.js";
import { renderChange, renderScreen } from "../../../runner/watch/screen.js";

const plain = new Chalk({ level: 0 });

function check(id: string, status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, kind: "same-digest", title: id, status, summary: `${id} is ${status}`, ...extra };
}

function task(id: string, checks: CheckResult[], points = 1): TaskResult {
  const status = checks.some((c) => c.status === "fail") ? "fail" : "pass";
  return { id, title: `Task ${id}`, status, points, earned: status === "pass" ? points : 0, checks };
}

function report(...tasks: TaskResult[]): Report {
  return {
    reportVersion: 1,
    lab: { number: 9, slug: "mirror", title: "Mirror" },
    status: tasks.every((t) => t.status === "pass") ? "pass" : "fail",
    passed: 0,
    total: 0,
    points: 0,
    earned: 0,
    tasks,
    gradedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1,
  };
}

const passing = task("mirror", [check("same-digest", "pass")], 2);
const failing = task("mirror", [
  check("same-digest", "pass"),
  check("complete", "fail", { diagnosis: "blob missing" }),
  check("other", "fail"),
]);

describe("the watch display", () => {
  it("keeps a passed task passed on later runs until a fresh run", () => {
    const first = applyReport([], report(passing), true);
    expect(first[0]).toMatchObject({ status: "pass", held: false });
    const later = applyReport(first, report(failing), false);
    expect(later[0]).toMatchObject({ status: "pass", held: true, note: undefined });
    const refreshed = applyReport(later, report(failing), true);
    expect(refreshed[0]).toMatchObject({ status: "fail", held: false, note: "complete: blob missing" });
  });

  it("turns a failing task green as soon as a run passes it", () => {
    const first = applyReport([], report(failing), true);
    expect(first[0]?.status).toBe("fail");
    const next = applyReport(first, report(passing), false);
    expect(next[0]).toMatchObject({ status: "pass", held: false });
    expect(changedLines(first, next).map((l) => l.id)).toEqual(["mirror"]);
  });

  it("notes the first failing check, its summary when it has no diagnosis", () => {
    const lines = applyReport([], report(task("t", [check("a", "fail"), check("b", "fail")])), true);
    expect(lines[0]?.note).toBe("a: a is fail");
  });

  it("reports no change when a run finds the same", () => {
    const first = applyReport([], report(failing), true);
    expect(changedLines(first, applyReport(first, report(failing), false))).toEqual([]);
  });

  it("draws glyph and word for each task, never colour alone", () => {
    const lines = applyReport([], report(passing, { ...failing, id: "legacy", title: "Task legacy" }), true);
    const view = { lab: { number: 9, title: "Mirror" }, via: "registry events", lines, checking: false };
    expect(renderScreen(view, plain, 80)).toMatchInlineSnapshot(`
      "Lab 9: Mirror
      watching (registry events)

      ✔ pass    Task mirror  2 points
      ✘ FAIL    Task legacy  1 point
              complete: blob missing

      1/2 tasks passed, 2/3 points
      r check afresh · q quit
      "
    `);
  });

  it("prints one line per change for pipes", () => {
    const [line] = applyReport([], report(failing), true);
    const at = new Date(2025, 0, 1, 12, 30, 5);
    expect(renderChange(line!, at, plain)).toBe(
      "[12:30:05] ✘ FAIL  Task mirror (mirror, 1 point): complete: blob missing\n",
    );
  });
});
