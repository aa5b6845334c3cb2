import type { GradeRun } from "../result.js";

// Keys written first, in this order, wherever they occur; every other key follows in code-point order.
const LEADING_KEYS = ["gradeVersion", "reportVersion", "learner", "id", "title", "status"];

// The run as pretty-printed JSON with a stable key order, so two runs diff cleanly whatever built them.
export function formatGradeJson(run: GradeRun): string {
  return `${JSON.stringify(run, (_key, value: unknown) => (isPlainObject(value) ? sortKeys(value) : value), 2)}\n`;
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string) => {
    const i = LEADING_KEYS.indexOf(key);
    return i === -1 ? LEADING_KEYS.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, value[key]]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
