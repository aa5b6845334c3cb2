import type { CheckResult } from "../report.js";
import type { GradeContext } from "./context.js";
import type { ShowExpected } from "./inputs.js";

/** A problem in a check's fields, at a path relative to the check (for file:line:col reporting). */
export interface FieldProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What the loader knows when it validates a check: the names of seeded objects and of declared answers. */
export interface CheckScope {
  readonly seedNames: ReadonlySet<string>;
  readonly answerKeys: ReadonlySet<string>;
}

/** What a check returns; the grader adds id, kind and title. */
export type CheckOutcome = Omit<CheckResult, "id" | "kind" | "title">;

/** One check kind: how its fields are validated and how it runs. Learner mistakes never throw. */
export interface CheckKind<S> {
  readonly kind: string;
  /** One line for `labs validate` and docs. */
  readonly summary: string;
  /** When this kind's expected value may be shown unless the check says otherwise (answers: never). */
  readonly showExpected?: ShowExpected;
  /** Whether a submission bundle can grade it (false when it needs the registry's state: tags, absence). */
  readonly gradableFromBundle?: boolean;
  /** Validates the raw fields of a check of this kind; returns the typed spec when there are no problems. */
  validate(fields: Readonly<Record<string, unknown>>, scope: CheckScope): { spec?: S; problems: FieldProblem[] };
  run(spec: S, ctx: GradeContext): Promise<CheckOutcome>;
}

// Helps TypeScript keep each kind's spec type while storing kinds in one table.
export function defineCheck<S>(kind: CheckKind<S>): CheckKind<S> {
  return kind;
}
