import type { CheckStatus, Report, TaskResult } from "../../grader/report.js";

/** One task as the watch shows it. */
export interface TaskLine {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly status: CheckStatus;
  /** The first failing check's short diagnosis (or summary); none when the task passed. */
  readonly note?: string;
  /** Passed in an earlier run and kept as passed, whatever later runs found. */
  readonly held: boolean;
}

// The lines after a grading run. A task shown as passed stays passed unless the run is `fresh` (the learner
// pressed `r`, or the watch just started): learners see progress, never a green line turning red under them.
export function applyReport(previous: readonly TaskLine[], report: Report, fresh: boolean): TaskLine[] {
  const before = new Map(previous.map((line) => [line.id, line]));
  return report.tasks.map((task) => {
    const old = before.get(task.id);
    if (!fresh && old?.status === "pass") return { ...taskLine(task), status: "pass", note: undefined, held: true };
    return taskLine(task);
  });
}

// The lines whose status or note differ from before (what non-TTY output prints).
export function changedLines(previous: readonly TaskLine[], next: readonly TaskLine[]): TaskLine[] {
  const before = new Map(previous.map((line) => [line.id, line]));
  return next.filter((line) => {
    const old = before.get(line.id);
    return old === undefined || old.status !== line.status || old.note !== line.note;
  });
}

function taskLine(task: TaskResult): TaskLine {
  const failing = task.checks.find((c) => c.status === "fail" || c.status === "error");
  const skipped = task.checks.find((c) => c.status === "skipped");
  const note = failing ? `${failing.title}: ${failing.diagnosis ?? failing.summary}` : skipped?.summary;
  return {
    id: task.id,
    title: task.title,
    points: task.points,
    status: task.status,
    note: task.status === "pass" ? undefined : note,
    held: false,
  };
}
