import type { CheckKind } from "./kind.js";
import { CONTENT_CHECKS } from "./kinds-content.js";
import { OBJECT_CHECKS } from "./kinds-objects.js";

/** Every check kind, by name: the single table of kinds. */
export const CHECKS: ReadonlyMap<string, CheckKind<unknown>> = new Map(
  [...OBJECT_CHECKS, ...CONTENT_CHECKS].map((k) => [k.kind, k as CheckKind<unknown>]),
);

export type { GradeContext, SeedChild, SeedFact } from "./context.js";
export type { AnswerValue, ShellRunner, ShowExpected, WorkspaceReader } from "./inputs.js";
export type { CheckKind, CheckOutcome, CheckScope, FieldProblem } from "./kind.js";
