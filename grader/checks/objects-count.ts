import type { FieldProblem } from "./kind.js";
import { optionalIntegerField } from "./objects-fields.js";

// A count rule shared by kinds that count things (referrers, attestations, layers): `count`, or `min`/`max`.

/** How many are wanted: exactly `count`, or between `min` and `max` (either may be absent). */
export interface CountRule {
  readonly count?: number;
  readonly min?: number;
  readonly max?: number;
}

// Reads `count` or `min`/`max`; `required` asks for at least one of them.
export function countRuleField(
  fields: Readonly<Record<string, unknown>>,
  problems: FieldProblem[],
  required: boolean,
): CountRule | undefined {
  const before = problems.length;
  const count = optionalIntegerField(fields, "count", problems);
  const min = optionalIntegerField(fields, "min", problems);
  const max = optionalIntegerField(fields, "max", problems);
  if (count !== undefined && (min !== undefined || max !== undefined)) {
    problems.push({ path: ["count"], message: "give `count`, or `min` and/or `max`, not both" });
  }
  if (min !== undefined && max !== undefined && min > max) {
    problems.push({ path: ["min"], message: "`min` is larger than `max`" });
  }
  if (required && count === undefined && min === undefined && max === undefined && problems.length === before) {
    problems.push({ path: [], message: "give `count`, or `min` and/or `max`" });
  }
  if (problems.length > before) return undefined;
  return {
    ...(count === undefined ? {} : { count }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}

// True when `n` satisfies the rule (an empty rule accepts anything).
export function countSatisfies(rule: CountRule, n: number): boolean {
  if (rule.count !== undefined) return n === rule.count;
  return (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
}

// True when the rule says nothing.
export function isEmptyCountRule(rule: CountRule): boolean {
  return rule.count === undefined && rule.min === undefined && rule.max === undefined;
}

// "exactly 2", "at least 1", "between 1 and 3", "at most 0".
export function describeCountRule(rule: CountRule): string {
  if (rule.count !== undefined) return `exactly ${rule.count}`;
  if (rule.min !== undefined && rule.max !== undefined) return `between ${rule.min} and ${rule.max}`;
  if (rule.min !== undefined) return `at least ${rule.min}`;
  if (rule.max !== undefined) return `at most ${rule.max}`;
  return "any number of";
}

// Whether a count fell short of the rule (rather than over it).
export function countTooLow(rule: CountRule, n: number): boolean {
  const low = rule.count ?? rule.min;
  return low !== undefined && n < low;
}
