import { graphComplete } from "./graph-complete.js";
import type { CheckKind } from "./kind.js";
import { sameDigest } from "./same-digest.js";
import { sameObjects } from "./same-objects.js";
import { tagUnchanged } from "./tag-unchanged.js";

/** Every check kind, by name: the single list of kinds. */
export const CHECKS: ReadonlyMap<string, CheckKind<unknown>> = new Map(
  [sameDigest, graphComplete, sameObjects, tagUnchanged].map((k) => [k.kind, k as CheckKind<unknown>]),
);

export type { CheckKind, CheckOutcome, CheckScope, FieldProblem } from "./kind.js";
export type { GradeContext, SeedChild, SeedFact } from "./context.js";
