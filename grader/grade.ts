import { loadCheckKinds } from "./checks/catalog.js";
import { type GradeContext, memoManifests, memoWalks, type SeedFact } from "./checks/context.js";
import type { AnswerValue, ShellRunner, ShowExpected, WorkspaceReader } from "./checks/inputs.js";
import type { CheckScope } from "./checks/kind.js";
import type { CheckSpec, LabDefinition, TaskSpec } from "./lab/types.js";
import { createDeadline } from "./oci/deadline.js";
import { DEFAULT_LIMITS, type Limits } from "./oci/limits.js";
import type { ObjectSource } from "./registry/source.js";
import {
  type CheckResult,
  type CheckStatus,
  combineStatus,
  type Evidence,
  type Report,
  type TaskResult,
} from "./report.js";

/** Where and against what a lab is graded. */
export interface GradeOptions {
  readonly source: ObjectSource;
  readonly prefix: string;
  readonly seed: ReadonlyMap<string, SeedFact>;
  readonly answers?: ReadonlyMap<string, AnswerValue>;
  readonly workspace?: WorkspaceReader;
  readonly shell?: ShellRunner;
  readonly values?: Readonly<Record<string, string>>;
  readonly limits?: Limits;
  /** Restricts grading to these task ids (and what they need). */
  readonly tasks?: readonly string[];
  readonly now?: () => Date;
  /** Set when grading a submission bundle: checks that need the registry's state become `ungradable`. */
  readonly evidence?: Evidence;
}

// Grades every task of a lab against the objects in `source`; learner mistakes become results, never exceptions.
export async function gradeLab(lab: LabDefinition, options: GradeOptions): Promise<Report> {
  const started = performance.now();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = createDeadline(limits.gradingDeadlineMs);
  const ctx: GradeContext = {
    source: options.source,
    prefix: options.prefix,
    seed: options.seed,
    limits,
    deadline,
    manifest: memoManifests(options.source, options.prefix),
    walk: memoWalks(options.source, options.prefix, limits, deadline),
    answers: options.answers ?? new Map(),
    fromBundle: options.evidence?.kind === "bundle",
    workspace: options.workspace,
    shell: options.shell,
    values: options.values ?? {},
  };
  const scope: CheckScope = { seedNames: new Set(options.seed.keys()), answerKeys: new Set(Object.keys(lab.answers)) };
  const statusById = new Map<string, CheckStatus>();
  const tasks: TaskResult[] = [];
  for (const task of lab.tasks) {
    if (options.tasks && !options.tasks.includes(task.id)) continue;
    const result = await gradeTask(task, ctx, scope, statusById);
    statusById.set(task.id, result.status);
    tasks.push(result);
  }
  const checks = tasks.flatMap((t) => t.checks);
  return {
    reportVersion: 1,
    lab: { number: lab.number, slug: lab.slug, title: lab.title },
    status: combineStatus(tasks.map((t) => t.status)),
    passed: checks.filter((c) => c.status === "pass").length,
    total: checks.length,
    points: tasks.reduce((sum, t) => sum + t.points, 0),
    earned: tasks.reduce((sum, t) => sum + t.earned, 0),
    tasks,
    gradedAt: (options.now?.() ?? new Date()).toISOString(),
    durationMs: Math.round(performance.now() - started),
    ...(options.evidence ? { evidence: options.evidence } : {}),
  };
}

async function gradeTask(
  task: TaskSpec,
  ctx: GradeContext,
  scope: CheckScope,
  statusById: ReadonlyMap<string, CheckStatus>,
): Promise<TaskResult> {
  const blocked = task.needs.filter((id) => statusById.get(id) !== "pass");
  const checks = blocked.length
    ? task.checks.map((c) => skipped(c, blocked))
    : await Promise.all(task.checks.map((c) => runCheck(c, ctx, scope)));
  const status = combineStatus(checks.map((c) => c.status));
  return {
    id: task.id,
    title: task.title,
    status,
    points: task.points,
    earned: status === "pass" ? task.points : 0,
    checks,
  };
}

function skipped(check: CheckSpec, blockedBy: readonly string[]): CheckResult {
  return {
    id: check.id,
    kind: check.kind,
    title: check.title ?? check.kind,
    status: "skipped",
    summary: `not checked until ${blockedBy.map((id) => `\`${id}\``).join(", ")} passes.`,
  };
}

// Runs one check; anything thrown (registry down, a bound exceeded, a timeout) becomes an `error` result.
export async function runCheck(check: CheckSpec, ctx: GradeContext, scope: CheckScope): Promise<CheckResult> {
  const base = {
    id: check.id,
    kind: check.kind,
    title: check.title ?? check.kind,
    ...(check.hidden === true ? { hidden: true } : {}),
  };
  const kind = (await loadCheckKinds([check.kind])).get(check.kind);
  if (!kind) return { ...base, status: "error", summary: `unknown check kind "${check.kind}"` };
  const { spec, problems } = kind.validate(check, scope);
  if (!spec)
    return { ...base, status: "error", summary: `invalid check: ${problems.map((p) => p.message).join("; ")}` };
  if (ctx.fromBundle && kind.gradableFromBundle === false)
    return {
      ...base,
      status: "ungradable",
      summary:
        "not gradable from a bundle: it needs the registry's state (tags, deletions), which a bundle only claims.",
    };
  try {
    ctx.deadline.check();
    const outcome = await kind.run(spec, ctx);
    const show = (check.showExpected as ShowExpected | undefined) ?? kind.showExpected ?? "always";
    const hideExpected = show === "never" || (show === "after-pass" && outcome.status !== "pass");
    return { ...base, ...outcome, expected: hideExpected ? undefined : outcome.expected };
  } catch (error) {
    return { ...base, status: "error", summary: `could not check: ${errorMessage(error)}` };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
