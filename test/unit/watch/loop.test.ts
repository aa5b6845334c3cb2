import { describe, expect, it } from "vitest";
import type { Report } from "../../../grader/report.js";
import type { GradeOutcome } from "../../../runner/watch/grade-run.js";
import { type LoopHooks, runWatchLoop } from "../../../runner/watch/loop.js";
import type { WatchView } from "../../../runner/watch/screen.js";
import type { KeyAction } from "../../../runner/watch/terminal.js";

function outcome(status: "pass" | "fail"): GradeOutcome {
  const task = { id: "t", title: "T", status, points: 1, earned: 0, checks: [] };
  const report: Report = {
    reportVersion: 1,
    lab: { number: 9, slug: "s", title: "Lab" },
    status,
    passed: 0,
    total: 0,
    points: 1,
    earned: 0,
    tasks: [task],
    gradedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1,
  };
  return { report, observations: [] };
}

// Runs the loop with scripted grading results; returns handles to press keys, notify and read the views.
function startLoop(results: ("pass" | "fail")[]) {
  const views: WatchView[] = [];
  let press: (action: KeyAction) => void = () => {};
  let hooks: LoopHooks | undefined;
  let closed = false;
  let listening = false;
  const done = runWatchLoop({
    lab: { number: 9, title: "Lab" },
    via: "test",
    grade: async () => outcome(results.shift() ?? "fail"),
    output: {
      show: (view) => views.push(view),
      close: () => {
        closed = true;
      },
    },
    startFeeds: async (h) => {
      hooks = h;
      return [];
    },
    listen: (onAction) => {
      press = onAction;
      listening = true;
      return () => {
        listening = false;
      };
    },
  });
  const settled = () => views.filter((v) => !v.checking);
  return {
    done,
    press: (a: KeyAction) => press(a),
    notify: () => hooks?.notify(),
    statuses: () => settled().map((v) => v.lines[0]?.status),
    state: () => ({ closed, listening }),
  };
}

describe("the watch loop", () => {
  it("grades at start, keeps a pass through a later failing run, and drops it on `r`", async () => {
    const loop = startLoop(["fail", "pass", "fail", "fail"]);
    await expect.poll(() => loop.statuses()).toEqual(["fail"]);
    loop.notify();
    await expect.poll(() => loop.statuses()).toEqual(["fail", "pass"]);
    loop.notify();
    await expect.poll(() => loop.statuses()).toEqual(["fail", "pass", "pass"]);
    loop.press("refresh");
    await expect.poll(() => loop.statuses()).toEqual(["fail", "pass", "pass", "fail"]);
    loop.press("quit");
    await loop.done;
    expect(loop.state()).toEqual({ closed: true, listening: false });
  });

  it("quits on `q` without another grading run", async () => {
    const loop = startLoop(["fail"]);
    await expect.poll(() => loop.statuses()).toEqual(["fail"]);
    loop.press("quit");
    await loop.done;
    loop.notify();
    expect(loop.statuses()).toEqual(["fail"]);
    expect(loop.state().closed).toBe(true);
  });
});
