import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { Report } from "../../../grader/report.js";
import { recordCheck } from "../../../runner/commands/check.js";
import { taskLines } from "../../../runner/commands/status.js";
import { readState, writeState } from "../../../runner/state/state.js";

const report = (at: string, statuses: Record<string, "pass" | "fail">): Report => ({
  reportVersion: 1,
  lab: { number: 9, slug: "x", title: "X" },
  status: Object.values(statuses).every((s) => s === "pass") ? "pass" : "fail",
  passed: 0,
  total: 0,
  points: 0,
  earned: 0,
  tasks: Object.entries(statuses).map(([id, status]) => ({ id, title: id, status, points: 1, earned: 0, checks: [] })),
  gradedAt: at,
  durationMs: 1,
});

describe("progress per task", () => {
  it("counts the checks each task took until it first passed, and keeps that pass", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "labs-state-")), "state.json");
    const state = await readState(file);
    await writeState(file, {
      ...state,
      labs: { "9": { startedAt: "2026-01-01T10:00:00.000Z", prefix: "lab09", checks: 0 } },
    });
    await recordCheck(file, 9, report("2026-01-01T10:05:00.000Z", { a: "fail", b: "fail" }));
    await recordCheck(file, 9, report("2026-01-01T10:12:00.000Z", { a: "pass", b: "fail" }));
    await recordCheck(file, 9, report("2026-01-01T10:20:00.000Z", { a: "fail", b: "fail" }));
    const progress = (await readState(file)).labs["9"]!;
    expect(progress.tasks).toEqual({
      a: { status: "fail", attempts: 2, passedAt: "2026-01-01T10:12:00.000Z" },
      b: { status: "fail", attempts: 3 },
    });
    const lines = taskLines(
      { ...progress, hints: { b: ["t1", "t2"] } },
      undefined,
      new Date("2026-01-01T11:30:00.000Z"),
      new Chalk({ level: 0 }),
    );
    expect(lines).toEqual([
      "✔ passed a (a): 2 checks, 0 hints, took 12 min",
      "✘ not yet b (b): 3 checks, 2 hints, working for 1 h 30 min",
    ]);
  });
});
