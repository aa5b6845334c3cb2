// Results of grading: plain JSON-safe data, no colour, no I/O.

/**
 * pass: right; fail: the learner's objects are wrong; error: could not evaluate; skipped: a `needs` failed;
 * ungradable: graded from a bundle, and the check needs the registry's state (tags, absence), which a bundle
 * only claims.
 */
export type CheckStatus = "pass" | "fail" | "error" | "skipped" | "ungradable";

/** What a grading run read: the registry itself, or a submission bundle (content proven, state claimed). */
export interface Evidence {
  readonly kind: "registry" | "bundle";
  /** The bundle's sha256, for a bundle. */
  readonly digest?: string;
  /** One sentence on what the result proves. */
  readonly proves: string;
}

/** The outcome of one check, in a person's words. */
export interface CheckResult {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** One sentence: what was found. */
  readonly summary: string;
  /** What the check wanted, when it may be shown. */
  readonly expected?: string;
  /** What the registry holds. */
  readonly actual?: string;
  /** The mistake recognised from the observed objects, when one was. */
  readonly diagnosis?: string;
  /** What to do next. */
  readonly hint?: string;
  /** A hidden check: learner-facing outputs show only its status (see redactHidden). */
  readonly hidden?: boolean;
}

/** The outcome of one task: its checks, and whether all passed. */
export interface TaskResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly points: number;
  readonly earned: number;
  readonly checks: readonly CheckResult[];
}

/** A whole grading run of one lab. */
export interface Report {
  readonly reportVersion: 1;
  readonly lab: { readonly number: number; readonly slug: string; readonly title: string };
  readonly status: CheckStatus;
  readonly passed: number;
  readonly total: number;
  readonly points: number;
  readonly earned: number;
  readonly tasks: readonly TaskResult[];
  readonly gradedAt: string;
  readonly durationMs: number;
  /** Absent in reports of the learner's own `labs check` (the registry). */
  readonly evidence?: Evidence;
}

// The report as a learner may see it: hidden checks keep their status and title, nothing else.
export function redactHidden(report: Report): Report {
  const redact = (c: CheckResult): CheckResult =>
    c.hidden
      ? {
          id: c.id,
          kind: c.kind,
          title: c.title,
          status: c.status,
          summary: c.status === "pass" ? "passed." : "not passed.",
          hidden: true,
        }
      : c;
  return { ...report, tasks: report.tasks.map((t) => ({ ...t, checks: t.checks.map(redact) })) };
}

// The overall status of a group: error beats fail beats ungradable beats skipped beats pass.
export function combineStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes("error")) return "error";
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("ungradable")) return "ungradable";
  if (statuses.includes("skipped")) return "skipped";
  return "pass";
}
