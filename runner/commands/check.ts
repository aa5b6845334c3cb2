import { type GradeOptions, gradeLab } from "../../grader/grade.js";
import type { ObjectSource } from "../../grader/registry/source.js";
import { type Report, redactHidden } from "../../grader/report.js";
import { parseCommandArgs } from "../args.js";
import { CREDENTIAL_OPTIONS } from "../credentials/flags.js";
import { EXIT, type ExitCode } from "../errors.js";
import { fillText } from "../lab-file/template.js";
import { type LabSession, sessionValues } from "../lab-session.js";
import type { OpenRegistry } from "../registry/open.js";
import { sandboxedShell } from "../selftest/shell-runner.js";
import { type LabsState, type TaskProgress, updateState } from "../state/state.js";
import { renderReport } from "../ui/render-report.js";
import { paint } from "../ui/style.js";
import { workspaceReader } from "../workspace/reader.js";
import type { Command } from "./context.js";
import { openLab } from "./open-lab.js";

const usage = "labs check [N] [--json] [--username NAME --password-stdin]";
const HISTORY_LIMIT = 200;

// `labs check`: grades the current state of the registry and workspace against the lab's checks.
export const checkCommand: Command = {
  meta: {
    name: "check",
    summary: "Check your work: what is right, what is wrong, and why",
    usage,
    examples: ["labs check", "labs check 9 --json"],
  },
  async run(args, ctx) {
    const options = { json: { type: "boolean" }, ...CREDENTIAL_OPTIONS } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const { home, state, number, lab, registry, session } = await openLab(positionals[0], values, ctx, usage);
    const report = redactHidden(await gradeLab(lab, checkInputs(number, state, session, registry)));
    await recordCheck(home.stateFile, number, report);
    if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      ctx.stdout.write(renderReport(report, paint(ctx.stdout, ctx.env)));
      const textValues = { registry: registry.record.hostPort, prefix: session.prefix, workspace: session.workspace };
      if (report.status === "pass") ctx.stdout.write(`\n${fillText(lab.debrief, textValues).trimEnd()}\n`);
    }
    return exitFor(report);
  },
};

// What grading lab N reads, as `labs check` grades it; `labs watch` passes a source that records its reads.
export function checkInputs(
  number: number,
  state: LabsState,
  session: LabSession,
  registry: OpenRegistry,
  source: ObjectSource = registry.client,
): GradeOptions {
  return {
    source,
    prefix: session.prefix,
    seed: session.facts,
    answers: new Map(Object.entries(state.labs[String(number)]?.answers ?? {})),
    workspace: workspaceReader(session.workspace),
    shell: sandboxedShell(),
    values: sessionValues(session, registry.record.hostPort, number),
  };
}

function exitFor(report: Report): ExitCode {
  if (report.status === "pass") return EXIT.ok;
  if (report.status === "error") return EXIT.environment;
  return EXIT.checksFailed;
}

// Records one grading run in lab N's progress (count, last run, history, first pass), under the state lock.
export async function recordCheck(stateFile: string, number: number, report: Report): Promise<void> {
  await updateState(stateFile, (state) => {
    const key = String(number);
    const progress = state.labs[key];
    if (!progress) return state;
    const run = { at: report.gradedAt, status: report.status, passed: report.passed, total: report.total };
    const history = [...(progress.history ?? []), run].slice(-HISTORY_LIMIT);
    const passedAt = progress.passedAt ?? (report.status === "pass" ? report.gradedAt : undefined);
    const tasks = taskProgress(progress.tasks ?? {}, report);
    return {
      ...state,
      labs: {
        ...state.labs,
        [key]: { ...progress, checks: progress.checks + 1, lastCheck: run, history, passedAt, tasks },
      },
    };
  });
}

// Each task's status now, and the attempts and time of its first pass (kept once passed).
function taskProgress(previous: Readonly<Record<string, TaskProgress>>, report: Report): Record<string, TaskProgress> {
  const out: Record<string, TaskProgress> = { ...previous };
  for (const task of report.tasks) {
    const before = previous[task.id];
    const passed = before?.passedAt !== undefined;
    out[task.id] = {
      status: task.status,
      attempts: passed ? before.attempts : (before?.attempts ?? 0) + 1,
      ...(passed ? { passedAt: before.passedAt } : task.status === "pass" ? { passedAt: report.gradedAt } : {}),
    };
  }
  return out;
}
