import { gradeLab } from "../../grader/grade.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import { type Report, redactHidden } from "../../grader/report.js";
import { checkInputs, recordCheck } from "../commands/check.js";
import type { LabsHome } from "../home.js";
import { recordedSession } from "../lab-session.js";
import type { OpenRegistry } from "../registry/open.js";
import { readState } from "../state/state.js";
import type { Observation } from "./probes.js";
import { recordingSource } from "./recording-source.js";

/** One grading run of the watch: the report, and what it read that can change. */
export interface GradeOutcome {
  readonly report: Report;
  readonly observations: readonly Observation[];
}

// A filter recording the first run and each run whose outcome (status, checks passed) differs from the last
// recorded one: a burst of pushes regrades many times, and the history should show progress, not the burst.
export function outcomeChanges(): (report: Report) => boolean {
  let last: string | undefined;
  return (report) => {
    const outcome = `${report.status} ${report.passed}/${report.total}`;
    const changed = outcome !== last;
    last = outcome;
    return changed;
  };
}

/** The lab being watched and where it lives. */
export interface WatchedLab {
  readonly lab: LabDefinition;
  readonly home: LabsHome;
  readonly env: NodeJS.ProcessEnv;
  readonly registry: OpenRegistry;
}

// Grades the lab exactly as `labs check` does (same inputs, answers read afresh from the state, hidden checks
// redacted) through a recording source. `record` says whether to record the run in the state as `labs check` does.
export async function gradeWatchedLab(watched: WatchedLab, record: (report: Report) => boolean): Promise<GradeOutcome> {
  const { lab, home, env, registry } = watched;
  const state = await readState(home.stateFile);
  const session = await recordedSession(lab, home, state, env);
  const source = recordingSource(registry.client);
  const report = redactHidden(await gradeLab(lab, checkInputs(lab.number, state, session, registry, source)));
  if (record(report)) await recordCheck(home.stateFile, lab.number, report);
  return { report, observations: source.observations() };
}
